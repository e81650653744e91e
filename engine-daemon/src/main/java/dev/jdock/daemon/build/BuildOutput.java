package dev.jdock.daemon.build;

import dev.jdock.api.Json;
import dev.jdock.api.stream.ProgressMessage;
import dev.jdock.daemon.errors.EngineException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The JSON message stream of a classic build, as moby writes it: {@code {"stream":…}} for the step lines and the
 * steps' output (stderr between {@code ESC[91m} and {@code ESC[0m}), {@code {"aux":{"ID":…}}} for the result and
 * {@code errorDetail} for a failure. The response starts with the first message: a build that fails before anything
 * was written (a bad Dockerfile, a missing context) gets a plain HTTP error, as from moby.
 *
 * <p>Quiet builds ({@code q=1}) keep their messages, up to {@link #QUIET_LIMIT} bytes (the tail is dropped), and
 * send them only when the build fails, before the error; a successful quiet build sends just the image ID.
 */
final class BuildOutput implements StepLog {
    static final int QUIET_LIMIT = 1 << 20;

    private final Supplier<OutputStream> opener;
    private final boolean quiet;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private OutputStream out;
    private volatile boolean gone;

    BuildOutput(Supplier<OutputStream> opener, boolean quiet) {
        this.opener = opener;
        this.quiet = quiet;
    }

    @Override
    public void stream(String text) {
        send(ProgressMessage.stream(text), true);
    }

    /** A message already encoded (one JSON line kept by a {@link StageLog}), kept like any other when quiet. */
    synchronized void raw(byte[] line) {
        if (quiet) {
            if (kept.size() + line.length <= QUIET_LIMIT) {
                kept.write(line, 0, line.length);
            }
            return;
        }
        write(line);
    }

    /** One message as a JSON line. */
    static byte[] encode(ProgressMessage m) {
        try {
            return (Json.mapper().writeValueAsString(m) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw EngineException.system("encoding build output: " + e.getMessage(), e);
        }
    }

    /** The built image: the aux message, then moby's closing lines (or the bare ID for a quiet build). */
    void built(String imageId, Iterable<String> tags) {
        if (quiet) {
            send(ProgressMessage.stream(imageId + "\n"), false);
            return;
        }
        send(new ProgressMessage(null, null, null, null, null,
                Json.mapper().createObjectNode().put("ID", imageId), null, null), false);
        stream("Successfully built " + BuildIds.shortId(imageId) + "\n");
        for (String t : tags) {
            stream("Successfully tagged " + t + "\n");
        }
    }

    /**
     * Reports a failed build. Before anything was sent the failure is thrown back, to become the HTTP error; after,
     * it ends the stream as an {@code errorDetail} message ({@code code}: a RUN step's exit status, else null).
     */
    void fail(EngineException e, Integer code) {
        if (out == null && kept.size() == 0) {
            throw e;
        }
        synchronized (this) {
            if (quiet && kept.size() > 0) {
                write(kept.toByteArray());
                kept.reset();
            }
        }
        send(new ProgressMessage(null, null, null, null, null, null,
                new ProgressMessage.ErrorDetail(code, e.getMessage()), e.getMessage()), false);
    }

    /**
     * Where a FROM's pull writes its own JSON messages: passed on as they are (the client renders the progress),
     * kept like the rest for a quiet build.
     */
    @Override
    public OutputStream passthrough() {
        return StepLog.lines(this::raw);
    }

    /** Whether a write found the client gone: the build stops at its next step. */
    @Override
    public boolean clientGone() {
        return gone;
    }

    private synchronized void send(ProgressMessage m, boolean keepWhenQuiet) {
        byte[] line = encode(m);
        if (keepWhenQuiet) {
            raw(line);
        } else {
            write(line);
        }
    }

    private void write(byte[] bytes) {
        if (gone) {
            return;
        }
        try {
            if (out == null) {
                out = opener.get();
            }
            out.write(bytes);
        } catch (IOException e) {
            gone = true;
        }
    }

    /** Ends the response (once the build is over). */
    synchronized void close() {
        if (out == null) {
            out = opener.get();
        }
        try {
            out.close();
        } catch (IOException e) {
            gone = true;
        }
    }
}
