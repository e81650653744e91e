package dev.jdock.daemon.server;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.Json;
import dev.jdock.daemon.api.ApiRequest;
import dev.jdock.daemon.api.ApiResponse;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.api.HijackedConnection;
import dev.jdock.daemon.errors.EngineException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** One request/response on a connection: the handler-facing request and response, backed by the channel. */
final class Exchange implements ApiRequest, ApiResponse {
    private final ChannelHandlerContext ctx;
    private final HttpRequest request;
    private final String path;
    private final ApiVersion version;
    private final Map<String, String> params;
    private final Map<String, List<String>> query;
    private final BodyInputStream body;
    private final BodyInputStream rawInput;
    private final List<String[]> extraHeaders = new ArrayList<>();
    private final CompletableFuture<Void> closeFuture;
    private final PeerReads peerReads;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    /** A chunked response was started and its stream not closed yet (its end never comes if the handler failed). */
    private volatile boolean streamOpen;
    private final ServerLimits limits;
    private final JsonBody.Budget.Lease jsonLease;
    /** The request's Content-Length, -1 when chunked or absent. */
    private final long contentLength;
    private volatile boolean closeAfter;
    private volatile boolean committed;
    private volatile boolean hijacked;
    /** The status sent (0 until then) and when the request's head was read: for the request metrics. */
    private volatile int status;
    private final long startNanos = System.nanoTime();
    private Filters filters;
    /** Told when the handler goes long: a streamed or hijacked response, a body still arriving, a long wait. */
    private Runnable onLong = () -> { };

    Exchange(ChannelHandlerContext ctx, HttpRequest request, Target target, Connection conn) {
        this.peerReads = conn.peerReads();
        this.ctx = ctx;
        this.request = request;
        this.path = target.path();
        this.version = target.version();
        this.params = target.params();
        this.query = target.query();
        this.body = new BodyInputStream(conn.gate());
        this.rawInput = new BodyInputStream(conn.gate());
        this.closeFuture = conn.closeFuture();
        this.limits = conn.limits();
        this.jsonLease = conn.jsonBudget().lease();
        this.contentLength = HttpUtil.getContentLength(request, -1L);
    }

    /** What the request names: its path without the version prefix, the version, path parameters and query. */
    record Target(String path, ApiVersion version, Map<String, String> params, Map<String, List<String>> query) {
    }

    /** What every exchange of one connection shares. */
    record Connection(ReadGate gate, CompletableFuture<Void> closeFuture, PeerReads peerReads, ServerLimits limits,
            JsonBody.Budget jsonBudget, ConnectionBudget.Account account) {
    }

    BodyInputStream bodyStream() {
        return body;
    }

    /** What the client sends after the connection was hijacked. */
    BodyInputStream rawInput() {
        return rawInput;
    }

    /** {@code r} runs (on the handler's thread) when the handler goes long ({@link #longRunning}). */
    void onLong(Runnable r) {
        onLong = r;
    }

    @Override
    public void longRunning() {
        onLong.run();
    }

    boolean isHijacked() {
        return hijacked;
    }

    /** Completes when the response has been fully written (or the connection hijacked). */
    CompletableFuture<Void> done() {
        return done;
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public ApiVersion version() {
        return version;
    }

    @Override
    public String param(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no path parameter " + name);
        }
        return v;
    }

    @Override
    public Optional<String> query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    @Override
    public List<String> queryAll(String name) {
        return query.getOrDefault(name, List.of());
    }

    @Override
    public boolean queryBool(String name, boolean def) {
        Optional<String> v = query(name);
        if (v.isEmpty()) {
            return def;
        }
        // moby's httputils.BoolValue: anything but "", "0", "no", "false" and "none" is true
        String s = v.get().trim().toLowerCase(java.util.Locale.ROOT);
        return !(s.isEmpty() || s.equals("0") || s.equals("no") || s.equals("false") || s.equals("none"));
    }

    @Override
    public long queryLong(String name, long def) {
        Optional<String> v = query(name);
        if (v.isEmpty() || v.get().isEmpty()) {
            return def;
        }
        try {
            return Long.parseLong(v.get().trim());
        } catch (NumberFormatException e) { // moby parses with strconv.Atoi and answers its error
            String why = v.get().matches("[+-]?[0-9]+") ? "value out of range" : "invalid syntax";
            throw EngineException.invalid("strconv.Atoi: parsing \"" + v.get() + "\": " + why);
        }
    }

    @Override
    public Filters filters() {
        if (filters == null) {
            filters = Filters.parse(query("filters").orElse(null));
        }
        return filters;
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(request.headers().get(name));
    }

    @Override
    public <T> T json(Class<T> type) {
        String ct = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (ct != null && !ct.isEmpty() && !ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            if (contentLength == 0 || body.isComplete() && body.received() == 0) {
                return null;
            }
            throw EngineException.invalid("Content-Type specified (" + ct + ") must be 'application/json'");
        }
        return JsonBody.read(body, type, contentLength, limits.maxJsonBody(), jsonLease);
    }

