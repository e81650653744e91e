package dev.jdock.cli.format;

import dev.jdock.cli.core.CliException;
import java.util.List;
import java.util.Map;

/**
 * The docker CLI's {@code --format} handling for list commands (cli/command/formatter): {@code table} (alone: the
 * command's default table), {@code table <template>} (a header row and tab alignment), {@code json} (one
 * {@code {{json .}}} line per row) or a plain template (one line per row); {@code \t} and {@code \n} escapes are
 * turned into real characters.
 */
public final class FormatOutput {
    private FormatOutput() {
    }

    /**
     * @param format the user's --format value
     * @param defaultTable the command's default table template (e.g. {@code table {{.ID}}\t{{.Size}}})
     * @param headers field name → column title
     * @param rows one data map per row (values may be {@link FormatTemplate.Method}s)
     */
    public static String render(String format, String defaultTable, Map<String, String> headers,
            List<? extends Map<String, Object>> rows) {
        return render(format, defaultTable, headers, rows, "*formatter.context");
    }

    /** @param typeName the Go type docker's errors name, e.g. {@code *formatter.imageContext} */
    public static String render(String format, String defaultTable, Map<String, String> headers,
            List<? extends Map<String, Object>> rows, String typeName) {
        String f = format == null || format.isEmpty() || format.equals("table") ? defaultTable
                : format.equals("json") ? "{{json .}}" : format;
        boolean table = f.startsWith("table");
        String body = table ? f.substring("table".length()) : f;
        body = body.strip().replace("\\t", "\t").replace("\\n", "\n");
        FormatTemplate tmpl;
        try {
            tmpl = FormatTemplate.parseStrict(body, typeName).escapedRows(true);
        } catch (IllegalArgumentException e) {
            throw new CliException(1, "template parsing error: " + e.getMessage());
        }
        StringBuilder out = new StringBuilder();
        try {
            if (table) {
                out.append(tmpl.executeHeader(headers)).append('\n');
            }
            for (Map<String, Object> row : rows) {
                out.append(tmpl.execute(row)).append('\n');
            }
        } catch (IllegalArgumentException e) {
            throw new CliException(1, "template parsing error: " + e.getMessage());
        }
        return table ? TabWriter.format(out.toString()) : out.toString();
    }
}
