package dev.jdock.daemon.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The answer to a request that cannot be served at all (the HTTP codec rejected it, or its URL is malformed), as Go's
 * net/http server gives it: a plain-text status line as the body, {@code Connection: close}, then the connection is
 * half-closed and closed shortly after, so the client can read the answer before the socket goes.
 */
final class BadRequest {
    /** How long the connection stays after the answer (Go's rstAvoidanceDelay). */
    static final long LINGER_MILLIS = 500;

    private BadRequest() {
    }

    /** The status for a codec failure: 414 for an over-long request line, 431 for an over-long header block. */
    static HttpResponseStatus statusFor(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return HttpResponseStatus.REQUEST_URI_TOO_LONG;
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        return HttpResponseStatus.BAD_REQUEST;
    }

    /** Writes "{@code <code> <reason>[: detail]}" and closes. Call on the event loop. */
    static void answerAndClose(Channel ch, HttpResponseStatus status, String detail) {
        String text = status.code() + " " + status.reasonPhrase() + (detail == null ? "" : ": " + detail);
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        resp.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        ch.writeAndFlush(resp).addListener((ChannelFutureListener) f -> lingerAndClose(ch));
    }

    /**
     * Closes a connection whose client may still be sending (a body the server will not read): the output is shut
     * down at once, what still arrives is read and dropped for {@link #LINGER_MILLIS}, then the connection closes. A
     * client still writing its body so reads the answer instead of failing on a broken pipe (Go's closeWriteAndWait).
     * The caller drops what is read.
     */
    static void lingerAndClose(Channel ch) {
        if (!ch.isActive()) {
            return;
        }
        if (ch instanceof DuplexChannel d) {
            if (!d.isInputShutdown()) {
                ch.config().setAutoRead(true);
            }
            d.shutdownOutput();
        }
        ch.eventLoop().schedule(() -> ch.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }
}
