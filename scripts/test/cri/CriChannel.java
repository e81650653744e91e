import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The e2e CRI clients' connection (CriCall, CriCore, CriSecurity): gRPC in plain text over the daemon's CRI socket, a
 * UNIX socket through Netty's epoll transport (the daemon's own jars on the class path), one event loop thread.
 */
final class CriChannel implements AutoCloseable {
    final ManagedChannel channel;
    private final EventLoopGroup group;

    CriChannel(String socket) {
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket))
                .channelType(EpollDomainSocketChannel.class).eventLoopGroup(group).overrideAuthority("localhost")
                .withOption(ChannelOption.SO_KEEPALIVE, null) // no TCP keep-alive on a UNIX socket
                .usePlaintext().build();
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
