package dev.jdock.cli.io;

import dev.jdock.api.value.GoDuration;
import dev.jdock.cli.format.Formats;
import dev.jdock.cli.format.JsonStreamSplitter;
import dev.jdock.cli.reply.JsonMessageView;
import dev.jdock.cli.reply.PushResultView;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Renders a JSON message stream (pull, push, load, import, a build's pulls) byte for byte as the docker CLI 28's
 * jsonmessage does. On a terminal every id that has progress gets a line of its own, redrawn in place: a new id
 * prints {@code \n}, each update moves the cursor up to its line ({@code ESC[nA}), clears it ({@code ESC[2K}),
 * writes {@code \r id: status [==>   ] 1.2MB/3.4MB 5s\r} and moves back down ({@code ESC[nB}); the bar shows where
 * the terminal is wider than 110 columns and the ETA where it is wider than 50. A message without id or progress
 * ({@code Digest:}, {@code Status:}) is a plain line that ends the redrawable block. Off a terminal a message with
 * counters to show is skipped and every other one printed as {@code id: status}. An {@code error} message ends the
 * display; the recorded fixtures under engine-cli's test resources {@code docker-cli/} are docker's own output.
 */
public final class ProgressDisplay {
    /** jsonmessage's width when the terminal's size is unknown. */
    static final int DEFAULT_WIDTH = 200;
    private static final long SECOND = 1_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final IntSupplier width;
    private final Clock clock;
    private final ZoneId zone;
    private final Map<String, Integer> ids = new HashMap<>();
    private PushResultView aux;

    /**
     * A display on {@code out}; on a terminal it reads the width from the controlling terminal, live. The local zone
     * is looked up only for a message's time stamp (time-zone data costs a fresh JVM time).
     */
    public ProgressDisplay(PrintStream out, boolean terminal) {
        this(out, terminal, terminal ? new LiveWidth() : () -> DEFAULT_WIDTH, Clock.systemUTC(), null);
    }

    /** A display with a given width and clock (the ETA and the time stamps, in the clock's zone). */
    ProgressDisplay(PrintStream out, boolean terminal, IntSupplier width, Clock clock) {
        this(out, terminal, width, clock, clock.getZone());
    }

    private ProgressDisplay(PrintStream out, boolean terminal, IntSupplier width, Clock clock, ZoneId zone) {
        this.out = out;
        this.terminal = terminal;
        this.width = width;
        this.clock = clock;
        this.zone = zone;
    }

    /** Displays the stream; returns the error message, or null when it ended well. */
    public String display(InputStream body) throws IOException {
        AutoCloseable resize = width instanceof LiveWidth live ? Terminal.onResize(live::refresh) : () -> { };
        try (JsonStreamSplitter messages = new JsonStreamSplitter(body)) {
            Object json;
            while ((json = messages.next()) != null) {
                String error = render(new JsonMessageView(json));
                if (error != null) {
                    return error;
                }
            }
            return null;
        } finally {
            out.flush();
            try {
                resize.close();
            } catch (Exception ignored) {
                // the previous SIGWINCH handler stays replaced: harmless
            }
        }
    }

    /** The last {@code aux} message (a push's result), or null. */
    public PushResultView aux() {
        return aux;
    }

    /** One message as DisplayJSONMessagesStream shows it (flushed); returns its error, if it is one. */
    public String render(JsonMessageView m) {
        String error = message(m);
        out.flush();
        return error;
    }

    private String message(JsonMessageView m) {
        if (m.hasAux()) {
            aux = new PushResultView(m.aux());
            return null;
        }
        String id = m.id();
        int diff = 0;
        if (!id.isEmpty() && (m.hasProgressDetail() || !m.progress().isEmpty())) {
            Integer line = ids.get(id);
            if (line == null) {
                line = ids.size();
                ids.put(id, line);
                if (terminal) {
                    out.print('\n');
                }
            }
            diff = ids.size() - line;
            if (terminal) {
                move(diff, 'A');
            }
        } else {
            ids.clear(); // later updates must not move above a line that is not theirs
        }
        String error = show(m);
        if (!id.isEmpty() && terminal) {
            move(diff, 'B');
        }
        return error;
    }

    private void move(int lines, char direction) {
        if (lines != 0) {
            out.print("\033[" + lines + direction);
        }
    }

    /** JSONMessage.Display. */
    private String show(JsonMessageView m) {
        if (m.isError()) {
            return m.errorMessage();
        }
        boolean detail = m.hasProgressDetail();
        String stream = m.stream();
        String endl = "";
        if (terminal && stream.isEmpty() && detail) {
            out.print("\033[2K\r");
            endl = "\r";
        } else if (detail && !progress(m.progressDetail()).isEmpty()) {
            return null; // no bars off a terminal
        }
        StringBuilder sb = new StringBuilder();
        if (m.timeNano() != 0) {
            sb.append(stamp(Instant.ofEpochSecond(0, m.timeNano()))).append(' ');
        } else if (m.time() != 0) {
            sb.append(stamp(Instant.ofEpochSecond(m.time()))).append(' ');
        }
        if (!m.id().isEmpty()) {
            sb.append(m.id()).append(": ");
        }
        if (!m.from().isEmpty()) {
            sb.append("(from ").append(m.from()).append(") ");
        }
        if (detail && terminal) {
            sb.append(m.status()).append(' ').append(progress(m.progressDetail())).append(endl);
        } else if (!m.progress().isEmpty()) {
            sb.append(m.status()).append(' ').append(m.progress()).append(endl);
        } else if (!stream.isEmpty()) {
            sb.append(stream).append(endl);
        } else {
            sb.append(m.status()).append(endl).append('\n');
        }
        out.print(sb);
        return null;
    }

    /** RFC3339NanoFixed in the clock's zone (the local one for the public constructor). */
    private String stamp(Instant t) {
        return Stamp.FORMAT.format(t.atZone(zone != null ? zone : ZoneId.systemDefault()));
    }

    /** JSONProgress.String: {@code [==>   ] } (wider than 110), the counts, the ETA (wider than 50). */
    String progress(JsonMessageView.Detail p) {
        long current = p.current();
        long total = p.total();
        if (current <= 0 && total <= 0) {
            return "";
        }
        if (total <= 0) {
            return p.units().isEmpty() ? String.format("%8s", Formats.humanSize4(current))
                    : current + " " + p.units();
        }
        int cols = width.getAsInt();
        int percentage = Math.max(0, Math.min(50, (int) ((double) current / (double) total * 100) / 2));
        StringBuilder sb = new StringBuilder();
        if (cols > 110) {
            sb.append('[').append("=".repeat(percentage)).append('>').append(" ".repeat(50 - percentage))
                    .append("] ");
        }
        if (!p.hideCounts()) {
            if (p.units().isEmpty()) {
                String cur = String.format("%8s", Formats.humanSize4(current));
                sb.append(current > total ? cur : cur + "/" + Formats.humanSize4(total));
            } else {
                sb.append(current > total ? current + " " + p.units() : current + "/" + total + " " + p.units());
            }
        }
        if (current > 0 && p.start() > 0 && percentage < 50 && cols > 50) {
            Instant now = clock.instant();
            long fromStart = (now.getEpochSecond() - p.start()) * SECOND + now.getNano();
            long left = (total - current) * (fromStart / current);
            sb.append(' ').append(GoDuration.format(roundToSecond(left)));
        }
        return sb.toString();
    }

    /** Go's Duration.Round(time.Second): halves away from zero. */
    static long roundToSecond(long nanos) {
        long abs = Math.abs(nanos);
        long r = abs % SECOND;
        long rounded = r + r < SECOND ? abs - r : abs + SECOND - r;
        return nanos < 0 ? -rounded : rounded;
    }


    /** The formatter, built on first use (time-zone data costs a fresh JVM time that most streams never need). */
    private static final class Stamp {
        static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");
    }

    /** The controlling terminal's columns, read once and again after each SIGWINCH. */
    private static final class LiveWidth implements IntSupplier {
        private volatile int cols = -1;

        void refresh() {
            int[] size = Terminal.size();
            cols = size == null || size[1] <= 0 ? DEFAULT_WIDTH : size[1];
        }

        @Override
        public int getAsInt() {
            if (cols < 0) {
                refresh();
            }
            return cols;
        }
    }
}
