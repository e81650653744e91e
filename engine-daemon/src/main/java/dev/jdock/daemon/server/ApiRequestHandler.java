package dev.jdock.daemon.server;

import dev.jdock.api.types.common.ErrorResponse;
import dev.jdock.daemon.api.Routes;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns decoded HTTP requests into {@link Exchange}s and runs their handlers on the worker pool; all its state is
 * touched on the event loop only. Request bodies are bridged as streams. One request at a time per connection: a
 * request pipelined behind the current one stops the connection's reading until the current response is done.
 * A request the codec rejected, or whose URL is malformed, is answered here as Go's server answers it and the
 * connection closed: no worker ever waits on it. A small body is collected before its handler starts
 * ({@link ServerLimits#SMALL_BODY}), so a stalled one holds no thread; idle connections and stalled bodies time out
 * ({@link ServerLimits}).
 */
final class ApiRequestHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRequestHandler.class);
    private static final long BUSY_WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static volatile long lastBusyWarn = System.nanoTime() - BUSY_WARN_INTERVAL_NANOS;

    private final Routes routes;
    private final WorkerPool workers;
    private final Exchange.Connection conn;
    private final ServerLimits limits;
    private final RequestMetrics metrics;
    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    private Exchange current;
    private RequestTarget target;
    private boolean started;
    /** After a response, the unread rest of its body is dropped: bytes still allowed, or -1 when not draining. */
    private long drainLeft = -1;
    private long lastBodyNanos;
    private boolean inputShutdown;
    private boolean closing;
    private ScheduledFuture<?> idleTimer;
    private ScheduledFuture<?> stallTimer;

    ApiRequestHandler(Routes routes, WorkerPool workers, Exchange.Connection conn, RequestMetrics metrics) {
        this.routes = routes;
        this.workers = workers;
        this.conn = conn;
        this.limits = conn.limits();
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        armIdle(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
        } else if (current != null && current.isHijacked()) {
            if (msg instanceof ByteBuf buf) {
                current.rawInput().offer(buf);
            } else {
                ReferenceCountUtil.release(msg);
            }
        } else if (!pending.isEmpty() || (msg instanceof HttpRequest && busy())) {
            pending.add(msg);
            conn.gate().hold(ReadGate.PIPELINED);
        } else {
            handle(ctx, msg);
        }
    }

    /** A request is in progress, or the rest of the last one's body is being dropped. */
    private boolean busy() {
        return current != null || drainLeft >= 0;
    }

    private void handle(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req) {
            cancel(idleTimer);
            if (req.decoderResult().isFailure()) {
                Throwable cause = req.decoderResult().cause();
                ReferenceCountUtil.release(msg);
                reject(ctx, BadRequest.statusFor(cause), null, cause.toString());
                return;
            }
            begin(ctx, req);
        }
        if (msg instanceof HttpContent content) {
            content(ctx, content);
        } else if (!(msg instanceof HttpRequest)) {
            ReferenceCountUtil.release(msg);
        }
    }

    private void begin(ChannelHandlerContext ctx, HttpRequest req) {
        if (req.protocolVersion().majorVersion() != 1) {
            reject(ctx, HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "unsupported protocol version",
                    req.protocolVersion().text());
            return;
        }
        RequestTarget t;
        try {
            t = RequestTarget.parse(req, routes);
        } catch (RequestTarget.Malformed | RuntimeException e) {
            reject(ctx, HttpResponseStatus.BAD_REQUEST, null, e.getMessage());
            return;
        }
        Exchange ex = new Exchange(ctx, req, t.target(), conn);
        current = ex;
        target = t;
        started = false;
        if (HttpUtil.is100ContinueExpected(req)) {
            // curl sends "Expect: 100-continue" with a body over 1 MB and waits a second for this; Go's server
            // (dockerd) answers it as soon as the handler reads the body
            ctx.writeAndFlush(new io.netty.handler.codec.http.DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.CONTINUE, io.netty.buffer.Unpooled.EMPTY_BUFFER));
        }
        if (HttpUtil.isTransferEncodingChunked(req) || HttpUtil.getContentLength(req, 0L) > 0) {
            lastBodyNanos = System.nanoTime();
            armStall(ctx, limits.bodyStallTimeout().toNanos());
        } else {
            ex.bodyStream().complete();
        }
        String route = t.match() == null ? null : t.match().route();
        ex.done().whenComplete((v, t2) -> {
            metrics.request(route, ex.status(), ex.elapsedNanos());
            ctx.executor().execute(() -> finished(ctx, ex));
        });
        maybeStart(ctx);
    }

    private void content(ChannelHandlerContext ctx, HttpContent c) {
        if (c.decoderResult().isFailure()) {
            c.release();
            malformedBody(ctx, c.decoderResult().cause());
            return;
        }
        boolean last = c instanceof LastHttpContent;
        lastBodyNanos = System.nanoTime();
        if (drainLeft >= 0) {
            drainLeft -= c.content().readableBytes();
            conn.account().dropped(c.content().readableBytes());
            c.release();
            if (drainLeft < 0) {
                ctx.close();
            } else if (last) {
                drainLeft = -1;
                cancel(stallTimer);
                nextRequest(ctx);
            }
            return;
        }
        if (current == null) {
            c.release();
            return;
        }
        current.bodyStream().offer(c.content());
        if (last) {
            current.bodyStream().complete();
            cancel(stallTimer);
        }
        maybeStart(ctx);
    }

    /** A chunked body the codec could not decode: the handler sees an error, the connection closes. */
    private void malformedBody(ChannelHandlerContext ctx, Throwable cause) {
        if (current == null) {
            ctx.close();
            return;
        }
        current.bodyStream().fail(new IOException("malformed request body: " + cause.getMessage()));
        current.closeAfterResponse();
        cancel(stallTimer);
        if (!started) {
            current = null;
            reject(ctx, HttpResponseStatus.BAD_REQUEST, null, cause.toString());
        }
    }

    /** Starts the handler once a small body is complete, or with the first byte of a large or chunked one. */
    private void maybeStart(ChannelHandlerContext ctx) {
        Exchange ex = current;
        if (ex == null || started || closing) {
            return;
        }
        BodyInputStream body = ex.bodyStream();
        long len = ex.contentLength();
        if (!body.isEnded() && (body.received() == 0 || len >= 0 && len <= ServerLimits.SMALL_BODY)) {
            return;
        }
        started = true;
        RequestTarget t = target;
        conn.account().busy(); // before the handler can run (and finish()), and before the next connection counts
        try {
            workers.execute(goesLong -> {
                ex.onLong(goesLong);
                HandlerRun.run(ex, t);
            });
        } catch (RejectedExecutionException e) {
            conn.account().idle();
            warnBusy();
            ex.closeAfterResponse();
            ex.bodyStream().close();
            ex.json(503, new ErrorResponse("server busy: " + limits.maxWorkers()
                    + " requests in progress, try again later"));
            ex.release();
        }
    }

    private static void warnBusy() {
        long now = System.nanoTime();
        if (now - lastBusyWarn >= BUSY_WARN_INTERVAL_NANOS) {
            lastBusyWarn = now;
            LOG.warn("API workers exhausted: requests answered 503 (logged once a minute)");
        }
    }

    private void finished(ChannelHandlerContext ctx, Exchange ex) {
        if (ex.isHijacked() || current != ex) {
            return;
        }
        current = null;
        target = null;
        cancel(stallTimer);
        conn.account().idle();
        BodyInputStream body = ex.bodyStream();
        if (!ex.keepAlive() || inputShutdown || body.isEnded() && !body.isComplete()) {
            if (inputShutdown || body.isComplete()) {
                ctx.close();
            } else { // the client may still be sending: let it read the answer first
                closing = true;
                BadRequest.lingerAndClose(ctx.channel());
            }
            return;
        }
        if (!body.isComplete()) {
            drainLeft = limits.drainMax();
            lastBodyNanos = System.nanoTime();
            armStall(ctx, limits.bodyStallTimeout().toNanos());
        }
        nextRequest(ctx);
    }

    /** Serves what was pipelined behind the request just done; reading resumes once nothing waits. */
    private void nextRequest(ChannelHandlerContext ctx) {
        while (!pending.isEmpty() && !closing && !(busy() && pending.peek() instanceof HttpRequest)) {
            handle(ctx, pending.poll());
        }
        if (pending.isEmpty()) {
            conn.gate().release(ReadGate.PIPELINED);
        }
        if (!busy() && !closing) {
            armIdle(ctx);
        }
    }

    /** Called on the event loop when a handler hijacks the connection: HTTP decoding stops, raw bytes flow. */
    static void switchToRaw(ChannelHandlerContext ctx) {
        if (ctx.pipeline().get("http") != null) {
            ctx.pipeline().remove("http");
        }
        if (ctx.handler() instanceof ApiRequestHandler h) {
            h.cancel(h.stallTimer);
            Object m;
            while ((m = h.pending.poll()) != null) {
                ReferenceCountUtil.release(m);
            }
            h.conn.gate().release(ReadGate.PIPELINED);
        }
    }

    /** Answers a request that cannot be served (plain text, as Go) and closes; nothing more is read from it. */
    private void reject(ChannelHandlerContext ctx, HttpResponseStatus status, String detail, String why) {
        LOG.debug("rejected request: {} ({})", status, why);
        closing = true;
        cancel(idleTimer);
        cancel(stallTimer);
        Object m;
        while ((m = pending.poll()) != null) {
            ReferenceCountUtil.release(m);
        }
        BadRequest.answerAndClose(ctx.channel(), status, detail);
    }

    private void armIdle(ChannelHandlerContext ctx) {
        cancel(idleTimer);
        idleTimer = ctx.executor().schedule(() -> {
            if (!busy() && !closing && ctx.channel().isActive()) {
                LOG.debug("closing a connection idle for {}", limits.idleTimeout());
                ctx.close();
            }
        }, limits.idleTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void armStall(ChannelHandlerContext ctx, long delayNanos) {
        cancel(stallTimer);
        stallTimer = ctx.executor().schedule(() -> checkStall(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    /** A body from which nothing arrived for the stall timeout (while the server was reading) fails. */
    private void checkStall(ChannelHandlerContext ctx) {
        boolean receiving = drainLeft >= 0
                || current != null && !current.isHijacked() && !current.bodyStream().isEnded();
        if (closing || !receiving || !ctx.channel().isActive()) {
            return;
        }
        long timeout = limits.bodyStallTimeout().toNanos();
        if (conn.gate().isHeld(ReadGate.BODY)) { // the handler is behind, not the client
            lastBodyNanos = System.nanoTime();
        }
        long quiet = System.nanoTime() - lastBodyNanos;
        if (quiet < timeout) {
            armStall(ctx, timeout - quiet);
            return;
        }
        LOG.debug("request body stalled for {}: closing the connection", limits.bodyStallTimeout());
        if (current != null && drainLeft < 0) {
            current.bodyStream().fail(new IOException("timed out: no request body data for "
                    + limits.bodyStallTimeout().toSeconds() + " s"));
            current.closeAfterResponse();
            if (started) {
                return; // the handler answers, then the connection closes
            }
            current = null;
        }
        ctx.close();
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputShutdown = true;
            if (current != null && current.isHijacked()) {
                current.rawInput().complete();
            } else if (current == null || current.done().isDone()) {
                ctx.close();
            } else {
                inputClosedDuringRequest(ctx);
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void inputClosedDuringRequest(ChannelHandlerContext ctx) {
        if (!current.bodyStream().isComplete()) {
            current.bodyStream().fail(new IOException(
                    "unexpected EOF: the client closed the connection before the request body was complete"));
            current.closeAfterResponse();
            if (!started) {
                current = null;
                ctx.close();
                return;
            }
        }
        // the client will send nothing more: as Go's server cancels a request's context on EOF, handlers waiting
        // for a condition (wait, logs -f, events) stop; otherwise a `docker run -d`, whose wait connection dies
        // with the CLI, would hold a worker until its container exits
        conn.closeFuture().complete(null);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel(idleTimer);
        cancel(stallTimer);
        conn.closeFuture().complete(null);
        if (current != null) {
            current.bodyStream().fail(new IOException("client connection closed"));
            current.rawInput().complete();
        }
        Object m;
        while ((m = pending.poll()) != null) {
            ReferenceCountUtil.release(m);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection error: {}", cause.toString());
        ctx.close();
    }
}
