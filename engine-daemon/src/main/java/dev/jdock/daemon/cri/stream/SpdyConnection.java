package dev.jdock.daemon.cri.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyGoAwayFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyHeaders;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SPDY/3.1 side of a streaming connection after the upgrade: the client opens the streams (SYN_STREAM with a
 * {@code streamType} header), each is answered (SYN_REPLY) at once, as the kubelet's spdystream server does, and
 * handed to the {@link Streams} of the request (a remote command's, or port forwarding's pairs). No SPDY flow
 * control is done either way, as spdystream does none: the connection's reads and writes are bounded instead
 * ({@link InboundPipe.Gate}, {@link FrameOutput}).
 */
final class SpdyConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(SpdyConnection.class);

    /** Where the streams go. Called on the event loop. */
    interface Streams {
        /** A new stream of {@code type} ({@code headers} lower-cased names); returns its stream, or null to reset. */
        SpdyStream opened(int id, String type, SpdyHeaders headers);

        /** The connection is gone. */
        void closed();
    }

    /** One SPDY stream: what the client sends into {@code in}, {@code out} to the client. */
    static final class SpdyStream {
        final int id;
        final String type;
        final InboundPipe in;
        final FrameOutput out;
        /** For small control streams (resize): whole messages instead of a pipe. */
        final Consumer<byte[]> lines;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        SpdyStream(int id, String type, InboundPipe in, FrameOutput out, Consumer<byte[]> lines) {
            this.id = id;
            this.type = type;
            this.in = in;
            this.out = out;
            this.lines = lines;
        }

        /** Newline-separated JSON messages (Go's json.Encoder writes one per line). */
        private void control(ByteBuf data) {
            byte[] b = ByteBufUtil.getBytes(data);
            for (byte x : b) {
                if (x == '\n') {
                    lines.accept(pending.toByteArray());
                    pending.reset();
                } else if (pending.size() < ChannelSession.MAX_RESIZE_BYTES) {
                    pending.write(x);
                }
            }
        }
    }

    private final Streams streams;
    private final Map<Integer, SpdyStream> byId = new HashMap<>();

    SpdyConnection(Streams streams) {
        this.streams = streams;
    }

    /** A data frame for stream {@code id}, built from {@code data}. */
    static SpdyDataFrame data(int id, ByteBuf data) {
        return new DefaultSpdyDataFrame(id, data);
    }

    /** Half-closes stream {@code id} from our side (an empty frame with FIN). */
    static void finish(Channel ch, int id) {
        SpdyDataFrame fin = new DefaultSpdyDataFrame(id, Unpooled.EMPTY_BUFFER);
        fin.setLast(true);
        ch.writeAndFlush(fin);
    }

    /** Says goodbye (GOAWAY) and closes the connection once what was written is sent. */
    static void close(Channel ch) {
        if (ch.isActive()) {
            ch.writeAndFlush(new DefaultSpdyGoAwayFrame(0)).addListener(f -> ChannelSession.lingerClose(ch));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof SpdySynStreamFrame syn) {
                opened(ctx, syn);
            } else if (msg instanceof SpdyDataFrame d) {
                SpdyStream s = byId.get(d.streamId());
                if (s != null && s.lines != null) {
                    s.control(d.content());
                } else if (s != null && s.in != null) {
                    s.in.offer(d.content().retain());
                }
                if (s != null && d.isLast() && s.in != null) {
                    s.in.end();
                }
            } else if (msg instanceof SpdyRstStreamFrame rst) {
                SpdyStream s = byId.remove(rst.streamId());
                if (s != null) {
                    if (s.in != null) {
                        s.in.end();
                    }
                    if (s.out != null) {
                        s.out.abort();
                    }
                }
            } else if (msg instanceof SpdyPingFrame ping) {
                ctx.writeAndFlush(new DefaultSpdyPingFrame(ping.id()));
            } else if (msg instanceof SpdyGoAwayFrame) {
                ctx.close();
            }
            // SETTINGS, WINDOW_UPDATE, HEADERS: nothing to do without flow control
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void opened(ChannelHandlerContext ctx, SpdySynStreamFrame syn) {
        String type = syn.headers().getAsString("streamtype");
        SpdyStream s = type == null ? null : streams.opened(syn.streamId(), type, syn.headers());
        if (s == null) {
            ctx.writeAndFlush(new DefaultSpdyRstStreamFrame(syn.streamId(),
                    SpdyStreamStatus.REFUSED_STREAM));
            return;
        }
        byId.put(syn.streamId(), s);
        // Netty leaves out the header block of a reply without headers, which spdystream (the kubelet's clients)
        // cannot parse: the stream's type goes back, as a header the client ignores
        DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(syn.streamId());
        reply.headers().set("streamtype", type);
        ctx.writeAndFlush(reply);
        if (syn.isLast() && s.in != null) {
            s.in.end();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        for (SpdyStream s : byId.values()) {
            if (s.in != null) {
                s.in.end();
            }
        }
        byId.clear();
        streams.closed();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("streaming connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /** Closes the connection unless {@code ready} has completed within {@code timeout}. */
    static void expect(Channel ch, CompletableFuture<?> ready, Duration timeout) {
        ch.eventLoop().schedule(() -> {
            if (!ready.isDone()) {
                ready.completeExceptionally(
                        new IllegalStateException("timed out waiting for client to create streams"));
                ch.close();
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
