package dev.jdock.api.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The raw bidirectional stream after a {@code 101 UPGRADED} answer (attach, exec start). Output may be read on one
 * thread while stdin is written on another. {@link #closeWrite()} half-closes, as the docker CLI does at stdin EOF.
 */
public final class HijackedConnection implements Closeable {
    private final Connection channel;
    private final HttpResponse response;

    HijackedConnection(Connection channel, HttpResponse response) {
        this.channel = channel;
        this.response = response;
    }

    /** The 101 response (its headers, e.g. Content-Type). */
    public HttpResponse response() {
        return response;
    }

    /** Bytes from the daemon: stdcopy frames, or raw bytes with a TTY. */
    public InputStream input() {
        return response.body();
    }

    /** Bytes to the container's stdin (never framed). */
    public OutputStream output() {
        return channel.output();
    }

    /** Half-closes the connection (shutdownOutput); the daemon keeps sending until the process exits. */
    public void closeWrite() throws IOException {
        if (channel.isOpen()) {
            channel.closeWrite();
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
