package dev.jdock.daemon.server;

import dev.jdock.api.types.common.ErrorResponse;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A request's handler on its worker thread: routing errors and handler failures become the {@code {"message"}}
 * answer dockerd gives; only 5xx are logged as errors (a body the client cut short is the client's error). Anything
 * but an {@link EngineException} is a 500 with its own text (as dockerd answers an unclassified error) and is logged
 * with its stack trace as a bug. Each request gets a short random ID, in the logging MDC under {@link #REQUEST_ID}
 * while its handler runs on this thread, so every line it logs names it (lines logged on other threads, such as
 * layer downloads or a container's monitor session, do not carry it; logback's MDC is not inherited).
 */
final class HandlerRun {
    private static final Logger LOG = LoggerFactory.getLogger(HandlerRun.class);
    /** The thread's name shows the path, not the 64 KiB a request line may hold (it is in every log line). */
    private static final int MAX_NAME_PATH = 120;
    /** The MDC key of the request ID (a field of its own in JSON logs, {@code request_id=...} in text). */
    static final String REQUEST_ID = "request_id";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private HandlerRun() {
    }

    static void run(Exchange ex, RequestTarget t) {
        String name = Thread.currentThread().getName();
        String path = ex.path();
        String shown = path.length() > MAX_NAME_PATH ? path.substring(0, MAX_NAME_PATH) + "..." : path;
        Thread.currentThread().setName("api " + ex.method() + " " + shown);
        MDC.put(REQUEST_ID, newRequestId());
        LOG.debug("Calling {} {}", ex.method(), shown);
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
            MDC.remove(REQUEST_ID);
            Thread.currentThread().setName(name);
        }
    }

    /** 12 random hex digits: unique enough to tell the requests of one log apart. */
    static String newRequestId() {
        long r = ThreadLocalRandom.current().nextLong();
        char[] id = new char[12];
        for (int i = 0; i < id.length; i++) {
            id[i] = HEX[(int) (r >>> (4 * i)) & 0xf];
        }
        return new String(id);
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
            if (e == t && e.kind() == ErrorKind.UNAVAILABLE) { // a budget's refusal: the daemon's choice, no fault
                LOG.warn("{} {}: {}", ex.method(), ex.path(), e.getMessage());
            } else if (e == t) {
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
                ex.closeAfterFailure(); // a stream it left open is cut: the client sees EOF, not a wait for good
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
