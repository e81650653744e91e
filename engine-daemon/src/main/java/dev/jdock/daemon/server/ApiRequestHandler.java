package dev.jdock.daemon.server;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.Json;
import dev.jdock.daemon.api.Routes;
import dev.jdock.daemon.errors.EngineException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns decoded HTTP requests into {@link Exchange}s and runs their handlers on the worker pool. Request bodies are
 * bridged as streams; the next request on a keep-alive connection is taken only once the current response is done.
 */
final class ApiRequestHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRequestHandler.class);
    private static final Pattern VERSIONED = Pattern.compile("^/v([0-9]+)\\.([0-9]+)(/.*)$");

    private final Routes routes;
    private final ExecutorService workers;
    private final PeerReads peerReads;
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    private Exchange current;
    private boolean inputShutdown;

    ApiRequestHandler(Routes routes, ExecutorService workers, PeerReads peerReads) {
        this.routes = routes;
        this.workers = workers;
        this.peerReads = peerReads;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (current != null && current.isHijacked()) {
            if (msg instanceof ByteBuf buf) {
                current.rawInput().offer(buf);
            } else {
                io.netty.util.ReferenceCountUtil.release(msg);
            }
            return;
        }
        if (!pending.isEmpty() || (msg instanceof HttpRequest && current != null)) {
            pending.add(msg);
            return;
        }
        dispatch(ctx, msg);
    }

    private void dispatch(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req) {
            begin(ctx, req);
        }
        if (msg instanceof HttpContent content) {
            if (current != null && !current.bodyStream().isEnded()) {
                current.bodyStream().offer(content.content());
                if (content instanceof LastHttpContent) {
                    current.bodyStream().end();
                }
            } else {
                content.release();
            }
        } else if (!(msg instanceof HttpRequest)) {
            io.netty.util.ReferenceCountUtil.release(msg);
        }
    }

    private void begin(ChannelHandlerContext ctx, HttpRequest req) {
        QueryStringDecoder qs = new QueryStringDecoder(req.uri(), StandardCharsets.UTF_8);
        String rawPath = rawPath(req.uri());
        ApiVersion version = ApiVersion.MAX;
        Matcher m = VERSIONED.matcher(rawPath);
        String versionError = null;
        if (m.matches()) {
            version = new ApiVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            rawPath = m.group(3);
            if (version.compareTo(ApiVersion.MAX) > 0) {
                versionError = "client version " + version + " is too new. Maximum supported API version is "
                        + ApiVersion.MAX;
            } else if (version.compareTo(ApiVersion.MIN) < 0) {
                versionError = "client version " + version + " is too old. Minimum supported API version is "
                        + ApiVersion.MIN + ", please upgrade your client to a newer version";
            }
        }
        Map<String, List<String>> query = qs.parameters();
        Routes.Match match = null;
        EngineException routeError = null;
        if (versionError != null) {
            routeError = EngineException.invalid(versionError);
        } else {
            try {
                match = routes.match(req.method().name(), rawPath);
            } catch (EngineException e) {
                routeError = e;
            }
        }
        Exchange ex = new Exchange(ctx, req, rawPath, version, match == null ? Map.of() : match.params(), query,
                closeFuture, peerReads);
        current = ex;
        if (!io.netty.handler.codec.http.HttpUtil.isContentLengthSet(req)
                && !io.netty.handler.codec.http.HttpUtil.isTransferEncodingChunked(req)) {
            ex.bodyStream().end();
        }
        ex.done().whenComplete((v, t) -> ctx.executor().execute(() -> finished(ctx, ex)));
        Routes.Match finalMatch = match;
        EngineException finalError = routeError;
        workers.execute(() -> run(ex, finalMatch, finalError));
    }

    private static void run(Exchange ex, Routes.Match match, EngineException routeError) {
        String name = Thread.currentThread().getName();
        Thread.currentThread().setName("api " + ex.method() + " " + ex.path());
        try {
            if (routeError != null) {
                throw routeError;
            }
            match.handler().handle(ex, ex);
            if (!ex.isCommitted()) {
                ex.status(204);
            }
        } catch (Throwable t) {
            fail(ex, t);
        } finally {
            if (!ex.isHijacked()) {
                ex.bodyStream().close();
            }
            Thread.currentThread().setName(name);
        }
    }

    private static void fail(Exchange ex, Throwable t) {
        EngineException e = t instanceof EngineException ee ? ee : EngineException.system(String.valueOf(t.getMessage()), t);
        int status = e.kind().httpStatus();
        boolean clientGone = ex.isCommitted() && (t instanceof IOException || t instanceof java.io.UncheckedIOException);
        if (status >= 500 && !clientGone) {
            LOG.error("{} {}: {}", ex.method(), ex.path(), e.getMessage(), t);
        } else {
            LOG.debug("{} {} -> {}: {}", ex.method(), ex.path(), status, e.getMessage());
        }
        if (ex.isCommitted()) {
            if (!ex.isHijacked() && !(t instanceof IOException)) {
                ex.closeAfterDone();
            }
            return;
        }
        try {
            ex.json(status, Map.of("message", e.getMessage() == null ? "" : e.getMessage()));
        } catch (RuntimeException ignored) {
            // the client is gone
        }
    }

    private void finished(ChannelHandlerContext ctx, Exchange ex) {
        if (ex.isHijacked() || current != ex) {
            return;
        }
        if (!ex.keepAlive() || inputShutdown) {
            ctx.close();
            return;
        }
        current = null;
        while (!pending.isEmpty()) {
            if (current != null && pending.peek() instanceof HttpRequest) {
                break;
            }
            dispatch(ctx, pending.poll());
        }
    }

    /** Called on the event loop when a handler hijacks the connection: HTTP decoding stops, raw bytes flow. */
    static void switchToRaw(ChannelHandlerContext ctx, Exchange ex) {
        if (ctx.pipeline().get("http") != null) {
            ctx.pipeline().remove("http");
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputShutdown = true;
            if (current != null && current.isHijacked()) {
                current.rawInput().end();
            } else if (current == null || current.done().isDone()) {
                ctx.close();
            } else {
                // the client will send nothing more: as Go's server cancels a request's context on EOF, handlers
                // waiting for a condition (wait, logs -f, events) stop; otherwise a `docker run -d`, whose wait
                // connection dies with the CLI, would hold a worker until its container exits
                current.bodyStream().end();
                closeFuture.complete(null);
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closeFuture.complete(null);
        if (current != null) {
            current.bodyStream().fail(new IOException("client connection closed"));
            current.rawInput().end();
        }
        Object m;
        while ((m = pending.poll()) != null) {
            io.netty.util.ReferenceCountUtil.release(m);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection error: {}", cause.toString());
        ctx.close();
    }

    private static String rawPath(String uri) {
        int q = uri.indexOf('?');
        String p = q >= 0 ? uri.substring(0, q) : uri;
        return p.isEmpty() ? "/" : p;
    }

    static byte[] errorBody(String message) {
        try {
            return Json.mapper().writeValueAsBytes(Map.of("message", message));
        } catch (Exception e) {
            return ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        }
    }
}
