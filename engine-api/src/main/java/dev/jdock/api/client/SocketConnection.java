package dev.jdock.api.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;

/** A {@link Connection} over a blocking UNIX or TCP {@link SocketChannel}. */
final class SocketConnection implements Connection {
    private final SocketChannel channel;
    private final InputStream input;
    private final OutputStream output;

    SocketConnection(SocketChannel channel) {
        this.channel = channel;
        this.input = ChannelStreams.input(channel);
        this.output = ChannelStreams.output(channel);
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public void closeWrite() throws IOException {
        if (channel.isOpen()) {
            channel.shutdownOutput();
        }
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
