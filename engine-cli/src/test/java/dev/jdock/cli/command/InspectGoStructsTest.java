package dev.jdock.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.client.DockerHost;
import dev.jdock.api.client.EngineClient;
import dev.jdock.api.client.FakeEngine;
import dev.jdock.api.MiniJson;
import dev.jdock.cli.Jdock;
import dev.jdock.cli.core.Cli;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * inspect templates that print Go structs whole ({@code {{.State}}}, {@code {{.Mounts}}}, {@code {{.IPAM.Config}}}),
 * durations and times, index Go maps, chain fields on a parenthesized pipeline, break out of a range, or fail
 * docker's typed pass so that its raw-map fallback runs. The documents (struct-KIND.json) are what a jdockd answered
 * for a running container with a healthcheck, a volume, a bind, a tmpfs and a published port, its network, volume
 * and image; each case in struct-cases.jsonl ([kind, template, output]) is what docker 28.2.2 printed for the same
 * document, served by a fake daemon. Go prints pointers inside a struct as addresses: any address matches.
 */
class InspectGoStructsTest {
    @TempDir
    Path dir;

    private int calls;

    @TestFactory
    Stream<DynamicTest> docker28sOutputs() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/inspect/struct-cases.jsonl"), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                List<?> c = (List<?>) MiniJson.parse(line.getBytes(StandardCharsets.UTF_8));
                String kind = (String) c.get(0);
                String template = (String) c.get(1);
                String expected = (String) c.get(2);
                tests.add(DynamicTest.dynamicTest(kind + " " + template,
                        () -> assertEquals(expected, inspect(kind, template))));
            }
        }
        return tests.stream();
    }

    private String inspect(String kind, String template) throws IOException {
        String doc;
        try (InputStream in = getClass().getResourceAsStream("/inspect/struct-" + kind + ".json")) {
            doc = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path sock = dir.resolve("d" + calls++ + ".sock");
        try (FakeEngine d = new FakeEngine(sock, (r, ch, in, o) -> FakeEngine.respond(o, 200,
                r.target().startsWith("/_ping") ? "" : "Content-Type: application/json\r\n",
                r.target().startsWith("/_ping") ? "OK" : doc))) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            Cli cli = new Cli(new EngineClient(DockerHost.unix(sock), "jdock/test"),
                    new PrintStream(buf, true, StandardCharsets.UTF_8), new PrintStream(buf, true,
                    StandardCharsets.UTF_8), () -> 0L);
            int rc = Jdock.dispatch(cli, new String[] {kind, "inspect", "--format", template, "x"}, 0,
                    new ByteArrayInputStream(new byte[0]));
            String out = buf.toString(StandardCharsets.UTF_8).replaceAll("0xc[0-9a-f]+", "0xADDR");
            assertEquals(0, rc, out);
            return out;
        }
    }
}
