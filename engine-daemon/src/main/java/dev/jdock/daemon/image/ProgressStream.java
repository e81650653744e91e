package dev.jdock.daemon.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jdock.api.Json;
import dev.jdock.api.stream.ProgressMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON message stream of a pull or push, as the docker CLI renders it: one object per line, written from several
 * layer threads. A client that went away is remembered and later messages are dropped (the work goes on, so that
 * what it shares with other pulls completes). Byte progress is throttled per id.
 */
final class ProgressStream {
    private static final ProgressMessage.ProgressDetail EMPTY = new ProgressMessage.ProgressDetail(null, null);
    private static final long MIN_INTERVAL_NANOS = 100_000_000L;

    private final OutputStream out;
    private final Map<String, Long> lastProgress = new ConcurrentHashMap<>();
    private volatile boolean gone;

    ProgressStream(OutputStream out) {
        this.out = out;
    }

    /** A stream that discards everything (quiet callers, tests). */
    static ProgressStream discarding() {
        return new ProgressStream(OutputStream.nullOutputStream());
    }

    void status(String status) {
        send(ProgressMessage.status(status));
    }

    /** {@code {"status":…,"progressDetail":{},"id":…}}. */
    void layer(String id, String status) {
        send(new ProgressMessage(status, id, null, EMPTY, null, null, null, null));
    }

    /** A progress bar update, at most every 100 ms per id unless it is the last one. */
    void progress(String id, String status, long current, long total) {
        long now = System.nanoTime();
        Long last = lastProgress.get(id + status);
        if (last != null && now - last < MIN_INTERVAL_NANOS && current != total) {
            return;
        }
        lastProgress.put(id + status, now);
        send(new ProgressMessage(status, id, bar(current, total),
                new ProgressMessage.ProgressDetail(current, total > 0 ? total : null), null, null, null, null));
    }

    void aux(JsonNode aux) {
        send(new ProgressMessage(null, null, null, EMPTY, null, aux, null, null));
    }

    void error(String message) {
        send(ProgressMessage.failure(message));
    }

    boolean clientGone() {
        return gone;
    }

    synchronized void send(ProgressMessage m) {
        if (gone) {
            return;
        }
        try {
            out.write((Json.mapper().writeValueAsString(m) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            gone = true;
        }
    }

    /** Docker's JSONProgress string: {@code [=====>      ]  1.2MB/3.4MB}. */
    static String bar(long current, long total) {
        if (total <= 0) {
            return humanSize(current);
        }
        int pct = (int) Math.min(50, current * 50 / total);
        String box = "[" + "=".repeat(pct) + ">" + " ".repeat(50 - pct) + "] ";
        String numbers = current > total ? humanSize(current)
                : String.format("%8s/%s", humanSize(current), humanSize(total));
        return box + numbers;
    }

    /** go-units HumanSize: decimal units, 4 significant digits ({@code 3.406MB}, {@code 528B}). */
    static String humanSize(double size) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB"};
        int i = 0;
        while (size >= 1000 && i < units.length - 1) {
            size /= 1000;
            i++;
        }
        BigDecimal d = new BigDecimal(size).round(new MathContext(4)).stripTrailingZeros();
        return d.toPlainString() + units[i];
    }
}
