package dev.jdock.daemon.server;

import dev.jdock.daemon.api.Routes;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AttributeKey;
import java.util.concurrent.CompletableFuture;

/**
 * Builds each connection's pipeline: the meter that counts what arrives against the {@link ConnectionBudget}, TLS on a
 * TLS host ({@link ServerTls}), the HTTP codec (removed again on hijack), then the request handler.
 */
final class ApiChannelInitializer extends ChannelInitializer<Channel> {
    private static final int MAX_CHUNK = 64 * 1024;
    /** The connection's place in accept order ({@link AcceptOrder}). */
    private static final AttributeKey<Long> ACCEPTED = AttributeKey.valueOf("jdock.accepted");

    private final Routes routes;
    private final WorkerPool workers;
    private final PeerReads peerReads;
    private final ServerLimits limits;
    private final JsonBody.Budget jsonBudget;
    private final ConnectionBudget connections;
    private final RequestMetrics metrics;
    private final SslContext tls;

    /** {@code tls}: the server's TLS context, null for plain connections. */
    ApiChannelInitializer(Routes routes, WorkerPool workers, PeerReads peerReads, ServerLimits limits,
            ConnectionBudget connections, RequestMetrics metrics, SslContext tls) {
        this.tls = tls;
        this.routes = routes;
        this.metrics = metrics;
        this.connections = connections;
        this.workers = workers;
        this.peerReads = peerReads;
        this.limits = limits;
        this.jsonBudget = new JsonBody.Budget(limits.jsonBudget(), ServerLimits.JSON_BUDGET_WAIT);
    }

    /** A listening channel's handler: numbers each connection as it is accepted, before an event loop takes it. */
    AcceptOrder acceptOrder() {
        return new AcceptOrder(connections);
    }

    @ChannelHandler.Sharable
    static final class AcceptOrder extends ChannelInboundHandlerAdapter {
        private final ConnectionBudget connections;

        private AcceptOrder(ConnectionBudget connections) {
            this.connections = connections;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel child) {
                child.attr(ACCEPTED).set(connections.nextAccepted());
            }
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    protected void initChannel(Channel ch) {
        Long accepted = ch.attr(ACCEPTED).get();
        ConnectionBudget.Account account = accepted == null ? connections.open(ch::close)
                : connections.open(accepted, ch::close);
        ch.pipeline().addLast("meter", new ConnectionMeter(account));
        if (tls != null) {
            ServerTls.addTo(ch, tls);
        }
        ch.pipeline().addLast("http", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxInitialLine())
                .setMaxHeaderSize(limits.maxHeaderSize())
                .setMaxChunkSize(MAX_CHUNK)));
        Exchange.Connection conn = new Exchange.Connection(new ReadGate(ch), new CompletableFuture<>(), peerReads,
                limits, jsonBudget, account);
        ch.pipeline().addLast("api", new ApiRequestHandler(routes, workers, conn, metrics));
    }
}
