package dev.jdock.daemon.server;

import dev.jdock.daemon.api.Routes;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.concurrent.ExecutorService;

/** Builds each connection's pipeline: the HTTP codec (removed again on hijack), then the request handler. */
final class ApiChannelInitializer extends ChannelInitializer<Channel> {
    private final Routes routes;
    private final ExecutorService workers;
    private final PeerReads peerReads;

    ApiChannelInitializer(Routes routes, ExecutorService workers, PeerReads peerReads) {
        this.routes = routes;
        this.workers = workers;
        this.peerReads = peerReads;
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline().addLast("http", new HttpServerCodec(4096, 64 * 1024, 64 * 1024));
        ch.pipeline().addLast("api", new ApiRequestHandler(routes, workers, peerReads));
    }
}
