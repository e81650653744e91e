package dev.jdock.daemon.service;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * {@link SdNotify.Transport} over a UNIX datagram socket of Netty's native library (the JDK has no UNIX datagram
 * channel and no abstract names): a new socket per message (they are a handful in a daemon's life), closed after.
 */
public final class NettyDatagrams implements SdNotify.Transport {
    @Override
    public void send(byte[] address, byte[] message) throws IOException {
        Epoll.ensureAvailability();
        Socket s = Socket.newSocketDomainDgram();
        try {
            ByteBuffer buf = ByteBuffer.allocateDirect(message.length);
            buf.put(message).flip();
            int sent = s.sendToDomainSocket(buf, 0, message.length, address);
            if (sent != message.length) {
                throw new IOException("sent " + sent + " of " + message.length + " bytes");
            }
        } finally {
            s.close();
        }
    }
}
