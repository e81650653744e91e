package dev.jdock.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.client.DockerHost;
import dev.jdock.api.client.EngineClient;
import dev.jdock.api.client.FakeEngine;
import dev.jdock.cli.Jdock;
import dev.jdock.cli.core.Cli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * inspect templates over fields the daemon's JSON leaves out (omitempty): docker 28.2.2 renders its typed struct
 * first, so they are Go's zero values, and falls back to the raw map (where they are missing) only when the typed
 * pass fails. Each expected line is what docker printed for the same template against the same jdockd.
 */
class InspectTypedZerosTest {
    @TempDir
    Path dir;

    private String out;
    private int calls;

    private int jdock(String... args) throws IOException {
        String doc;
        try (InputStream in = getClass().getResourceAsStream("/inspect/container.json")) {
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
            int rc = Jdock.dispatch(cli, args, 0, new ByteArrayInputStream(new byte[0]));
            out = buf.toString(StandardCharsets.UTF_8);
            return rc;
        }
    }

    private String format(String template) throws IOException {
        assertEquals(0, jdock("container", "inspect", "--format", template, "cmpweb"), template + ": " + out);
        return out;
    }

    @Test
    void missingFields_areGoZeroValues() throws IOException {
        assertEquals("<nil>\n", format("{{.State.Health}}"));
        assertEquals("none\n", format("{{if .State.Health}}h{{else}}none{{end}}"));
        assertEquals("<nil> <nil> null\n", format("{{.SizeRw}} {{.HostConfig.Init}} {{json .SizeRootFs}}"));
        assertEquals("map[] 0 [] null\n", format("{{.Config.ExposedPorts}} {{len .HostConfig.Mounts}} "
                + "{{.Config.Shell}} {{json .HostConfig.Mounts}}"));
        assertEquals("false|||true\n", format("{{.Config.ArgsEscaped}}|{{.Config.StopSignal}}|"
                + "{{index .HostConfig.Sysctls \"a\"}}|{{eq .Config.StopSignal \"\"}}"));
        assertEquals("\n", format("{{range .Config.Shell}}x{{end}}"));
    }

    /** A null slice or map in the JSON is a nil one in docker's struct: [] and map[], where the raw null is <nil>. */
    @Test
    void nullSlicesAndMaps_printAsGoNilOnes() throws IOException {
        assertEquals("[] 0 null\n", format("{{.HostConfig.Binds}} {{len .HostConfig.Binds}} "
                + "{{json .HostConfig.Binds}}"));
        assertEquals("{\"NetworkMode\":\"default\",\"Privileged\":false,\"Binds\":null,\"LogConfig\":{\"Type\":"
                + "\"json-file\",\"Config\":{}}}\n", format("{{json .HostConfig}}"));
    }

    /** json and range over an object leave the added zeros out, as the struct's omitempty encoding does. */
    @Test
    void objectsPrintWithoutTheAddedZeros() throws IOException {
        assertEquals("{\"Hostname\":\"6e4f1a5af468\",\"Env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:"
                + "/sbin:/bin\"],\"Cmd\":[\"sleep\",\"1000\"],\"Image\":\"busybox\",\"Labels\":{\"a\":\"b\"}}\n",
                format("{{json .Config}}"));
        assertEquals("Cmd Env Hostname Image Labels \n", format("{{range $k, $v := .Config}}{{$k}} {{end}}"));
    }

    /** docker: the typed pass fails on .Health.Status (nil pointer) or .Id (the struct's ID): the raw map's error. */
    @Test
    void rawFallbackErrors() throws IOException {
        assertEquals(1, jdock("container", "inspect", "--format", "{{.State.Health.Status}}", "cmpweb"));
        assertEquals("\ntemplate parsing error: template: :1:8: executing \"\" at <.State.Health.Status>: map has no "
                + "entry for key \"Health\"\n", out);
        assertEquals(1, jdock("container", "inspect", "--format", "{{.Id}} {{.SizeRw}}", "cmpweb"));
        assertEquals("\ntemplate parsing error: template: :1:10: executing \"\" at <.SizeRw>: map has no entry for "
                + "key \"SizeRw\"\n", out);
    }
}
