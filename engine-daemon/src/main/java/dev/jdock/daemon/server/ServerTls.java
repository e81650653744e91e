package dev.jdock.daemon.server;

import dev.jdock.api.tls.Pem;
import dev.jdock.daemon.config.TlsSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's TLS on TCP hosts: a Netty {@link SslContext} (JDK provider, TLS 1.2 and 1.3) from the PEM files of
 * {@link TlsSettings} (keys in PKCS#8, PKCS#1 or SEC1, read by {@link Pem}), requiring a client certificate signed by
 * the CA with {@code --tlsverify}. Each connection's pipeline gets the {@code SslHandler} first, then
 * {@link CloseNotifyAsEof}: a client's {@code close_notify} (the docker CLI's half-close of a hijacked stream over
 * TLS 1.3, with the TCP connection kept open) reaches the request handler as the input shutdown it already handles.
 */
public final class ServerTls {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

    private ServerTls() {
    }

    /** The server context for {@code settings}; the IOException says which file could not be used and why. */
    public static SslContext context(TlsSettings settings) throws IOException {
        List<X509Certificate> chain = read(settings.cert(), "certificate");
        PrivateKey key;
        try {
            key = Pem.privateKey(settings.key());
        } catch (NoSuchFileException e) {
            throw missing("key", settings.key(), e);
        }
        SslContextBuilder b = SslContextBuilder.forServer(key, chain.toArray(new X509Certificate[0]))
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2");
        if (settings.verify()) {
            b.trustManager(read(settings.caCert(), "CA certificate").toArray(new X509Certificate[0]))
                    .clientAuth(ClientAuth.REQUIRE);
        }
        try {
            return b.build();
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot use TLS certificate " + settings.cert() + " with key " + settings.key()
                    + ": " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> read(Path file, String what) throws IOException {
        try {
            return Pem.certificates(file);
        } catch (NoSuchFileException e) {
            throw missing(what, file, e);
        } catch (IOException e) {
            throw new IOException("could not read " + what + " \"" + file + "\": " + e.getMessage(), e);
        }
    }

    private static IOException missing(String what, Path file, NoSuchFileException e) {
        return new IOException("could not read " + what + " \"" + file + "\": open " + file
                + ": no such file or directory", e);
    }

    /** Adds the TLS handlers at the head of a new connection's pipeline. */
    static void addTo(Channel ch, SslContext context) {
        ch.pipeline().addLast("tls-plain", new PlainHttpRefusal());
        ch.pipeline().addLast("tls", context.newHandler(ch.alloc()));
        ch.pipeline().addLast("tls-eof", new CloseNotifyAsEof());
    }

    /**
     * A client speaking plain HTTP to the TLS port gets Go's answer ({@code 400 Client sent an HTTP request to an
     * HTTPS server.}, which the docker CLI prints as the daemon's error) and the connection closes; a TLS record lets
     * this handler go, its bytes passed on to the SslHandler.
     */
    static final class PlainHttpRefusal extends ByteToMessageDecoder {
        static final byte[] ANSWER = ("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS"
                + " server.\n").getBytes(StandardCharsets.US_ASCII);

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            if (in.readableBytes() < 5) {
                return;
            }
            if (SslHandler.isEncrypted(in, false)) {
                ctx.pipeline().remove(this);
                return;
            }
            in.skipBytes(in.readableBytes());
            LOG.info("http: TLS handshake error from {}: client sent an HTTP request to an HTTPS server",
                    ctx.channel().remoteAddress());
            ctx.writeAndFlush(Unpooled.wrappedBuffer(ANSWER)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * A {@code close_notify} as an input shutdown (once, also when the TCP FIN follows), and a failed handshake
     * logged as dockerd logs it (a client without a certificate, or with one from another CA).
     */
    static final class CloseNotifyAsEof extends ChannelInboundHandlerAdapter {
        private boolean inputEnded;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent h && !h.isSuccess()) {
                LOG.info("http: TLS handshake error from {}: {}", ctx.channel().remoteAddress(),
                        h.cause() == null ? "closed" : h.cause().getMessage());
            }
            if (evt instanceof SslCloseCompletionEvent c && c.isSuccess()) {
                ctx.fireUserEventTriggered(evt);
                evt = ChannelInputShutdownEvent.INSTANCE;
            }
            if (evt == ChannelInputShutdownEvent.INSTANCE) {
                if (inputEnded) {
                    return;
                }
                inputEnded = true;
            }
            ctx.fireUserEventTriggered(evt);
        }
    }
}
