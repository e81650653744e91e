package dev.jdock.cli.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Typed template data, json escaping and table headers as the docker CLI 28 renders them (outputs taken from it). */
class GoStructTest {
    private static GoStruct version() {
        GoStruct server = new GoStruct("*types.Version")
                .field("Platform", new GoStruct("struct { Name string }").field("Name", "jdock Engine"))
                .field("Version", "27.5.1")
                .field("APIVersion", "ApiVersion", false, "1.47")
                .field("KernelVersion", null, true, "");
        return new GoStruct("system.versionInfo").field("Server", server);
    }

    @Test
    void fieldsUseGoNamesAndJsonTheirJsonNames() {
        FormatTemplate t = FormatTemplate.parseStrict("{{.Server.APIVersion}} {{.Server.Platform}} {{json .Server}}",
                null, "version");
        assertEquals("1.47 {jdock Engine} {\"Platform\":{\"Name\":\"jdock Engine\"},\"Version\":\"27.5.1\","
                + "\"ApiVersion\":\"1.47\"}", t.execute(version()));
    }

    @Test
    void aMissingFieldIsGosErrorWithTheTemplateName() {
        FormatTemplate t = FormatTemplate.parseStrict("{{.Server.ApiVersion}}", null, "version");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.execute(version()));
        assertEquals("template: version:1:9: executing \"version\" at <.Server.ApiVersion>: can't evaluate field "
                + "ApiVersion in type *types.Version", e.getMessage());
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
                () -> FormatTemplate.parseStrict("{{", null, "version"));
        assertEquals("template: version:1: unclosed action", p.getMessage());
    }

    @Test
    void writtenBeforeAFailureIsKept() {
        StringBuilder out = new StringBuilder();
        FormatTemplate t = FormatTemplate.parse("x{{.Server.Bogus}}");
        assertThrows(IllegalArgumentException.class, () -> t.executeInto(version(), out));
        assertEquals("x", out.toString());
    }

    @Test
    void jsonEscapesHtmlOnlyForAWholeListingRow() {
        Map<String, Object> row = new TreeMap<>(Map.of("Command", "\"a >&2\""));
        String rendered = FormatOutput.render("{{json .}} {{json .Command}}", "", Map.of(), List.of(row));
        assertEquals("{\"Command\":\"\\\"a \\u003e\\u00262\\\"\"} \"\\\"a >&2\\\"\"\n", rendered);
        assertEquals("[\"sh\",\"-c\",\"a >&2\"]", FormatTemplate.parse("{{json .}}").execute(List.of("sh", "-c",
                "a >&2")));
    }

    @Test
    void labelColumnIsNamedAfterItsKey() {
        Map<String, Object> row = new TreeMap<>();
        row.put("Name", "n");
        row.put("Label", Formats.label(Map.of("a.b-c_d", "1")));
        assertEquals("b c d     NAME\n1         n\n", FormatOutput.render("table {{.Label \"a.b-c_d\"}}\t{{.Name}}",
                "", Map.of("Name", "NAME"), List.of(row)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FormatTemplate.parse("{{.Label}}").execute(row));
        assertEquals("template: :1:2: executing \"\" at <.Label>: wrong number of args for Label: want 1 got 0",
                e.getMessage());
    }

    @Test
    void goTimeWithNanoseconds() {
        java.util.TimeZone saved = java.util.TimeZone.getDefault();
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("UTC"));
        try {
            assertEquals("2026-12-05 08:54:47.69392711 +0000 UTC",
                    Formats.goTimeNanos("2026-12-05T08:54:47.69392711Z"));
            assertEquals("2026-12-05 08:54:47 +0000 UTC", Formats.goTimeNanos("2026-12-05T08:54:47Z"));
        } finally {
            java.util.TimeZone.setDefault(saved);
        }
    }

    @Test
    void anUnknownFunctionFailsWhenParsedAsGo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FormatTemplate.parse("{{.A}}{{nosuchfunc .Names}}"));
        assertEquals("template: :1: function \"nosuchfunc\" not defined", e.getMessage());
    }

    @Test
    void aGoTimePrintsAsGoAndMarshalsAsRfc3339() {
        java.util.TimeZone saved = java.util.TimeZone.getDefault();
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("UTC"));
        try {
            Map<String, Object> net = Map.of("Created", new GoTimeValue("2026-12-05T08:54:47.693927110Z"));
            assertEquals("2026-12-05 08:54:47.69392711 +0000 UTC \"2026-12-05T08:54:47.69392711Z\"",
                    FormatTemplate.parse("{{.Created}} {{json .Created}}").execute(net));
        } finally {
            java.util.TimeZone.setDefault(saved);
        }
    }

    @Test
    void contextRowsInsideAValueStayEscaped() {
        GoStruct df = new GoStruct("*formatter.diskUsageContext")
                .field("Containers", List.of(new ContextRow(Map.of("Command", "a >&2"))));
        assertEquals("{\"Containers\":[{\"Command\":\"a \\u003e\\u00262\"}]}",
                FormatTemplate.parse("{{json .}}").execute(df));
    }
}
