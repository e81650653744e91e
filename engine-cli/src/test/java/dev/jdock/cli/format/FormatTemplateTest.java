package dev.jdock.cli.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.api.MiniJson;
import dev.jdock.cli.core.CliException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormatTemplateTest {
    private static Object json(String s) throws Exception {
        return MiniJson.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String run(String tmpl, Object data) {
        return FormatTemplate.parse(tmpl).execute(data);
    }

    private static final String IMAGE = "{\"Id\":\"sha256:abc\",\"Size\":1982879,\"RepoTags\":[\"busybox:latest\","
            + "\"bb:1\"],\"Config\":{\"Cmd\":[\"sh\"],\"Labels\":{\"b\":\"2\",\"a\":\"<1>\"},\"Env\":null},"
            + "\"RootFS\":{\"Type\":\"layers\",\"Layers\":[\"sha256:1\",\"sha256:2\"]},\"Ok\":true,\"Zero\":0}";

    @Test
    void fieldsDotsAndGoPrinting() throws Exception {
        Object img = json(IMAGE);
        assertEquals("sha256:abc 1982879", run("{{.Id}} {{.Size}}", img));
        assertEquals("[sh] map[a:<1> b:2] [busybox:latest bb:1]", run("{{.Config.Cmd}} {{.Config.Labels}} {{.RepoTags}}", img));
        assertEquals("<nil> <no value>", run("{{.Config.Env}} {{.Config.Missing}}", img));
        assertEquals("true", run("{{.Ok}}", img));
    }

    /** Go 1.18's break and continue, only inside a range; a field chained on a parenthesized pipeline. */
    @Test
    void breakContinueAndChainedFields() throws Exception {
        Object img = json(IMAGE);
        assertEquals("sha256:1", run("{{range .RootFS.Layers}}{{.}}{{break}}{{end}}", img));
        assertEquals("sha256:2", run("{{range $i, $l := .RootFS.Layers}}{{if eq $i 0}}{{continue}}{{end}}{{$l}}"
                + "{{end}}", img));
        assertEquals("x", run("{{range .RootFS.Layers}}{{if true}}{{break}}{{end}}y{{end}}x", img));
        assertEquals("layers sh", run("{{(.RootFS).Type}} {{(index .Config.Cmd 0)}}", img));
        assertEquals("2", run("{{(.Config).Labels.b}}", img));
        assertEquals("1982879 true|a1982879b|[sh]x", run("{{print .Size .Ok}}|{{print \"a\" .Size \"b\"}}|"
                + "{{print .Config.Cmd \"x\"}}", img)); // fmt.Sprint: a space between two non-strings only
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FormatTemplate.parse("{{if .Ok}}{{break}}{{end}}"));
        assertEquals("template: :1: {{break}} outside {{range}}", e.getMessage());
        assertEquals("a:x", run("{{range .RootFS.Layers}}{{range $.Nope}}{{else}}a{{break}}{{end}}b{{end}}:x", img),
                "a break in an inner range's else part ends the outer range, as in Go");
        assertThrows(IllegalArgumentException.class, () -> run("{{range .Nope}}{{else}}{{break}}{{end}}", img));
        assertThrows(IllegalArgumentException.class, () -> FormatTemplate.parse("{{(.RootFS) .Type}}").execute(img));
    }

    @Test
    void jsonIsCompactAndLeavesHtmlAsDockersJsonFunction() throws Exception {
        Object img = json(IMAGE);
        assertEquals("{\"Type\":\"layers\",\"Layers\":[\"sha256:1\",\"sha256:2\"]}", run("{{json .RootFS}}", img));
        assertEquals("{\"b\":\"2\",\"a\":\"<1>\"}", run("{{json .Config.Labels}}", img));
        assertEquals("{\"Layers\":[\"sha256:1\",\"sha256:2\"],\"Type\":\"layers\"}",
                FormatTemplate.parse("{{json .RootFS}}").sortedJson(true).execute(img));
        assertEquals("\"sh\"", run("{{index .Config.Cmd 0 | json}}", img));
    }

    @Test
    void functions() throws Exception {
        Object img = json(IMAGE);
        assertEquals("busybox:latest,bb:1", run("{{join .RepoTags \",\"}}", img));
        assertEquals("LAYERS layers", run("{{upper .RootFS.Type}} {{lower \"LAYERS\"}}", img));
        assertEquals("2 <1>", run("{{index .Config.Labels \"b\"}} {{index .Config.Labels \"a\"}}", img));
        assertEquals("sha256:2", run("{{index .RootFS.Layers 1}}", img));
        assertEquals("2", run("{{len .RootFS.Layers}}", img));
        assertEquals("[a b]", run("{{split \"a:b\" \":\"}}", img));
        assertEquals("Hello World", run("{{title \"hello world\"}}", img));
        assertEquals("sha", run("{{truncate .Id 3}}", img));
        assertEquals("id=sha256:abc n=7", run("{{printf \"id=%s n=%d\" .Id 7}}", img));
        assertEquals("LAYERS", run("{{.RootFS.Type | upper}}", img));
        assertEquals("yes", run("{{if eq .RootFS.Type \"layers\"}}yes{{else}}no{{end}}", img));
    }

    @Test
    void controlStructuresAndVariables() throws Exception {
        Object img = json(IMAGE);
        assertEquals("sha256:1,sha256:2,", run("{{range .RootFS.Layers}}{{.}},{{end}}", img));
        assertEquals("0=sha256:1 1=sha256:2 ", run("{{range $i, $l := .RootFS.Layers}}{{$i}}={{$l}} {{end}}", img));
        assertEquals("a=<1>;b=2;", run("{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}", img));
        assertEquals("none", run("{{range .Config.Env}}x{{else}}none{{end}}", img));
        assertEquals("zero", run("{{if .Zero}}nz{{else if .Ok}}zero{{else}}no{{end}}", img));
        assertEquals("layers", run("{{with .RootFS}}{{.Type}}{{end}}", img));
        assertEquals("sha256:abc", run("{{with .RootFS}}{{$.Id}}{{end}}", img));
        assertEquals("axb", run("a\n  {{- \"x\" -}}\n  b", img));
        assertEquals("ab", run("a  {{- \"\" -}}  b", img));
        assertEquals("x", run("{{$v := \"x\"}}{{$v}}", img));
    }

    @Test
    void methodValuesLikeLabel() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("Name", "c1");
        row.put("Label", (FormatTemplate.Method) args -> "v-" + args.get(0));
        assertEquals("c1 v-k", run("{{.Name}} {{.Label \"k\"}}", row));
        assertEquals("{\"Name\":\"c1\"}", run("{{json .}}", row));
    }

    @Test
    void errorsAreWordedAsGo() throws Exception {
        Object img = json(IMAGE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FormatTemplate.parseStrict("{{.Nope}}", null).execute(img));
        assertEquals("template: :1:2: executing \"\" at <.Nope>: map has no entry for key \"Nope\"", e.getMessage());
        IllegalArgumentException nested = assertThrows(IllegalArgumentException.class,
                () -> FormatTemplate.parseStrict("{{.Config.Nope}}", null).execute(img));
        assertEquals("template: :1:9: executing \"\" at <.Config.Nope>: map has no entry for key \"Nope\"",
                nested.getMessage());
        IllegalArgumentException typed = assertThrows(IllegalArgumentException.class,
                () -> FormatTemplate.parseStrict("{{.Foo}}", "*formatter.imageContext").execute(Map.of("ID", "x")));
        assertEquals("template: :1:2: executing \"\" at <.Foo>: can't evaluate field Foo in type "
                + "*formatter.imageContext", typed.getMessage());
        assertEquals("template: :1: unclosed action",
                assertThrows(IllegalArgumentException.class, () -> FormatTemplate.parse("{{.Id")).getMessage());
        assertEquals("template: :1: function \"nope\" not defined",
                assertThrows(IllegalArgumentException.class, () -> run("{{nope .Id}}", img)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> FormatTemplate.parse("{{if .Ok}}x"));
        assertThrows(IllegalArgumentException.class, () -> FormatTemplate.parse("{{end}}"));
    }

    @Test
    void tableFormatsGetHeadersAndTabAlignment() {
        Map<String, String> headers = Map.of("Repository", "REPOSITORY", "Tag", "TAG");
        List<Map<String, Object>> rows = List.of(Map.of("Repository", "busybox", "Tag", "latest"),
                Map.of("Repository", "example.com/team/app", "Tag", "v1"));
        assertEquals("REPOSITORY             TAG\nbusybox                latest\nexample.com/team/app   v1\n",
                FormatOutput.render("table {{.Repository}}\\t{{.Tag}}", "table", headers, rows));
        assertEquals("busybox:latest\nexample.com/team/app:v1\n",
                FormatOutput.render("{{.Repository}}:{{.Tag}}", "table", headers, rows));
        assertEquals("REPOSITORY:TAG\nbusybox:latest\nexample.com/team/app:v1\n",
                FormatOutput.render("table {{.Repository}}:{{.Tag}}", "table", headers, rows));
        assertEquals("{\"Repository\":\"busybox\",\"Tag\":\"latest\"}\n", FormatOutput.render("json", "table",
                headers, List.of(new java.util.TreeMap<>(rows.get(0)))));
        assertEquals("REPOSITORY   TAG\n", FormatOutput.render("table {{.Repository}}\\t{{.Tag}}", "table",
                headers, List.of()));
        CliException e = assertThrows(CliException.class, () -> FormatOutput.render("{{.Nope}}", "table",
                headers, rows, "*formatter.imageContext"));
        assertEquals("template parsing error: template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope "
                + "in type *formatter.imageContext", e.getMessage());
    }

    @Test
    void tabWriterColumnBlocksAsGo() {
        assertEquals("a             b\nlonger-cell   c\n", TabWriter.format("a\tb\nlonger-cell\tc\n"));
        assertEquals("x         y         z\nonly\n", TabWriter.format("x\ty\tz\nonly\n"));
        assertEquals("a         \n", TabWriter.format("a\t\n"));
    }
}
