package dev.jdock.daemon.api;

/** One endpoint. Runs on a blocking worker thread, never on the event loop. */
@FunctionalInterface
public interface Handler {
    void handle(ApiRequest req, ApiResponse res) throws Exception;
}
