package dev.jdock.daemon.server;

import java.io.IOException;

/**
 * The request body could not be read whole: the client closed or stalled before its end, or sent a malformed chunk.
 * A client error (400), logged at debug only, whatever the handler wrapped it in.
 */
final class RequestBodyException extends IOException {
    private static final long serialVersionUID = 1L;

    RequestBodyException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The body failure in {@code t}'s cause chain, or null. */
    static RequestBodyException in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof RequestBodyException e) {
                return e;
            }
        }
        return null;
    }
}
