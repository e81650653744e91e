package dev.jdock.api.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One byte stream to the engine: a UNIX or TCP socket, a TLS socket, or the stdio of an {@code ssh} process. Reads may
 * run on one thread while another writes (hijacked attach). Closing {@link #input()} closes the connection.
 */
public interface Connection extends Closeable {
    InputStream input();

    OutputStream output();

    /** Half-closes: the engine sees EOF, and its answer can still be read. */
    void closeWrite() throws IOException;

    /** Whether {@link #close()} has not run yet. */
    boolean isOpen();
}
