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
