package dev.jdock.api.client;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.MiniJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small HTTP/1.1 client for the engine API over a {@link Dialer}'s connections: UNIX or TCP sockets, TLS, ssh (one
 * connection per request; no keep-alive).
 *
 * <p>The first versioned request pings {@code HEAD /_ping} and then uses {@code /v<min(server, ApiVersion.MAX)>}.
 * Non-2xx answers raise {@link EngineApiException} with the JSON {@code message}. Typed helpers that need databind
 * live in {@link ContainerApi}; this class only depends on jackson-core for error bodies.
 */
public final class EngineClient {
    private final DockerHost host;
    private final Dialer dialer;
    private final String userAgent;
    private volatile ApiVersion version;
    private volatile java.util.function.Consumer<String> trace;
    private final java.util.concurrent.atomic.AtomicReference<Idle> idle =
            new java.util.concurrent.atomic.AtomicReference<>();

    public EngineClient(DockerHost host, String userAgent) {
        this(host, host.plainDialer(), userAgent);
    }

    /** A client whose connections come from {@code dialer} (TLS, ssh); {@code host} names the engine in errors. */
    public EngineClient(DockerHost host, Dialer dialer, String userAgent) {
        this.host = host;
        this.dialer = dialer;
        this.userAgent = userAgent;
    }

    public EngineClient(DockerHost host) {
        this(host, "jdock/" + clientVersion());
    }

