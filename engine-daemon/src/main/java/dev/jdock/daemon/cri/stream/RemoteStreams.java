package dev.jdock.daemon.cri.stream;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * A streaming client's side of a remote command, whatever its protocol: the streams it opened (null for one the
 * request did not ask for), its terminal sizes and whether it is still there. Reads block until data or the
 * client's end of stdin; writes block while the client is slow (back-pressure), and throw once it has gone.
 */
public interface RemoteStreams {
    /** Null unless the request asked for stdin. */
    InputStream stdin();

    /** Null unless the request asked for stdout. */
    OutputStream stdout();

    /** Null unless the request asked for stderr. */
    OutputStream stderr();

    /**
     * Sends the terminal sizes the client reports to {@code handler}, the last one known first if any; on a pooled
     * thread, never concurrently.
     */
    void onResize(ResizeHandler handler);

    /** Completes when the client has gone (its connection closed). */
    CompletableFuture<Void> clientGone();

    @FunctionalInterface
    interface ResizeHandler {
        void resize(int height, int width);
    }
}
