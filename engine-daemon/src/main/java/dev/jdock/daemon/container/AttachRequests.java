package dev.jdock.daemon.container;

import dev.jdock.api.stream.DetachKeys;
import dev.jdock.daemon.api.HijackedConnection;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.logging.LogFileReader;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The parts of {@code POST /containers/{id}/attach} around the live session: detach-key checks, log replay. */
final class AttachRequests {
    private AttachRequests() {
    }

    /** 400 with moby's wording for detach keys that do not parse (before the connection is hijacked). */
    static void checkDetachKeys(String keys) {
        if (keys == null || keys.isEmpty()) {
            return;
        }
        try {
            DetachKeys.parse(keys);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("Invalid detach keys (" + keys + ") provided");
        }
    }

    /**
     * {@code logs=1}: the log so far, framed as the attach will be, before the live stream (if any); up to
     * {@code upTo} (the live session's start), else to where the log ends now.
     */
    static void replayLogs(ContainerBackend service, Container c, AttachSession.Streams streams,
            Optional<LogFileReader.End> upTo, HijackedConnection conn, CompletableFuture<Void> clientGone) {
        if (!streams.stdout() && !streams.stderr()) {
            return;
        }
        ContainerLogs.Options o = new ContainerLogs.Options(streams.stdout(), streams.stderr(), false, -1, false,
                Optional.empty(), Optional.empty(), false, false, upTo);
        try {
            service.logs(c, o, conn.output(), clientGone);
        } catch (IOException | RuntimeException e) {
            // a driver without reading (none) or a vanished client: the live part still follows
        }
    }
}
