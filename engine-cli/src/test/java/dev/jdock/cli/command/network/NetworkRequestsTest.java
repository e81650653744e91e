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

    private int jdock(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Cli cli = new Cli(new EngineClient(DockerHost.unix(dir.resolve("d.sock")), "jdock/test"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8),
                () -> 0L);
        return Jdock.dispatch(cli, args, 0, new ByteArrayInputStream(new byte[0]));
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
