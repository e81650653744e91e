package dev.jdock.daemon.api;

import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/** How a handler answers: a JSON value, a bare status, a chunked stream, or a hijacked raw connection. */
public interface ApiResponse {
    /** Adds a header to the response; only before anything was sent. */
    ApiResponse header(String name, String value);

    void json(int status, Object value);

    /** A complete body of known length. */
    void bytes(int status, String contentType, byte[] body);

    /** A response without a body (Content-Length: 0). */
    void status(int status);

    /**
     * Sends the status line and headers at once and returns a chunked stream: every write() goes out as one chunk and
     * is flushed; close() ends the response. write() blocks while the client is slow and throws IOException once the
     * client has gone.
     */
    OutputStream stream(int status, String contentType);

    /**
     * Takes over the connection as a raw byte pipe (attach, exec start). With {@code upgrade} the client asked for
     * {@code Upgrade: tcp} and gets {@code 101 UPGRADED}; without, it gets {@code 200 OK} and the stream anyway.
     */
    HijackedConnection hijack(boolean upgrade, String contentType);

    /**
     * Ends a streamed response that failed half-way by closing the connection without the terminating chunk, so
     * the client sees a truncated body ("unexpected EOF") instead of a complete-looking one.
     */
    void abort();

    boolean isCommitted();

    /**
     * The handler is about to wait on something outside the daemon for as long as it takes (a container's exit
     * after {@code stop}'s grace period, a registry): from now on it does not count against the few short handlers
     * the API runs at once (a streamed or hijacked response, or reading a request body that is still arriving, says
     * so by itself).
     */
    default void longRunning() {
    }

    /** Completes when the client connection is closed (for long polls such as wait and logs -f). */
    CompletableFuture<Void> closeFuture();
}
