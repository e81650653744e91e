package dev.jdock.daemon.server;

import dev.jdock.api.types.common.ErrorResponse;
import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request's handler on its worker thread: routing errors and handler failures become the {@code {"message"}}
 * answer dockerd gives; only 5xx are logged as errors (a body the client cut short is the client's error). Anything
 * but an {@link EngineException} is a 500 with its own text (as dockerd answers an unclassified error) and is logged
 * with its stack trace as a bug.
 */
final class HandlerRun {
    private static final Logger LOG = LoggerFactory.getLogger(HandlerRun.class);
    /** The thread's name shows the path, not the 64 KiB a request line may hold (it is in every log line). */
    private static final int MAX_NAME_PATH = 120;

    private HandlerRun() {
    }

    static void run(Exchange ex, RequestTarget t) {
        String name = Thread.currentThread().getName();
        String path = ex.path();
        Thread.currentThread().setName("api " + ex.method() + " "
                + (path.length() > MAX_NAME_PATH ? path.substring(0, MAX_NAME_PATH) + "..." : path));
        try {
            if (t.error() != null) {
                throw t.error();
            }
            t.match().handler().handle(ex, ex);
            if (!ex.isCommitted()) {
                ex.status(204);
            }
        } catch (Throwable e) {
            fail(ex, e);
        } finally {
            if (!ex.isHijacked()) {
                ex.bodyStream().close();
            }
            ex.release();
            Thread.currentThread().setName(name);
        }
    }

    private static void fail(Exchange ex, Throwable t) {
        RequestBodyException bodyError = RequestBodyException.in(t);
        EngineException e = t instanceof EngineException ee ? ee
                : bodyError != null ? EngineException.invalid("reading request body: " + bodyError.getMessage())
                : EngineException.system(String.valueOf(t.getMessage()), t);
        int status = e.kind().httpStatus();
        boolean clientGone = ex.isCommitted()
                && (t instanceof IOException || t instanceof java.io.UncheckedIOException);
        // interrupted: the daemon's shutdown cut the request (DaemonServer.shutdown), not a failure of its own
        boolean cut = t instanceof InterruptedException || Thread.currentThread().isInterrupted();
        if (status >= 500 && !clientGone && bodyError == null && !cut) {
            if (e == t) {
                LOG.error("{} {}: {}", ex.method(), ex.path(), e.getMessage(), t);
            } else { // nothing classified it: a validation or an invariant that is not an EngineException
                LOG.error("{} {}: unexpected {} (a bug: errors reach the API as EngineException): {}", ex.method(),
                        ex.path(), t.getClass().getName(), e.getMessage(), t);
            }
        } else {
            LOG.debug("{} {} -> {}: {}", ex.method(), ex.path(), status, e.getMessage());
        }
        if (ex.isHijacked()) {
            ex.abort(); // the stream is over: the client sees EOF instead of waiting on an open connection
            return;
        }
        if (ex.isCommitted()) {
            if (!(t instanceof IOException)) {
                ex.closeAfterDone();
            }
            return;
        }
        try {
            ex.json(status, new ErrorResponse(e.getMessage()));
        } catch (RuntimeException ignored) {
            // the client is gone
        }
    }
}
