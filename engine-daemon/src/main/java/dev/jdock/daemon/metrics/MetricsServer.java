package dev.jdock.daemon.metrics;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code --metrics-addr} listener: plain HTTP on its own TCP socket and one event-loop thread, serving
 * {@code GET /metrics} (any method, as dockerd's Go mux) and 404 for anything else. Bounded like the API: at most
 * {@link #MAX_CONNECTIONS} connections, heads of 8 KiB, {@link #IDLE_SECONDS} without a byte closes a connection, and a
 * request with a body is answered and closed without its body being read on.
 */
public final class MetricsServer implements AutoCloseable {
    static final int MAX_CONNECTIONS = 16;
    static final int IDLE_SECONDS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    private static final Pattern NATIVE_BIND_ERROR =
            Pattern.compile("bind\\(\\.\\.\\) failed with error\\(-?\\d+\\): (.+)");
    private static final byte[] NOT_FOUND = "404 page not found\n".getBytes(StandardCharsets.UTF_8);

    private final Supplier<byte[]> page;
    private final AtomicInteger open = new AtomicInteger();
    private final EventLoopGroup group;
    private Channel channel;

    /** {@code page}: the exposition, made at each scrape. */
    public MetricsServer(Supplier<byte[]> page) {
        this.page = page;
        this.group = new MultiThreadIoEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "metrics-api");
            t.setDaemon(true);
            return t;
        }, EpollIoHandler.newFactory());
    }

    /** Binds and serves; returns the bound address. Fails as dockerd: {@code failed to start metrics server: ...}. */
    public InetSocketAddress listen(MetricsAddress addr) throws IOException, InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accept(ch);
                    }
                });
        try {
            channel = b.bind(addr.socketAddress()).sync().channel();
        } catch (Exception e) { // Netty rethrows the bind's checked exception undeclared
            throw new IOException("failed to start metrics server: listen tcp " + addr + ": " + why(e), e);
        }
        InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
        MetricsAddress shown = new MetricsAddress(addr.host(), bound.getPort());
        LOG.info("metrics API listening on {}", shown);
        if (!bound.getAddress().isLoopbackAddress()) {
            LOG.warn("the metrics API on {} is plain HTTP without authentication: whoever reaches it reads the "
                    + "daemon's metrics (bind it to 127.0.0.1 unless a firewall guards it)", shown);
        }
        return bound;
    }

    /** Go's words for a bind error ({@code bind: address already in use}) where Netty's native text has them. */
    static String why(Exception e) {
        String m = String.valueOf(e.getMessage());
        Matcher bind = NATIVE_BIND_ERROR.matcher(m);
        return bind.matches() ? "bind: " + bind.group(1).toLowerCase(Locale.ROOT) : m;
    }

    private void accept(Channel ch) {
        if (open.incrementAndGet() > MAX_CONNECTIONS) {
            open.decrementAndGet();
            ch.close();
            return;
        }
        ch.closeFuture().addListener(f -> open.decrementAndGet());
        ch.pipeline().addLast(new ReadTimeoutHandler(IDLE_SECONDS, TimeUnit.SECONDS))
                .addLast(new HttpServerCodec(new HttpDecoderConfig().setMaxInitialLineLength(4096)
                        .setMaxHeaderSize(8192).setMaxChunkSize(8192)))
                .addLast(new Handler());
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }

    /** Answers each request head; body chunks are released unread (a request with a body closes its connection). */
    private final class Handler extends SimpleChannelInboundHandler<HttpObject> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (!(msg instanceof HttpRequest req)) {
                return;
            }
            if (req.decoderResult().isFailure()) {
                answer(ctx, HttpResponseStatus.BAD_REQUEST, "text/plain; charset=utf-8",
                        "400 Bad Request".getBytes(StandardCharsets.UTF_8), false, false);
                return;
            }
            boolean body = HttpUtil.isTransferEncodingChunked(req) || HttpUtil.getContentLength(req, 0L) > 0;
            boolean keepAlive = HttpUtil.isKeepAlive(req) && !body;
            boolean head = HttpMethod.HEAD.equals(req.method());
            String uri = req.uri();
            int q = uri.indexOf('?');
            if ("/metrics".equals(q < 0 ? uri : uri.substring(0, q))) {
                answer(ctx, HttpResponseStatus.OK, Exposition.CONTENT_TYPE, page.get(), keepAlive, head);
            } else {
                answer(ctx, HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8", NOT_FOUND, keepAlive, head);
            }
        }

        private void answer(ChannelHandlerContext ctx, HttpResponseStatus status, String type, byte[] content,
                boolean keepAlive, boolean head) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(content));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
            HttpUtil.setContentLength(r, content.length);
            if (!keepAlive) {
                r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
            var f = ctx.writeAndFlush(r);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a read timeout, a reset: nothing to tell the client
        }
    }
}