    /** The jdock version from the jar manifest, or {@code dev}. */
    public static String clientVersion() {
        String v = EngineClient.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    public DockerHost host() {
        return host;
    }

    /** Reports each request's method, target and status to {@code sink} ({@code jdock --debug}); null: none. */
    public void trace(java.util.function.Consumer<String> sink) {
        this.trace = sink;
    }

    /** Forces an API version (e.g. from {@code DOCKER_API_VERSION}) and skips negotiation. */
    public void pinVersion(ApiVersion v) {
        this.version = v;
    }

    /** The negotiated version, pinging the daemon on first use. */
    public ApiVersion apiVersion() throws IOException {
        ApiVersion v = version;
        if (v == null) {
            v = negotiate();
        }
        return v;
    }

    /**
     * {@code HEAD /_ping} (GET as fallback), then min(server Api-Version, MAX). A ping without Api-Version means
     * 1.24, as the Go client assumes.
     */
    public ApiVersion negotiate() throws IOException {
        String server;
        try (HttpResponse r = send(HttpRequest.head("/_ping").unversioned())) {
            server = r.status() < 400 ? r.header("Api-Version") : null;
            if (r.status() >= 400) {
                try (HttpResponse g = send(HttpRequest.get("/_ping").unversioned())) {
                    server = g.header("Api-Version");
                }
            }
        }
        ApiVersion v = server == null || server.isBlank() ? ApiVersion.MIN : ApiVersion.min(ApiVersion.parse(server), ApiVersion.MAX);
        version = v;
        return v;
    }

    /** Sends a request and returns the response once its head has arrived; non-2xx raise {@link EngineApiException}. */
    public HttpResponse execute(HttpRequest req) throws IOException {
        HttpResponse r = send(req);
        if (r.status() >= 200 && r.status() < 300) {
            return r;
        }
        throw toException(r);
    }

    /**
     * Sends a request and returns whatever status comes back (the caller checks it). The connection of the last
     * response that was read to its end is used again (HTTP/1.1 keep-alive, as the docker CLI's transport: one
     * ssh session or TLS handshake for a whole command); when the daemon closed that idle connection meanwhile
     * (nothing came back), the request goes once more on a new one. A request with a streamed body always takes a
     * new connection (it could not be sent again).
     */
    public HttpResponse send(HttpRequest req) throws IOException {
        String target = target(req); // may ping first: before this request's connection is opened
        Idle reused = req.bodyStream() == null ? idle.getAndSet(null) : null; // a stream cannot be sent twice
        if (reused != null) {
            try {
                return exchange(reused.ch(), reused.in(), req, target, true);
            } catch (StaleConnection e) {
                // the daemon had closed it: a new connection
            }
        }
        Connection ch = open();
        return exchange(ch, new HttpInput(ch.input()), req, target, false);
    }

    private HttpResponse exchange(Connection ch, HttpInput in, HttpRequest req, String target, boolean reused)
            throws IOException {
        boolean answered = false;
        try {
            try {
                HttpExchange.writeRequest(ch.output(), req.method(), target, headers(req),
                        req.body(), req.bodyStream());
            } catch (IOException e) {
                if (reused) {
                    throw new StaleConnection(e);
                }
                return answerBeforeBody(in, req, e);
            }
            if (reused && !in.awaitFirstByte()) {
                throw new StaleConnection(new IOException("connection closed before the response"));
            }
            answered = true;
            return traced(req, target, HttpExchange.readResponse(in, req.method(), kept -> keep(ch, kept)));
        } catch (IOException | RuntimeException e) {
            ch.close();
            if (reused && !answered && !(e instanceof StaleConnection)) {
                throw new StaleConnection(e instanceof IOException io ? io : new IOException(e));
            }
            throw e;
        }
    }

    /** A response body read to its end: its connection waits for the next request (one is kept; more are closed). */
    private void keep(Connection ch, HttpInput in) throws IOException {
        if (!ch.isOpen() || !idle.compareAndSet(null, new Idle(ch, in))) {
            ch.close();
        }
    }

    /** The connection kept between requests, with what its input has buffered. */
    private record Idle(Connection ch, HttpInput in) {
    }

    /** A reused connection that the daemon had closed: nothing was answered, the request may go again. */
    private static final class StaleConnection extends IOException {
        StaleConnection(IOException cause) {
            super(cause);
        }
    }

    private HttpResponse traced(HttpRequest req, String target, HttpResponse r) {
        java.util.function.Consumer<String> t = trace;
        if (t != null) {
            t.accept(req.method() + " " + target + " " + r.status());
        }
        return r;
    }

    /**
     * A streamed body whose write failed: the daemon may have answered (an error) before reading it all and closed
     * the connection, as jdockd and dockerd do for a refused build. That answer is the result, as Go's transport
     * returns it; without one the write's error stands.
     */
    private static HttpResponse answerBeforeBody(HttpInput in, HttpRequest req, IOException writeError)
            throws IOException {
        if (req.bodyStream() == null) {
            throw writeError;
        }
        try {
            return HttpExchange.readResponse(in, req.method());
        } catch (IOException | RuntimeException e) {
            writeError.addSuppressed(e);
            throw writeError;
        }
    }

    /** Sends an upgrade request ({@code Connection: Upgrade}, {@code Upgrade: tcp}); anything but 101 fails. */
    public HijackedConnection hijack(HttpRequest req) throws IOException {
        req.header("Connection", "Upgrade").header("Upgrade", "tcp");
        String target = target(req);
        Connection ch = open();
        try {
            HttpInput in = new HttpInput(ch.input());
            HttpExchange.writeRequest(ch.output(), req.method(), target, headers(req),
                    req.body(), req.bodyStream());
            HttpResponse r = traced(req, target, HttpExchange.readResponse(in, req.method()));
            if (r.status() == 101) {
                return new HijackedConnection(ch, r);
            }
            if (r.status() >= 400) {
                throw toException(r);
            }
            r.close();
            throw new IOException("unable to upgrade to tcp, received " + r.status());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** GET a versioned path and return the raw JSON body. */
    public byte[] getBytes(String path) throws IOException {
        try (HttpResponse r = execute(HttpRequest.get(path))) {
            return r.readAll();
        }
    }

    /** Executes a request and discards the body (204/201 answers). */
    public void call(HttpRequest req) throws IOException {
        try (HttpResponse r = execute(req)) {
            r.body().transferTo(OutputStream.nullOutputStream());
        }
    }

    /** A new raw connection to the engine (no request written): {@code jdock system dial-stdio}. */
    public Connection dial() throws IOException {
        return open();
    }

    private Connection open() throws IOException {
        try {
            return dialer.dial();
        } catch (DaemonUnreachableException e) {
            throw e;
        } catch (IOException e) {
            throw new DaemonUnreachableException(host, e);
        }
    }

    private String target(HttpRequest req) throws IOException {
        return req.versioned() ? "/v" + apiVersion() + req.target() : req.target();
    }

    private Map<String, String> headers(HttpRequest req) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "api.moby.localhost");
        h.put("User-Agent", userAgent);
        h.putAll(req.headers());
        return h;
    }

    /** Reads an error body: {@code {"message": …}} or plain text. */
    static EngineApiException toException(HttpResponse r) throws IOException {
        String text;
        try (r) {
            text = r.readString().trim();
        }
        return new EngineApiException(r.status(), errorMessage(text, r.status()));
    }

    /**
     * The {@code message} of a JSON error body ({@link MiniJson}: neither databind nor jackson-core's parser, whose
     * first use costs a CLI start ~20 ms on JDK 25, see {@link CreateBody#readCreated}), else the text.
     */
    static String errorMessage(String body, int status) {
        if (body.startsWith("{")) {
            try {
                if (MiniJson.parse(body.getBytes(StandardCharsets.UTF_8)) instanceof Map<?, ?> m
                        && m.get("message") instanceof String message) {
                    return message;
                }
            } catch (IOException ignored) {
                // fall through to the raw text
            }
        }
        return body.isEmpty() ? "HTTP " + status : body;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
