package dev.jdock.api.client;

import java.io.IOException;

/**
 * A non-2xx answer from the engine: the HTTP status and the {@code message} of its JSON error body
 * (or the raw body text when it is not JSON).
 */
public final class EngineApiException extends IOException {
    private final int status;

    public EngineApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public boolean isNotFound() {
        return status == 404;
    }
}
