package dev.jdock.cli.command.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.client.DockerHost;
import dev.jdock.api.client.EngineClient;
import dev.jdock.api.client.FakeEngine;
import dev.jdock.cli.Jdock;
import dev.jdock.cli.core.Cli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What {@code network create|connect|inspect -v} and {@code update --cpu-rt-*} send, as docker 28's CLI. */
class NetworkRequestsTest {
    @TempDir
    Path dir;

    private FakeEngine daemon() throws IOException {
        return new FakeEngine(dir.resolve("d.sock"), (r, ch, in, o) -> {
            String t = r.target();
            String body = t.startsWith("/_ping") ? "OK"
                    : t.contains("/networks/create") ? "{\"Id\":\"abc\",\"Warning\":\"\"}"
                    : t.contains("/update") ? "{\"Warnings\":null}"
                    : t.contains("/networks/n1") ? "{\"Name\":\"n1\",\"Id\":\"abc\"}" : "";
            FakeEngine.respond(o, 200, t.startsWith("/_ping") ? "" : "Content-Type: application/json\r\n", body);
        });
    }

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int jdock(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        err.reset();
        Cli cli = new Cli(new EngineClient(DockerHost.unix(dir.resolve("d.sock")), "jdock/test"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> 0L);
        return Jdock.dispatch(cli, args, 0, new ByteArrayInputStream(new byte[0]));
    }

    private static String[] words(String line) {
        return line.split(" ");
    }

    private static FakeEngine.Request last(FakeEngine d, String part) {
        List<FakeEngine.Request> rs = d.requests().stream().filter(r -> r.target().contains(part)).toList();
        return rs.get(rs.size() - 1);
    }

    @Test
    void create_sendsDockersFields_ipv4AndIpv6OnlyWhenGiven() throws Exception {
        try (FakeEngine d = daemon()) {
            assertEquals(0, jdock("network", "create", "--ipam-driver", "default", "--ipam-opt", "a=b", "--scope",
                    "local", "--ipv4=false", "--config-from", "base", "--config-only", "--ingress", "n1"));
            assertEquals("{\"Name\":\"n1\",\"Driver\":\"bridge\",\"Scope\":\"local\",\"EnableIPv4\":false,"
                    + "\"IPAM\":{\"Driver\":\"default\",\"Options\":{\"a\":\"b\"},\"Config\":[]},\"Internal\":false,"
                    + "\"Attachable\":false,\"Ingress\":true,\"ConfigOnly\":true,\"ConfigFrom\":{\"Network\":\"base\"},"
                    + "\"Options\":{},\"Labels\":{}}", last(d, "/networks/create").bodyText());
            assertEquals(0, jdock("network", "create", "n2"));
            assertEquals("{\"Name\":\"n2\",\"Driver\":\"bridge\",\"IPAM\":{\"Driver\":\"default\",\"Options\":{},"
                    + "\"Config\":[]},\"Internal\":false,\"Attachable\":false,\"Ingress\":false,\"ConfigOnly\":false,"
                    + "\"Options\":{},\"Labels\":{}}", last(d, "/networks/create").bodyText());
        }
    }

    @Test
    void create_oneSubnet_sendsOnePoolAsBefore() throws Exception {
        try (FakeEngine d = daemon()) {
            assertEquals(0, jdock(words("network create --subnet 10.1.0.0/16 --gateway 10.1.0.1 --ip-range 10.1.2.0/24 "
                    + "--aux-address b=10.1.0.9 --aux-address a=10.1.0.8 n1")));
            assertEquals("{\"Name\":\"n1\",\"Driver\":\"bridge\",\"IPAM\":{\"Driver\":\"default\",\"Options\":{},"
                    + "\"Config\":[{\"Subnet\":\"10.1.0.0/16\",\"Gateway\":\"10.1.0.1\",\"IPRange\":\"10.1.2.0/24\","
                    + "\"AuxiliaryAddresses\":{\"b\":\"10.1.0.9\",\"a\":\"10.1.0.8\"}}]},\"Internal\":false,"
                    + "\"Attachable\":false,\"Ingress\":false,\"ConfigOnly\":false,\"Options\":{},\"Labels\":{}}",
                    last(d, "/networks/create").bodyText());
        }
    }

    @Test
    void create_severalSubnets_eachGetsTheRangeGatewayAndAuxAddressesItHolds_inTheOrderGiven() throws Exception {
        try (FakeEngine d = daemon()) {
            assertEquals(0, jdock(words("network create --ipv6 --subnet 10.5.0.0/24 --subnet fd00:5::/64 --gateway "
                    + "fd00:5::1 --ip-range 10.5.0.128/25 --aux-address a=fd00:5::9 n1")));
            assertEquals("{\"Name\":\"n1\",\"Driver\":\"bridge\",\"EnableIPv6\":true,\"IPAM\":{\"Driver\":\"default\","
                    + "\"Options\":{},\"Config\":[{\"Subnet\":\"10.5.0.0/24\",\"Gateway\":\"\",\"IPRange\":"
                    + "\"10.5.0.128/25\",\"AuxiliaryAddresses\":{}},{\"Subnet\":\"fd00:5::/64\","
                    + "\"Gateway\":\"fd00:5::1\",\"IPRange\":\"\",\"AuxiliaryAddresses\":{\"a\":\"fd00:5::9\"}}]},"
                    + "\"Internal\":false,\"Attachable\":false,\"Ingress\":false,\"ConfigOnly\":false,\"Options\":{},"
                    + "\"Labels\":{}}",
                    last(d, "/networks/create").bodyText());
            // pflag's StringSlice: a comma separates values; the gateways pair by address, not by position
            assertEquals(0, jdock(words("network create --subnet fd00:6::/64,10.6.0.0/24 --gateway 10.6.0.1,fd00:6::1 "
                    + "--aux-address x=10.6.0.9 --aux-address y=fd00:6::9 --aux-address z=10.6.0.8 n2")));
            assertEquals("\"Config\":[{\"Subnet\":\"fd00:6::/64\",\"Gateway\":\"fd00:6::1\",\"IPRange\":\"\","
                    + "\"AuxiliaryAddresses\":{\"y\":\"fd00:6::9\"}},{\"Subnet\":\"10.6.0.0/24\","
                    + "\"Gateway\":\"10.6.0.1\",\"IPRange\":\"\","
                    + "\"AuxiliaryAddresses\":{\"x\":\"10.6.0.9\",\"z\":\"10.6.0.8\"}}]",
                    config(last(d, "/networks/create").bodyText()));
        }
    }

    private static String config(String body) {
        return body.substring(body.indexOf("\"Config\""), body.indexOf("]},") + 1);
    }

    /** Docker 28.2.2's CLI gives each of these, exit 1, sending nothing (checked side by side with no daemon). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--gateway 10.0.0.1|every ip-range or gateway must have a corresponding subnet",
        "--subnet 10.0.0.0/16 --ip-range 10.0.1.0/24 --ip-range 10.0.2.0/24|every ip-range or gateway must have a "
            + "corresponding subnet",
        "--subnet 10.0.0.0/24 --subnet 10.0.0.0/16|multiple overlapping subnet configuration is not supported",
        "--subnet fd00::/64,fd00::/48|multiple overlapping subnet configuration is not supported",
        "--subnet 10.0.0.0/16 --subnet 10.1.0.0/16 --ip-range 10.0.1.0/24 --ip-range 10.0.2.0/24|cannot configure "
            + "multiple ranges (10.0.2.0/24, 10.0.1.0/24) on the same subnet (10.0.0.0/16)",
        "--subnet 10.0.0.0/16 --ip-range 10.1.0.0/24|no matching subnet for range 10.1.0.0/24",
        "--subnet 10.0.0.0/16 --ip-range 10.0.0.5|invalid CIDR address: 10.0.0.5",
        "--subnet 10.0.0.0/16 --ip-range 10.0.0.0/33|invalid CIDR address: 10.0.0.0/33",
        "--subnet fd00::/64 --subnet 10.0.0.0/16 --gateway fd00::1 --gateway fd00::2|cannot configure multiple "
            + "gateways (fd00::2, fd00::1) for the same subnet (fd00::/64)",
        "--subnet 10.0.0.0/16 --gateway 10.1.0.1|no matching subnet for gateway 10.1.0.1",
        "--subnet 10.0.0.0/16 --gateway fd00::1|no matching subnet for gateway fd00::1",
        "--subnet 10.0.0.0/16 --gateway foo|no matching subnet for gateway foo",
        "--subnet 10.0.0.0/16 --aux-address a=10.2.0.1|no matching subnet for aux-address 10.2.0.1",
        "--aux-address a=10.0.0.1|no matching subnet for aux-address 10.0.0.1",
        "--subnet 10.0.0.0/16 --subnet foo|invalid subnet: invalid CIDR address: foo",
        "--subnet foo --subnet 10.0.0.0/16|invalid subnet: invalid CIDR address: foo",
        "--subnet foo/3 --subnet 10.0.0.0/16|invalid CIDR address: foo/3",
        "--subnet foo --gateway 10.0.0.1|invalid subnet: invalid CIDR address: foo",
        "--subnet fe80::%eth0/64 --gateway fe80::1|invalid subnet: invalid CIDR address: fe80::%eth0/64"})
    void create_refusesWhatDockersCliRefuses_beforeAnyRequest(String flags, String message) throws Exception {
        try (FakeEngine d = daemon()) {
            assertEquals(1, jdock(words("network create " + flags + " n1")));
            assertEquals(message + "\n", err.toString(StandardCharsets.UTF_8));
            assertEquals(List.of(), d.requests().stream().filter(r -> r.target().contains("/networks/create"))
                    .toList());
        }
    }

    @Test
    void connect_sendsEveryEndpointField() throws Exception {
        try (FakeEngine d = daemon()) {
            assertEquals(0, jdock("network", "connect", "--ip", "10.0.0.5", "--ip6", "2001:db8::33", "--link",
                    "web:w", "--link-local-ip", "169.254.1.1", "--alias", "x", "--driver-opt", "k=v",
                    "--gw-priority", "-3", "n1", "c1"));
            assertEquals("{\"Container\":\"c1\",\"EndpointConfig\":{\"IPAMConfig\":{\"IPv4Address\":\"10.0.0.5\","
                    + "\"IPv6Address\":\"2001:db8::33\",\"LinkLocalIPs\":[\"169.254.1.1\"]},\"Links\":[\"web:w\"],"
                    + "\"Aliases\":[\"x\"],\"DriverOpts\":{\"k\":\"v\"},\"GwPriority\":-3}}",
                    last(d, "/connect").bodyText());
        }
    }

    @Test
    void inspectVerbose_sendsVerboseTrue() throws Exception {
        try (FakeEngine d = daemon()) {
            assertEquals(0, jdock("network", "inspect", "-v", "n1"));
            assertEquals(true, last(d, "/networks/n1").target().endsWith("/networks/n1?verbose=true"),
                    last(d, "/networks/n1").target());
        }
    }

    @Test
    void update_sendsTheRealtimeFields() throws Exception {
        try (FakeEngine d = daemon()) {
            assertEquals(0, jdock("update", "--cpu-rt-period", "1000000", "--cpu-rt-runtime", "1000", "c1"));
            assertEquals("{\"CpuRealtimePeriod\":1000000,\"CpuRealtimeRuntime\":1000}",
                    last(d, "/update").bodyText());
        }
    }
}
