package dev.jdock.cli.command.image;

import dev.jdock.api.stream.ProgressMessage;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The build on a terminal, compact and live: each finished step collapsed to one line ({@code [2/5] RUN make
 * 3.1s}, {@code CACHED} when the cache served it), the running step with its elapsed time and the last
 * {@link #TAIL} lines of its output, redrawn in place (cursor up, clear to the end of the screen). A failed step
 * keeps its output tail on screen. Lines are cut to the terminal's width so the redraw counts hold.
 */
final class BuildTtyView implements BuildStream.View {
    static final int TAIL = 6;
    private static final Pattern STEP = Pattern.compile("^Step (\\d+/\\d+) : (.*)$");
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*[A-Za-z]");

    private final PrintStream out;
    private final LongSupplier clock;
    private final int width;
    private final Deque<String> tail = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();
    private String step;
    private String title;
    private long started;
    private boolean cached;
    private int drawn;

    BuildTtyView(PrintStream out, LongSupplier clock, int width) {
        this.out = out;
        this.clock = clock;
        this.width = Math.max(20, width);
    }

    @Override
    public synchronized void stream(String text) {
        partial.append(text);
        int nl;
        StringBuilder permanent = new StringBuilder();
        boolean lines = false;
        while ((nl = partial.indexOf("\n")) >= 0) {
            line(partial.substring(0, nl), permanent);
            partial.delete(0, nl + 1);
            lines = true;
        }
        if (lines) {
            redraw(permanent);
        }
    }

    @Override
    public synchronized void status(ProgressMessage m) {
        String id = m.id() == null || m.id().isEmpty() ? "" : m.id() + ": ";
        String progress = m.progress() == null ? "" : " " + m.progress();
        if (step == null) {
            redraw(new StringBuilder(cut(id + m.status() + progress)).append('\n'));
            return;
        }
        keep(id + m.status() + progress);
        redraw(new StringBuilder());
    }

    /** Redraws the running step (its elapsed time); the ticker calls it between messages. */
    synchronized void tick() {
        if (step != null) {
            redraw(new StringBuilder());
        }
    }

    @Override
    public synchronized void end(boolean failed) {
        StringBuilder permanent = new StringBuilder();
        if (partial.length() > 0) {
            line(partial.toString(), permanent);
            partial.setLength(0);
        }
        finish(permanent, failed);
        redraw(permanent);
        out.flush();
    }

    private void line(String raw, StringBuilder permanent) {
        String text = ANSI.matcher(raw).replaceAll("");
        int cr = text.lastIndexOf('\r');
        text = cr >= 0 ? text.substring(cr + 1) : text;
        Matcher m = STEP.matcher(text);
        if (m.matches()) {
            finish(permanent, false);
            step = m.group(1);
            title = m.group(2);
            started = clock.getAsLong();
            cached = false;
        } else if (text.startsWith(" ---> ")) {
            cached |= text.equals(" ---> Using cache");
        } else if (text.startsWith("Removing intermediate container ") || text.isEmpty() && step != null) {
            return;
        } else if (step == null || text.startsWith("Successfully ")) {
            finish(permanent, false);
            permanent.append(cut(text)).append('\n');
        } else {
            keep(text);
        }
    }

    private void keep(String text) {
        tail.addLast(text);
        while (tail.size() > TAIL) {
            tail.removeFirst();
        }
    }

    /** Collapses the running step into its permanent line (with its output tail when it failed). */
    private void finish(StringBuilder permanent, boolean failed) {
        if (step == null) {
            return;
        }
        String state = failed ? "ERROR " : cached ? "CACHED " : "";
        permanent.append(cut(stepLine(state))).append('\n');
        if (failed) {
            for (String t : tail) {
                permanent.append(cut("  " + t)).append('\n');
            }
        }
        step = null;
        tail.clear();
    }

    private String stepLine(String state) {
        double secs = (clock.getAsLong() - started) / 1000.0;
        return "[" + step + "] " + state + title + "  " + String.format(Locale.ROOT, "%.1fs", secs);
    }

    private void redraw(StringBuilder permanent) {
        StringBuilder sb = new StringBuilder();
        if (drawn > 0) {
            sb.append("\u001b[").append(drawn).append("A\r");
        }
        sb.append("\u001b[J").append(permanent);
        drawn = 0;
        if (step != null) {
            sb.append(cut(stepLine(""))).append('\n');
            drawn++;
            for (String t : tail) {
                sb.append(cut("  " + t)).append('\n');
                drawn++;
            }
        }
        out.print(sb);
        out.flush();
    }

    private String cut(String s) {
        return s.length() < width ? s : s.substring(0, width - 1);
    }
}
