package dev.jdock.daemon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A half-closed connection whose answer meets a slow reader (Netty 4.2.18 closed it: EPOLL_CTL_MOD → ENOENT). */
class HalfCloseSafeEpollTest {
    private static final int CHUNK = 64 * 1024;
    private static final int CHUNKS = 128; // 8 MiB: far more than the socket and Netty's buffers hold

    @TempDir
    Path dir;

    @Test
    void halfClosedPeer_thatReadsLate_getsTheWholeAnswer() throws Exception {
        Path sock = dir.resolve("s.sock");
        CountDownLatch blocked = new CountDownLatch(1);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, HalfCloseSafeEpoll.factory());
        try {
            Channel server = new ServerBootstrap().group(group).channel(EpollServerDomainSocketChannel.class)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new Answer(blocked));
                        }
                    }).bind(new DomainSocketAddress(sock.toString())).sync().channel();
            try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                client.connect(UnixDomainSocketAddress.of(sock));
                client.shutdownOutput(); // as the docker CLI after attaching without stdin
                assertTrue(blocked.await(20, TimeUnit.SECONDS), "the server never had to wait for the reader");
                long total = 0;
                ByteBuffer buf = ByteBuffer.allocate(1 << 20);
                int n;
                while ((n = client.read(buf.clear())) >= 0) {
                    total += n;
                }
                assertEquals((long) CHUNK * CHUNKS, total, "bytes the half-closed peer read");
            } finally {
                server.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void anEmptyInterestSet_isSubmittedAsEdgeTriggeredAlone() {
        assertSame(EpollIoOps.EPOLLET, HalfCloseSafeEpoll.parked(EpollIoOps.NONE));
        assertSame(EpollIoOps.EPOLLOUT, HalfCloseSafeEpoll.parked(EpollIoOps.EPOLLOUT));
    }

    /** Once the peer has shut down its side, writes CHUNKS chunks as the channel takes them, then closes. */
    private static final class Answer extends ChannelInboundHandlerAdapter {
        private final CountDownLatch blocked;
        private int sent;

        Answer(CountDownLatch blocked) {
            this.blocked = blocked;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                writeMore(ctx);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                writeMore(ctx);
            } else {
                blocked.countDown();
            }
        }

        private void writeMore(ChannelHandlerContext ctx) {
            while (sent < CHUNKS && ctx.channel().isWritable()) {
                sent++;
                ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[CHUNK]));
            }
            if (sent == CHUNKS) {
                sent++;
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> ctx.close());
            }
        }
    }
}
