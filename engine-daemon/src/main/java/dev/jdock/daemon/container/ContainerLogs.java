package dev.jdock.daemon.container;

import dev.jdock.api.stream.StdcopyFrame;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.daemon.logging.LogFileReader;
import dev.jdock.daemon.logging.LogEntry;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /containers/{id}/logs}: the json-file log with its rotated generations, framed (no TTY) or raw (TTY),
 * optionally followed across rotations.
 */
final class ContainerLogs {
    private static final long FOLLOW_POLL_MS = 50;
    /** Go's RFC3339NanoFixed, as docker prints with --timestamps. */
    static final DateTimeFormatter RFC3339_NANO_FIXED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** What the client asked for. */
    record Options(boolean stdout, boolean stderr, boolean follow, long tail, boolean timestamps,
            Optional<Instant> since, Optional<Instant> until, boolean details) {
        Options(boolean stdout, boolean stderr, boolean follow, long tail, boolean timestamps,
                Optional<Instant> since, Optional<Instant> until) {
            this(stdout, stderr, follow, tail, timestamps, since, until, false);
        }
    }

    /** 501 as Docker for a driver that keeps nothing to read (call before the response stream starts). */
    static void checkReadable(Container c) {
        var lc = c.record().hostConfig() == null ? null : c.record().hostConfig().logConfig();
        if (lc != null && "none".equals(lc.type())) {
            throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "configured logging driver does not support reading");
        }
    }

    void write(Container c, Options o, OutputStream response, CompletableFuture<Void> clientGone)
            throws IOException {
        checkReadable(c);
        // many lines per chunk while the reader is behind; flushed whenever it has caught up
        BufferedOutputStream out = new BufferedOutputStream(response, 64 * 1024);
        boolean tty = c.record().config().tty();
        Path file = ContainerFiles.logPath(c);
        try (LogFileReader reader = new LogFileReader(file, "local".equals(ContainerFiles.logDriver(c)))) {
            long tail = o.tail();
            if (tail == 0 && !o.follow()) {
                return;
            }
            if (!o.follow()) {
                reader.stopAtCurrentEnd();
            }
            if (tail >= 0) {
                reader.skipToLast(tail);
            }
            Optional<LogEntry> e;
            while (!clientGone.isDone() && (e = reader.next()).isPresent()) {
                emit(e.get(), o, tty, out); // one entry at a time: the response's writes wait for a slow reader
            }
            out.flush();
            if (!o.follow() || o.until().isPresent() && !o.until().get().isAfter(Instant.now())) {
                return;
            }
            try (WatchService watch = c.dir().getFileSystem().newWatchService()) {
                file.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY);
                follow(c, reader, o, tty, out, clientGone, watch);
            }
        } finally {
            out.flush();
        }
    }

    /** Reads on; when caught up, flushes and sleeps until the log directory changes (inotify) or a short timeout. */
    private static void follow(Container c, LogFileReader reader, Options o, boolean tty,
            BufferedOutputStream out, CompletableFuture<Void> clientGone, WatchService watch) throws IOException {
        while (!clientGone.isDone()) {
            Optional<LogEntry> e = reader.next();
            if (e.isPresent()) {
                if (o.until().isPresent() && e.get().time().isAfter(o.until().get())) {
                    return;
                }
                emit(e.get(), o, tty, out);
                continue;
            }
            if (o.until().isPresent() && Instant.now().isAfter(o.until().get())) {
                return;
            }
            if (!c.isRunning()) {
                // drain what the monitor wrote before it exited, then end
                while ((e = reader.next()).isPresent()) {
                    emit(e.get(), o, tty, out);
                }
                return;
            }
            out.flush();
            try {
                WatchKey k = watch.poll(FOLLOW_POLL_MS, TimeUnit.MILLISECONDS);
                if (k != null) {
                    k.pollEvents();
                    k.reset();
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
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
        byte[] payload = format(e, o);
        if (tty) {
            out.write(payload);
        } else {
            out.write(StdcopyFrame.encode(e.stderr() ? 2 : 1, payload, 0, payload.length));
        }
    }

    /** [timestamp " "] [attrs " "] line, as moby builds it. */
    static byte[] format(LogEntry e, Options o) {
        if (!o.timestamps() && !o.details()) {
            return e.log();
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream(e.log().length + 64);
        if (o.timestamps()) {
            b.writeBytes((RFC3339_NANO_FIXED.format(e.time()) + " ").getBytes(StandardCharsets.UTF_8));
        }
        if (o.details()) {
            b.writeBytes((attrs(e.attrs()) + " ").getBytes(StandardCharsets.UTF_8));
        }
        b.writeBytes(e.log());
        return b.toByteArray();
    }

    /** {@code k=v,k2=v2}, keys sorted, both query-escaped (Docker's --details). */
    static String attrs(Map<String, String> attrs) {
        StringBuilder sb = new StringBuilder();
        attrs.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(en -> {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(URLEncoder.encode(en.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(en.getValue(), StandardCharsets.UTF_8));
        });
        return sb.toString();
    }

    /** Docker's since/until ({@link dev.jdock.daemon.events.EventTimes}); "0" is no bound. */
    static Optional<Instant> parseTime(Optional<String> v) {
        if (v.isEmpty() || v.get().isEmpty() || v.get().equals("0")) {
            return Optional.empty();
        }
        return dev.jdock.daemon.events.EventTimes.parse(v);
    }
}