    @Override
    public InputStream body() {
        if (!body.isEnded()) { // an upload at the client's pace (load, build, import, a copy into a container)
            onLong.run();
        }
        return body;
    }

    @Override
    public ApiResponse header(String name, String value) {
        extraHeaders.add(new String[] {name, value});
        return this;
    }

    @Override
    public void json(int status, Object value) {
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(value);
        } catch (Exception e) {
            throw EngineException.system("encoding response: " + e.getMessage(), e);
        }
        byte[] withNewline = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, withNewline, 0, bytes.length);
        withNewline[bytes.length] = '\n';
        full(status, "application/json", withNewline);
    }

    @Override
    public void bytes(int status, String contentType, byte[] content) {
        full(status, contentType, content);
    }

    void full(int status, String contentType, byte[] content) {
        ensureNotCommitted();
        this.status = status;
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(content));
        decorate(resp.headers());
        if (contentType != null) {
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        HttpUtil.setContentLength(resp, content.length);
        ctx.writeAndFlush(resp).addListener(f -> done.complete(null));
    }

    @Override
    public void status(int status) {
        full(status, null, new byte[0]);
    }

    @Override
    public OutputStream stream(int status, String contentType) {
        ensureNotCommitted();
        this.status = status;
        HttpResponse resp = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        decorate(resp.headers());
        if (contentType != null) {
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        HttpUtil.setTransferEncodingChunked(resp, true);
        onLong.run();
        ctx.writeAndFlush(resp);
        streamOpen = true;
        return ChannelOutputStream.chunked(ctx.channel(), () -> {
            streamOpen = false;
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> done.complete(null));
        });
    }

    @Override
    public HijackedConnection hijack(boolean upgrade, String contentType) {
        ensureNotCommitted();
        hijacked = true;
        onLong.run();
        status = upgrade ? 101 : 200;
        StringBuilder head = new StringBuilder();
        if (upgrade) {
            head.append("HTTP/1.1 101 UPGRADED\r\nContent-Type: ").append(contentType)
                    .append("\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n");
        } else {
            head.append("HTTP/1.1 200 OK\r\nContent-Type: ").append(contentType).append("\r\n");
        }
        for (String[] h : extraHeaders) {
            head.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        head.append("\r\n");
        byte[] bytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        CompletableFuture<Void> written = new CompletableFuture<>();
        ctx.executor().execute(() -> {
            ApiRequestHandler.switchToRaw(ctx);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(f -> written.complete(null));
        });
        written.join();
        peerReads.awaitRead(ctx.channel(), PeerReads.MAX_WAIT_MILLIS);
        done.complete(null);
        ChannelOutputStream out = ChannelOutputStream.raw(ctx.channel(), () -> ctx.close());
        return new HijackedConnection() {
            @Override
            public InputStream input() {
                return rawInput;
            }

            @Override
            public OutputStream output() {
                return out;
            }

            @Override
            public void close() {
                out.close(); // after the last write: a close drops what is still queued
            }
        };
    }

    @Override
    public void abort() {
        committed = true;
        ctx.channel().close().addListener(f -> done.complete(null));
    }

    @Override
    public boolean isCommitted() {
        return committed;
    }

    @Override
    public CompletableFuture<Void> closeFuture() {
        return closeFuture;
    }

    private void ensureNotCommitted() {
        if (committed) {
            throw new IllegalStateException("response already sent");
        }
        committed = true;
    }

    private void decorate(HttpHeaders h) {
        ServerHeaders.apply(h);
        for (String[] x : extraHeaders) {
            h.add(x[0], x[1]);
        }
        if (!body.isComplete()
                && (body.isEnded() || contentLength < 0 || contentLength - body.received() > limits.drainMax())) {
            closeAfter = true; // a failed body, or too much of it unread to drop before the next request (as Go)
        }
        if (!keepAlive()) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    boolean keepAlive() {
        return !closeAfter && HttpUtil.isKeepAlive(request);
    }

    /** The connection closes after this response (the rest of the body is not worth reading, or cannot be). */
    void closeAfterResponse() {
        closeAfter = true;
    }

    /** The status code sent, 0 when no response was sent. */
    int status() {
        return status;
    }

    /** Nanoseconds since the request's head was read. */
    long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }

    /** The request's Content-Length, -1 when chunked or absent. */
    long contentLength() {
        return contentLength;
    }

    /** The request is over: what it held of the JSON budget goes back. */
    void release() {
        jsonLease.close();
    }

    void closeAfterDone() {
        done.thenRun(() -> ctx.channel().eventLoop().execute(() -> ctx.channel().close()));
    }

    /**
     * After a handler failed with its response committed: the connection closes once the response is out, or at
     * once when its stream was left open (its last chunk would never come: the client would wait for good).
     */
    void closeAfterFailure() {
        if (streamOpen) {
            abort();
        } else {
            closeAfterDone();
        }
    }
}
