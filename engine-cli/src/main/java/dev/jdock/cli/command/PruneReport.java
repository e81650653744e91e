package dev.jdock.cli.command;

import dev.jdock.cli.format.Formats;

/**
 * What one prune removed, as the docker CLI's RunPrune functions return it: the bytes reclaimed and the listing
 * ({@code "Deleted Containers:\n<id>\n"}, or empty when nothing went). {@code system prune} prints several of them
 * and one total; each {@code X prune} prints its own.
 */
public record PruneReport(long spaceReclaimed, String output) {
    public static final PruneReport NONE = new PruneReport(0, "");

    /** A heading and one line per item; {@link #NONE} when there are no items. */
    public static PruneReport of(long spaceReclaimed, String heading, Iterable<String> lines) {
        StringBuilder sb = new StringBuilder(heading).append(":\n");
        boolean any = false;
        for (String line : lines) {
            sb.append(line).append('\n');
            any = true;
        }
        return any ? new PruneReport(spaceReclaimed, sb.toString()) : NONE;
    }

    /** docker's {@code Println(output)} when there is one (so a blank line follows it). */
    public String listing() {
        return output.isEmpty() ? "" : output + "\n";
    }

    /** The listing, then {@code Total reclaimed space: 1.986MB}. */
    public String withTotal() {
        return listing() + total(spaceReclaimed);
    }

    public static String total(long bytes) {
        return "Total reclaimed space: " + Formats.humanSize4(bytes) + "\n";
    }
}
