package dev.jdock.cli.command.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.api.types.container.PortBinding;
import dev.jdock.cli.core.CliException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortSpecsTest {
    @Test
    void dockerForms() {
        Map<String, List<PortBinding>> m = PortSpecs.parse(List.of("8080:80", "127.0.0.1:9000:90/udp", "443",
                "127.0.0.1::53"));
        assertEquals(List.of(new PortBinding("", "8080")), m.get("80/tcp"));
        assertEquals(List.of(new PortBinding("127.0.0.1", "9000")), m.get("90/udp"));
        assertEquals(List.of(new PortBinding("", "")), m.get("443/tcp"));
        assertEquals(List.of(new PortBinding("127.0.0.1", "")), m.get("53/tcp"));
    }

    @Test
    void rangesMapOneToOneOrOntoAHostRange() {
        Map<String, List<PortBinding>> m = PortSpecs.parse(List.of("8000-8001:80-81"));
        assertEquals(List.of(new PortBinding("", "8000")), m.get("80/tcp"));
        assertEquals(List.of(new PortBinding("", "8001")), m.get("81/tcp"));
        Map<String, List<PortBinding>> r = PortSpecs.parse(List.of("9000-9010:80"));
        assertEquals(List.of(new PortBinding("", "9000-9010")), r.get("80/tcp"));
        assertThrows(CliException.class, () -> PortSpecs.parse(List.of("8000-8002:80-81")));
        assertThrows(CliException.class, () -> PortSpecs.parse(List.of("80/foo")));
    }

    @Test
    void exposeExpandsRanges() {
        assertEquals(List.of("80/tcp", "81/tcp", "53/udp"), PortSpecs.expose(List.of("80-81", "53/udp")));
        // the docker CLI neither checks nor lower-cases --expose's protocol; 80-81-82 is 80-81 as go-connections reads
        assertEquals(List.of("80/TCP", "80/foo", "80/tcp", "81/tcp"), PortSpecs.expose(List.of("80/TCP", "80/foo",
                "80-81-82")));
    }

    /** docker 28.2.2's words for a bad --expose (strconv.ParseUint refuses a sign Integer.parseInt took), exit 125. */
    @Test
    void badExpose_asTheDockerCli() {
        for (String[] c : new String[][] {
                {"+80", "invalid range format for --expose: +80, error: strconv.ParseUint: parsing \"+80\": invalid "
                        + "syntax"},
                {"-80", "invalid range format for --expose: -80, error: strconv.ParseUint: parsing \"\": invalid "
                        + "syntax"},
                {"65536/udp", "invalid range format for --expose: 65536/udp, error: strconv.ParseUint: parsing "
                        + "\"65536\": value out of range"},
                {"90-80", "invalid range format for --expose: 90-80, error: invalid range specified for port: 90-80"},
                {"/tcp", "invalid range format for --expose: /tcp, error: empty string specified for ports"},
                {"8080:80", "invalid port format for --expose: 8080:80"}}) {
            CliException e = assertThrows(CliException.class, () -> PortSpecs.expose(List.of(c[0])), c[0]);
            assertEquals("jdock: " + c[1], e.getMessage());
            assertEquals(125, e.exitCode());
        }
    }

    /** docker 28.2.2's words for a bad -p: go-connections' ParsePortSpec, checked in its order. */
    @Test
    void badPublish_asTheDockerCli() {
        for (String[] c : new String[][] {
                {"+80", "invalid containerPort: +80"}, {"+8080:80", "invalid hostPort: +8080"},
                {"80/tcp:90", "invalid hostPort: 80/tcp"}, {"x:80/foo", "invalid hostPort: x"},
                {"/tcp", "no port specified: /tcp<empty>"}, {"80/FOO", "invalid proto: FOO"},
                {"8080:80-90-100", "invalid ranges specified for container and host Ports: 80-90-100 and 8080"}}) {
            CliException e = assertThrows(CliException.class, () -> PortSpecs.parse(List.of(c[0])), c[0]);
            assertEquals("jdock: " + c[1], e.getMessage());
        }
        assertEquals(List.of(new PortBinding("", "")), PortSpecs.parse(List.of("80/UDP")).get("80/udp"));
        assertEquals(List.of(new PortBinding("", "9000")), PortSpecs.parse(List.of("9000-9000:80")).get("80/tcp"));
    }

    /** docker 28.2.2: -p 1.2.3:80:80 is refused before the create (docker: invalid IP address: 1.2.3, exit 125). */
    @Test
    void badHostIp_isRefused() {
        CliException e = assertThrows(CliException.class, () -> PortSpecs.parse(List.of("1.2.3:80:80")));
        assertEquals("jdock: invalid IP address: 1.2.3", e.getMessage());
        assertEquals(125, e.exitCode());
        // named without its brackets (docker: invalid IP address: 1.2.3 for -p [1.2.3]:80:80)
        assertEquals("jdock: invalid IP address: 1.2.3", assertThrows(CliException.class,
                () -> PortSpecs.parse(List.of("[1.2.3]:80:80"))).getMessage());
        assertEquals(List.of(new PortBinding("::1", "7000")), PortSpecs.parse(List.of("[::1]:7000:7000")).get(
                "7000/tcp"));
    }
}
