package dev.jdock.daemon.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.jdock.api.GoJson;
import dev.jdock.api.Json;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Reads a JSON request body as dockerd's decoder does: streaming from the body, so invalid JSON is answered at the
 * first bad byte without reading the rest; content after the value is refused. Unlike dockerd, the body is capped
 * ({@link ServerLimits#maxJsonBody()}, 413 beyond) and so is what all requests in progress hold together
 * ({@link Budget}): the parsed object lives as long as its request.
 */
final class JsonBody {
    private JsonBody() {
    }

    /**
     * The value, or null for an empty body. {@code contentLength} is -1 when unknown (chunked). Bytes read are taken
     * from {@code lease}, which the caller releases when the request is over.
     */
    static <T> T read(InputStream body, Class<T> type, long contentLength, int max, Budget.Lease lease) {
        if (contentLength > max) {
            throw tooLarge(max);
        }
        Capped in = new Capped(body, max, lease);
        try (JsonParser p = Json.requestMapper().createParser(in)) {
            if (p.nextToken() == null) {
                return null;
            }
            T value;
            try {
                value = Json.requestMapper().readValue(p, type);
            } catch (MismatchedInputException e) {
                String go = GoTypeErrors.of(e); // while the parser still holds the offending token
                if (go != null) {
                    throw EngineException.invalid("invalid JSON: " + go);
                }
                throw e;
            }
            String range = GoRanges.check(value); // Go's decoder refuses it before it looks past the value
            if (range != null) {
                throw EngineException.invalid("invalid JSON: " + range);
            }
            if (nextToken(p) != null) {
                throw EngineException.invalid("unexpected content after JSON");
            }
            return value;
        } catch (IOException e) {
            throw failure(e, max, in);
        }
    }

    /** The token after the value; whatever comes there, even what is no JSON, is content after it (moby's). */
    private static JsonToken nextToken(JsonParser p) throws IOException {
        try {
            return p.nextToken();
        } catch (StreamReadException e) {
            return JsonToken.NOT_AVAILABLE;
        }
    }

    /** The answer to a failed parse; databind may have wrapped the body's own failure in a mapping exception. */
    private static EngineException failure(IOException e, int max, Capped in) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof TooLarge) {
                return tooLarge(max);
            }
            if (c instanceof BudgetExhausted) {
                return new EngineException(ErrorKind.UNAVAILABLE, c.getMessage());
            }
            if (c instanceof RequestBodyException) {
                return EngineException.invalid("reading request body: " + c.getMessage());
            }
        }
        String go = goSyntaxError(e, in);
        if (go != null) {
            return EngineException.invalid("invalid JSON: " + go);
        }
        if (e instanceof JsonEOFException) {
            return EngineException.invalid("invalid JSON: unexpected EOF");
        }
        if (e instanceof JsonProcessingException j) {
            return EngineException.invalid("invalid JSON: " + j.getOriginalMessage());
        }
        return EngineException.invalid("reading request body: " + e.getMessage());
    }

    /**
     * Go's words for a syntax error (its scanner run over the bytes read so far, which hold the offending one): {@code
     * invalid character 'x' looking for beginning of value}, or {@code unexpected EOF} for a body that ended inside
     * the value; null when the failure is not the parser's or Go's scanner finds nothing wrong there (Jackson refuses
     * what Go takes, as bytes that are not UTF-8): Jackson's words then.
     */
    private static String goSyntaxError(IOException e, Capped in) {
        boolean parser = false;
        for (Throwable c = e; c != null && !parser; c = c.getCause()) {
            parser = c instanceof StreamReadException;
        }
        if (!parser) {
            return null;
        }
        try {
            GoJson.check(in.seen());
            return null;
        } catch (GoJson.SyntaxException s) {
            if (s.getMessage().equals("unexpected end of JSON input")) {
                return in.ended ? "unexpected EOF" : null;
            }
            return s.getMessage();
        }
    }

    private static EngineException tooLarge(int max) {
        return new EngineException(ErrorKind.REQUEST_TOO_LARGE,
                "request body too large: a JSON body is limited to " + max + " bytes");
    }

    /**
     * Counts what the parser reads: beyond {@code max}, {@link TooLarge}; each byte is taken from the lease. Keeps a
     * copy of what was read for Go's wording of a syntax error: it lives while the value is parsed (a parsed value
     * takes several times its JSON on the heap, which the lease counts).
     */
    private static final class Capped extends InputStream {
        private final InputStream in;
        private final int max;
        private final Budget.Lease lease;
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
        private long count;
        boolean ended;

        Capped(InputStream in, int max, Budget.Lease lease) {
            this.in = in;
            this.max = max;
            this.lease = lease;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (count >= max + 1L) {
                throw new TooLarge();
            }
            int n = in.read(b, off, (int) Math.min(len, max + 1L - count));
            if (n < 0) {
                ended = true;
            }
            if (n > 0) {
                seen.write(b, off, n);
                count += n;
                if (count > max) {
                    throw new TooLarge();
                }
                lease.take(n);
            }
            return n;
        }

        byte[] seen() {
            return seen.toByteArray();
        }
    }

    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("request body too large");
        }
    }

    private static final class BudgetExhausted extends IOException {
        private static final long serialVersionUID = 1L;

        BudgetExhausted(String message) {
            super(message);
        }
    }

    /** JSON body bytes all requests in progress may hold together. */
    static final class Budget {
        private final int total;
        private final Semaphore bytes;
        private final long waitNanos;

        Budget(int total, java.time.Duration wait) {
            this.total = total;
            this.bytes = new Semaphore(total);
            this.waitNanos = wait.toNanos();
        }

        Lease lease() {
            return new Lease();
        }

        /** Bytes not taken by any request (for tests). */
        int available() {
            return bytes.availablePermits();
        }

        /** One request's share; {@link #close} gives it back. */
        final class Lease implements AutoCloseable {
            private int held;

            void take(int n) throws IOException {
                try {
                    if (!bytes.tryAcquire(n, waitNanos, TimeUnit.NANOSECONDS)) {
                        throw new BudgetExhausted("server busy: JSON request bodies in progress hold " + total
                                + " bytes, try again later");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while reading the request body");
                }
                synchronized (this) {
                    held += n;
                }
            }

            @Override
            public synchronized void close() {
                bytes.release(held);
                held = 0;
            }
        }
    }
}
