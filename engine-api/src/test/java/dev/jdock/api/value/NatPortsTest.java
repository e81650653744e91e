package dev.jdock.api.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.api.value.NatPorts.Mapping;
import dev.jdock.api.value.NatPorts.ProtoPort;
import dev.jdock.api.value.NatPorts.Range;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * go-connections' nat parsing; the refusals are the texts the docker CLI 28.2.2 prints for {@code --expose} and
 * {@code -p} (after its "invalid range format for --expose: X, error: " and "docker: ").
 */
class NatPortsTest {
    @Test
    void range_takesAPortOrARange() {
        assertEquals(new Range(80, 80), NatPorts.parseRange("80"));
        assertEquals(new Range(0, 0), NatPorts.parseRange("0"));
        assertEquals(new Range(65535, 65535), NatPorts.parseRange("65535"));
        assertEquals(new Range(8000, 8010), NatPorts.parseRange("8000-8010"));
        assertEquals(new Range(80, 80), NatPorts.parseRange("80-80"));
        assertEquals(new Range(80, 80), NatPorts.parseRange("0080"));
        assertEquals(new Range(80, 90), NatPorts.parseRange("80-90-100"), "Go reads the first two parts only");
        assertEquals(11, NatPorts.parseRange("8000-8010").count());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "+80|strconv.ParseUint: parsing \"+80\": invalid syntax",
        "-80|strconv.ParseUint: parsing \"\": invalid syntax",
        "80-|strconv.ParseUint: parsing \"\": invalid syntax",
        "80-+90|strconv.ParseUint: parsing \"+90\": invalid syntax",
        "' 80'|strconv.ParseUint: parsing \" 80\": invalid syntax",
        "0x50|strconv.ParseUint: parsing \"0x50\": invalid syntax",
        "1_000|strconv.ParseUint: parsing \"1_000\": invalid syntax",
        "6553x|strconv.ParseUint: parsing \"6553x\": invalid syntax",
        "65536|strconv.ParseUint: parsing \"65536\": value out of range",
        "70000x|strconv.ParseUint: parsing \"70000x\": value out of range",
        "80-70000x|strconv.ParseUint: parsing \"70000x\": value out of range",
        "99999999999999999999|strconv.ParseUint: parsing \"99999999999999999999\": value out of range",
        "\u0668\u0660|strconv.ParseUint: parsing \"\u0668\u0660\": invalid syntax",
        "90-80|invalid range specified for port: 90-80",
        "''|empty string specified for ports"})
    void range_refuses_inGosWords(String ports, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class,
                () -> NatPorts.parseRange(ports)).getMessage());
    }

    @Test
    void splitProtoPort_asNat() {
        assertEquals(new ProtoPort("udp", "80"), NatPorts.splitProtoPort("80/udp"));
        assertEquals(new ProtoPort("tcp", "80"), NatPorts.splitProtoPort("80"));
        assertEquals(new ProtoPort("tcp", "80"), NatPorts.splitProtoPort("80/"));
        assertEquals(new ProtoPort("TCP", "80-90"), NatPorts.splitProtoPort("80-90/TCP"));
        assertEquals(new ProtoPort("tcp", "80"), NatPorts.splitProtoPort("80/tcp/udp"));
        assertEquals(new ProtoPort("", ""), NatPorts.splitProtoPort("/tcp"));
        assertEquals(new ProtoPort("", ""), NatPorts.splitProtoPort(""));
    }

    @Test
    void spec_mappings() {
        assertEquals(List.of(new Mapping("80/tcp", "", "")), NatPorts.parseSpec("80"));
        assertEquals(List.of(new Mapping("80/tcp", "", "8080")), NatPorts.parseSpec("8080:80"));
        assertEquals(List.of(new Mapping("53/udp", "127.0.0.1", "")), NatPorts.parseSpec("127.0.0.1::53/UDP"));
        assertEquals(List.of(new Mapping("80/tcp", "::1", "7000")), NatPorts.parseSpec("[::1]:7000:80"));
        assertEquals(List.of(new Mapping("80/tcp", "::1", "7000")), NatPorts.parseSpec("::1:7000:80"));
        assertEquals(List.of(new Mapping("80/tcp", "", "8000"), new Mapping("81/tcp", "", "8001")),
                NatPorts.parseSpec("8000-8001:80-81"));
        assertEquals(List.of(new Mapping("80/sctp", "", "9000-9010")), NatPorts.parseSpec("9000-9010:80/sctp"));
        assertEquals(List.of(new Mapping("80/tcp", "", "9000")), NatPorts.parseSpec("9000-9000:80"));
        assertEquals(List.of(new Mapping("80/tcp", "", "")), NatPorts.parseSpec(":80"));
        assertEquals(List.of(new Mapping("80/tcp", "", ""), new Mapping("81/tcp", "", "")),
                NatPorts.parseSpec("80-81-82"));
        assertEquals(List.of(new Mapping("80/tcp", "", "")), NatPorts.parseSpec("80/tcp/udp"));
    }

    /** Checked in Go's order: the IP, a missing port, the container port, the host port, the ranges, the proto. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "+80|invalid containerPort: +80",
        "65536|invalid containerPort: 65536",
        "90-80|invalid containerPort: 90-80",
        "80-|invalid containerPort: 80-",
        "''|no port specified: <empty>",
        "/tcp|no port specified: /tcp<empty>",
        "80:|no port specified: 80:<empty>",
        "x:/tcp|no port specified: x:/tcp<empty>",
        "+8080:80|invalid hostPort: +8080",
        "8080-:80|invalid hostPort: 8080-",
        "80/tcp:90|invalid hostPort: 80/tcp",
        "x:80/foo|invalid hostPort: x",
        "x:y|invalid containerPort: y",
        "8080-8081:80-82|invalid ranges specified for container and host Ports: 80-82 and 8080-8081",
        "8080:80-90-100|invalid ranges specified for container and host Ports: 80-90-100 and 8080",
        "80/foo|invalid proto: foo",
        "80/FOO|invalid proto: FOO",
        "8080-8081:80-82/foo|invalid ranges specified for container and host Ports: 80-82 and 8080-8081",
        "90-80/foo|invalid containerPort: 90-80",
        "[::1]]:80:80|invalid IP address [::1]]: address [::1]]:: missing port in address",
        "1.2.3:80:80/foo|invalid IP address: 1.2.3",
        "1.2.3::/tcp|invalid IP address: 1.2.3",
        "[1.2.3]:80:80|invalid IP address: 1.2.3",
        "a:b:c:80|invalid IP address: a:b",
        ":::80|invalid IP address: :",
        "[::1:80:80|invalid IP address [::1: address [::1:: missing ']' in address",
        "[::1]x:80:80|invalid IP address [::1]x: address [::1]x:: missing port in address",
        "[::1]:9:80:80|invalid IP address [::1]:9: address [::1]:9:: too many colons in address",
        "[[::1]:80:80|invalid IP address [[::1]: address [[::1]:: unexpected '[' in address"})
    void spec_refuses_inGosWords(String spec, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class,
                () -> NatPorts.parseSpec(spec)).getMessage());
    }
}
