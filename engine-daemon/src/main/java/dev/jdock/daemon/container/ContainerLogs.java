package dev.jdock.daemon.container;

import dev.jdock.api.stream.StdcopyFrame;
import dev.jdock.daemon.logging.JsonFileLogReader;
import dev.jdock.daemon.logging.LogEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code GET /containers/{id}/logs}: the json-file log, framed (no TTY) or raw (TTY), optionally followed. */
final class ContainerLogs {
    private static final long FOLLOW_POLL_MS = 50;

    /** What the client asked for. */
    record Options(boolean stdout, boolean stderr, boolean follow, long tail, boolean timestamps,
            Optional<Instant> since, Optional<Instant> until) {
    }

    void write(Container c, Options o, OutputStream out, CompletableFuture<Void> clientGone) throws IOException {
        boolean tty = c.record().config().tty();
        try (JsonFileLogReader reader = new JsonFileLogReader(ContainerFiles.logPath(c))) {
            for (LogEntry e : reader.tail(o.tail())) {
                emit(e, o, tty, out);
            }
            if (!o.follow()) {
                return;
            }
            while (!clientGone.isDone()) {
                Optional<LogEntry> e = reader.next();
                if (e.isPresent()) {
                    if (o.until().isPresent() && e.get().time().isAfter(o.until().get())) {
                        return;
                    }
                    emit(e.get(), o, tty, out);
                    continue;
                }
                if (!c.isRunning()) {
                    // drain what the monitor wrote before it exited, then end
                    while ((e = reader.next()).isPresent()) {
                        emit(e.get(), o, tty, out);
                    }
                    return;
                }
                try {
                    c.notRunning().get(FOLLOW_POLL_MS, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException ignored) {
                    // poll again
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void emit(LogEntry e, Options o, boolean tty, OutputStream out) throws IOException {
        if (e.stderr() ? !o.stderr() : !o.stdout()) {
            return;
        }
        if (o.since().isPresent() && e.time().isBefore(o.since().get())) {
            return;
        }
        if (o.until().isPresent() && e.time().isAfter(o.until().get())) {
            return;
        }
        byte[] payload = e.log();
        if (o.timestamps()) {
            byte[] ts = (e.rawTime() + " ").getBytes(StandardCharsets.UTF_8);
            byte[] p = new byte[ts.length + payload.length];
            System.arraycopy(ts, 0, p, 0, ts.length);
            System.arraycopy(payload, 0, p, ts.length, payload.length);
            payload = p;
        }
        if (tty) {
            out.write(payload);
        } else {
            out.write(StdcopyFrame.encode(e.stderr() ? 2 : 1, payload, 0, payload.length));
        }
    }

    /** Docker's since/until: unix seconds with optional fraction ("1700000000.123456789"), or RFC 3339. */
    static Optional<Instant> parseTime(Optional<String> v) {
        if (v.isEmpty() || v.get().isEmpty() || v.get().equals("0")) {
            return Optional.empty();
        }
        String s = v.get();
        try {
            int dot = s.indexOf('.');
            long secs = Long.parseLong(dot < 0 ? s : s.substring(0, dot));
            long nanos = 0;
            if (dot >= 0) {
                String frac = (s.substring(dot + 1) + "000000000").substring(0, 9);
                nanos = Long.parseLong(frac);
            }
            return Optional.of(Instant.ofEpochSecond(secs, nanos));
        } catch (NumberFormatException e) {
            return Optional.of(Instant.parse(s));
        }
    }
}
