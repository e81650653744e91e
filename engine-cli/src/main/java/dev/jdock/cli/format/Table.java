package dev.jdock.cli.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)} as the docker CLI uses it for tables: every column but
 * the last is padded to max(cell width + 3, 10).
 */
public final class Table {
    private final List<String[]> rows = new ArrayList<>();

    public Table(String... header) {
        rows.add(header);
    }

    public Table row(String... cells) {
        rows.add(cells);
        return this;
    }

    public String render() {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < cols - 1; c++) {
                width[c] = Math.max(width[c], Math.max(10, r[c].codePointCount(0, r[c].length()) + 3));
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) {
                sb.append(r[c]);
                if (c < cols - 1) {
                    sb.append(" ".repeat(width[c] - r[c].codePointCount(0, r[c].length())));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
