package dev.jdock.daemon.api;

import java.io.InputStream;
import java.io.OutputStream;

/** A connection taken over from HTTP: raw bytes both ways, with half-close. */
public interface HijackedConnection extends AutoCloseable {
    /** Bytes the client sends (stdin); end of stream when the client half-closes or goes away. */
    InputStream input();

    /** Bytes to the client; each write is flushed. Throws IOException once the client has gone. */
    OutputStream output();

    @Override
    void close();
}
