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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
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
        return jdockOn("/inspect/container.json", args);
    }

    /** jdock with {@code args} against a fake daemon that answers every request with the resource's document. */
    int jdockOn(String resource, String... args) throws IOException {
        String doc;
        try (InputStream in = getClass().getResourceAsStream(resource)) {
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

    /**
     * Templates that print Go structs whole ({@code {{.State}}}, {@code {{.Mounts}}}, {@code {{.IPAM.Config}}}),
     * durations and times, index Go maps, chain fields on a parenthesized pipeline, break out of a range, or fail
     * docker's typed pass so that its raw-map fallback runs. The documents (struct-KIND.json) are what a jdockd
     * answered for a running container with a healthcheck, a volume, a bind, a tmpfs and a published port, its
     * network, volume and image; each case in struct-cases.jsonl ([kind, template, output]) is what docker 28.2.2
     * printed for the same document, served by a fake daemon. Go prints pointers inside a struct as addresses: any
     * address matches.
     */
    @TestFactory
    Stream<DynamicTest> goStructs_asDocker28PrintsThem() throws IOException {
        return cases("/inspect/struct-cases.jsonl", 0);
    }

    /**
     * Templates that fail both of docker's passes: the raw pass's error, worded and placed as Go's (a field chain's
     * position is its second field's; a failed function names its command; a JSON value is an interface {}). Each
     * case in struct-error-cases.jsonl is docker 28.2.2's stdout and stderr on the same document, exit code 1.
     */
    @TestFactory
    Stream<DynamicTest> failingTemplates_asDocker28ReportsThem() throws IOException {
        return cases("/inspect/struct-error-cases.jsonl", 1);
    }

    /** Each [kind, template, docker's output] of {@code resource}: jdock's exit code and output, addresses masked. */
    private Stream<DynamicTest> cases(String resource, int wantRc) throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(getClass().getResourceAsStream(resource),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                List<?> c = (List<?>) MiniJson.parse(line.getBytes(StandardCharsets.UTF_8));
                String kind = (String) c.get(0);
                String template = (String) c.get(1);
                tests.add(DynamicTest.dynamicTest(kind + " " + template, () -> {
                    int rc = jdockOn("/inspect/struct-" + kind + ".json", kind, "inspect", "--format", template,
                            "x");
                    assertEquals(wantRc, rc, out);
                    assertEquals(c.get(2), out.replaceAll("0xc[0-9a-f]+", "0xADDR"));
                }));
            }
        }
        return tests.stream();
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

    /**
     * docker's raw pass decodes with UseNumber: a number is a json.Number, a string type (docker 28.2.2's outputs
     * against one jdockd; the raw pass runs because the template names .Id).
     */
    @Test
    void rawPass_numbersAreJsonNumbers() throws IOException {
        String id = "6e4f1a5af4687af36472a7fb5636a9f2dde61c59f1c5a7db93cc3a83ad2c4a40";
        assertEquals(0, jdock("container", "inspect", "--format",
                "{{.Id}}{{printf \"%s %v %q %T %d\" .State.Pid .State.Pid .State.Pid .State.Pid .State.Pid}}", "c"));
        assertEquals(id + "4689 4689 \"4689\" json.Number %!d(json.Number=4689)\n", out);
        assertEquals(0, jdock("container", "inspect", "--format", "{{.Id}}{{len .State.Pid}} {{json .State.Pid}}"
                + "{{if .State.ExitCode}} true{{end}} {{eq .State.Pid \"4689\"}}", "c"));
        assertEquals(id + "4 4689 true true\n", out, "a zero json.Number is a non-empty string: true");
        assertEquals(1, jdock("container", "inspect", "--format", "{{.Id}}{{if eq .State.Pid 0}}zero{{end}}", "c"));
        assertEquals("\ntemplate parsing error: template: :1:12: executing \"\" at <eq .State.Pid 0>: error calling "
                + "eq: incompatible types for comparison\n", out);
    }

    /** Go's eq and lt refuse two basic kinds, and lt a bool (docker 28.2.2, typed pass). */
    @Test
    void comparisons_ofTwoKinds_refused() throws IOException {
        assertEquals(1, jdock("container", "inspect", "--format", "{{lt .State.Running true}}", "c"));
        assertEquals("\ntemplate parsing error: template: :1:2: executing \"\" at <lt .State.Running true>: error "
                + "calling lt: invalid type for comparison\n", out);
        assertEquals(1, jdock("container", "inspect", "--format", "{{eq .State.Status 1}}", "c"));
        assertEquals("\ntemplate parsing error: template: :1:2: executing \"\" at <eq .State.Status 1>: error "
                + "calling eq: incompatible types for comparison\n", out);
        assertEquals(0, jdock("container", "inspect", "--format", "{{eq .State.Pid 4689}} {{eq .State.Health nil}} "
                + "{{eq .State.Status \"running\"}} {{lt .State.Pid 5000}}", "c"));
        assertEquals("true true true true\n", out);
    }

    /**
     * The typed pass reads a field by its Go name where the JSON key differs (ID, NanoCPUs, DNS); naming the JSON key
     * sends the template to the raw pass (docker 28.2.2: CpuShares is a json.Number there).
     */
    @Test
    void goFieldNames_inTheTypedPass() throws IOException {
        assertEquals(0, jdock("container", "inspect", "--format",
                "{{.ID}} {{.HostConfig.NanoCPUs}} {{.HostConfig.DNS}} {{.HostConfig.CPUShares}}", "c"));
        assertEquals("6e4f1a5af4687af36472a7fb5636a9f2dde61c59f1c5a7db93cc3a83ad2c4a40 0 [] 0\n", out);
        assertEquals(0, jdock("container", "inspect", "--format", "{{json .HostConfig.LogConfig}}{{.HostConfig.DNS}}",
                "c"));
        assertEquals("{\"Type\":\"json-file\",\"Config\":{}}[]\n", out, "aliases are read, never written");
        // this document has no Dns: the typed pass fails on the JSON name, the raw pass on the missing key (docker's)
        assertEquals(1, jdock("container", "inspect", "--format", "{{.HostConfig.Dns}}", "c"));
        assertEquals("\ntemplate parsing error: template: :1:13: executing \"\" at <.HostConfig.Dns>: map has no "
                + "entry for key \"Dns\"\n", out);
    }
}
