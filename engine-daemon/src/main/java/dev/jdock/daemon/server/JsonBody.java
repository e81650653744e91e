package dev.jdock.daemon.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.jdock.api.Json;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
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
        try (JsonParser p = Json.requestMapper().createParser(new Capped(body, max, lease))) {
            if (p.nextToken() == null) {
                return null;
            }
            T value;
            try {
                value = Json.requestMapper().readValue(p, type);
            } catch (MismatchedInputException e) {
                String go = goTypeError(e); // while the parser still holds the offending token
                if (go != null) {
                    throw EngineException.invalid("invalid JSON: " + go);
                }
                throw e;
            }
            String range = GoRanges.check(value); // Go's decoder refuses it before it looks past the value
            if (range != null) {
                throw EngineException.invalid("invalid JSON: " + range);
            }
            if (p.nextToken() != null) {
                throw EngineException.invalid("unexpected content after JSON");
            }
            return value;
        } catch (IOException e) {
            throw failure(e, max);
        }
    }

    /** The answer to a failed parse; databind may have wrapped the body's own failure in a mapping exception. */
    private static EngineException failure(IOException e, int max) {
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
        if (e instanceof JsonEOFException) {
            return EngineException.invalid("invalid JSON: unexpected EOF");
        }
        if (e instanceof JsonProcessingException j) {
            return EngineException.invalid("invalid JSON: " + j.getOriginalMessage());
        }
        return EngineException.invalid("reading request body: " + e.getMessage());
    }

    /**
     * Go's wording of a value of the wrong JSON type (a string, a fraction or a boolean for an integer field, a
     * string or a number for a boolean one, a number or a boolean for a string), as encoding/json gives it to
     * dockerd:
     * {@code json: cannot unmarshal string into Go struct field EndpointSettings.NetworkingConfig.EndpointsConfig
     * .GwPriority of type int}. The struct is the innermost record, the field the path of JSON names (map keys and
     * list indexes left out, as Go does); null when the failure is not of that kind.
     */
    static String goTypeError(MismatchedInputException f) {
        String javaType = goType(f.getTargetType());
        if (javaType == null || !(f.getProcessor() instanceof JsonParser p) || p.currentToken() == null) {
            return null;
        }
        String value;
        try {
            value = switch (p.currentToken()) {
                case VALUE_STRING -> "string";
                case VALUE_TRUE, VALUE_FALSE -> "bool";
                // Go names the literal only when it fails to fit a number type ("number 1.5" for an int)
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "string".equals(javaType) ? "number"
                        : "number " + p.getText();
                default -> null;
            };
        } catch (IOException e) {
            return null;
        }
        if (value == null) {
            return null;
        }
        StringBuilder field = new StringBuilder();
        String struct = null;
        String last = null;
        for (JsonMappingException.Reference r : f.getPath()) {
            if (r.getFieldName() == null || r.getFrom() instanceof java.util.Map) {
                continue;
            }
            field.append(field.length() == 0 ? "" : ".").append(r.getFieldName());
            last = r.getFieldName();
            Object from = r.getFrom();
            struct = from instanceof Class<?> c ? c.getSimpleName() : from == null ? struct
                    : from.getClass().getSimpleName();
        }
        String goType = GO_TYPES.getOrDefault(struct + "." + last, GO_TYPES.getOrDefault("*." + last, javaType));
        struct = GO_STRUCTS.getOrDefault(struct, struct);
        if (field.length() == 0) {
            return "json: cannot unmarshal " + value + " into Go value of type " + goType;
        }
        return goFieldError(value, (struct == null ? "" : struct + ".") + field, goType);
    }

    /** Go's {@code UnmarshalTypeError} for a struct field: {@code field} is {@code Struct.path.Field}. */
    static String goFieldError(String value, String field, String goType) {
        return "json: cannot unmarshal " + value + " into Go struct field " + field + " of type " + goType;
    }

    /** moby's struct where the Java record is named otherwise (the innermost struct holding the field, as Go names it:
     * a field of an embedded struct is its outer struct's). */
    private static final Map<String, String> GO_STRUCTS = Map.of(
            "ContainerCreateRequest", "CreateRequest",
            "NetworkCreateRequest", "CreateRequest",
            "NetworkConnectRequest", "ConnectOptions",
            "NetworkDisconnectRequest", "DisconnectOptions",
            "ContainerUpdateRequest", "UpdateConfig",
            "ExecConfig", "ExecOptions",
            "ExecStartRequest", "ExecStartOptions");

    /** The Go type of a field where the Java field's type says otherwise ({@code Record.Field}, {@code *.Field}). */
    private static final Map<String, String> GO_TYPES = Map.ofEntries(
            Map.entry("EndpointSettings.GwPriority", "int"),
            Map.entry("HostConfig.BlkioWeight", "uint16"),
            Map.entry("ContainerUpdateRequest.BlkioWeight", "uint16"),
            Map.entry("WeightDevice.Weight", "uint16"),
            Map.entry("ThrottleDevice.Rate", "uint64"),
            Map.entry("HostConfig.IOMaximumIOps", "uint64"),
            Map.entry("HostConfig.IOMaximumBandwidth", "uint64"),
            Map.entry("HealthConfig.Interval", "time.Duration"),
            Map.entry("HealthConfig.Timeout", "time.Duration"),
            Map.entry("HealthConfig.StartPeriod", "time.Duration"),
            Map.entry("HealthConfig.StartInterval", "time.Duration"),
            Map.entry("TmpfsOptions.Mode", "fs.FileMode"),
            Map.entry("*.ConsoleSize", "uint"),
            Map.entry("*.StopTimeout", "int"), // Go's int is 64 bits: Java's long holds it
            Map.entry("HealthConfig.Retries", "int"),
            Map.entry("HostConfig.OomScoreAdj", "int"),
            Map.entry("RestartPolicy.MaximumRetryCount", "int"));

    private static String goType(Class<?> t) {
        if (t == int.class || t == Integer.class || t == short.class || t == Short.class) {
            return "int";
        }
        if (t == long.class || t == Long.class) {
            return "int64";
        }
        if (t == boolean.class || t == Boolean.class) {
            return "bool";
        }
        if (t == String.class) {
            return "string";
        }
        return null;
    }

    private static EngineException tooLarge(int max) {
        return new EngineException(ErrorKind.REQUEST_TOO_LARGE,
                "request body too large: a JSON body is limited to " + max + " bytes");
    }

    /** Counts what the parser reads: beyond {@code max}, {@link TooLarge}; each byte is taken from the lease. */
    private static final class Capped extends InputStream {
        private final InputStream in;
        private final int max;
        private final Budget.Lease lease;
        private long count;

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
            if (n > 0) {
                count += n;
                if (count > max) {
                    throw new TooLarge();
                }
                lease.take(n);
            }
            return n;
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
