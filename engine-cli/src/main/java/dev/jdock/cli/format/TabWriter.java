package dev.jdock.cli.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code text/tabwriter} with the docker CLI's settings ({@code minwidth 10, padding 3, padchar ' '}): cells
 * end with a tab; a column block is a run of consecutive lines that have a cell in that column, padded to
 * max(widest cell + 3, 10); the text after a line's last tab is not aligned.
 */
public final class TabWriter {
    private static final int MIN_WIDTH = 10;
    private static final int PADDING = 3;

    private TabWriter() {
    }

    /** Aligns {@code text} (lines separated by \n, cells by \t). */
    public static String format(String text) {
        List<String[]> lines = new ArrayList<>();
        String[] raw = text.split("\n", -1);
        for (int i = 0; i < raw.length; i++) {
            if (i == raw.length - 1 && raw[i].isEmpty()) {
                break;
            }
            lines.add(raw[i].split("\t", -1));
        }
        StringBuilder out = new StringBuilder();
        List<Integer> widths = new ArrayList<>();
        format(lines, 0, lines.size(), widths, out);
        if (!text.endsWith("\n") && out.length() > 0) {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }

    private static void format(List<String[]> lines, int line0, int line1, List<Integer> widths,
            StringBuilder out) {
        int column = widths.size();
        int first = line0;
        for (int cur = line0; cur < line1; cur++) {
            if (column >= lines.get(cur).length - 1) {
                continue;
            }
            writeLines(lines, first, cur, widths, out);
            first = cur;
            int width = MIN_WIDTH;
            for (; cur < line1; cur++) {
                String[] l = lines.get(cur);
                if (column >= l.length - 1) {
                    break;
                }
                width = Math.max(width, width(l[column]) + PADDING);
            }
            widths.add(width);
            format(lines, first, cur, widths, out);
            widths.remove(widths.size() - 1);
            first = cur;
        }
        writeLines(lines, first, line1, widths, out);
    }

    private static void writeLines(List<String[]> lines, int from, int to, List<Integer> widths, StringBuilder out) {
        for (int i = from; i < to; i++) {
            String[] cells = lines.get(i);
            for (int j = 0; j < cells.length; j++) {
                out.append(cells[j]);
                if (j < widths.size() && j < cells.length - 1) {
                    out.append(" ".repeat(Math.max(0, widths.get(j) - width(cells[j]))));
                }
            }
            out.append('\n');
        }
    }

    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }
}
