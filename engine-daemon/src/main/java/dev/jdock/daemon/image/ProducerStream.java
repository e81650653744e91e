package dev.jdock.daemon.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;

/**
 * An InputStream fed by a writer running in a thread of its own (through a 64 KiB pipe), so that what one side
 * writes is consumed as it is written, never spooled: a commit's layer diff goes from the container's upper
 * directory straight into the layer being unpacked. A writer that fails makes the reader fail (never a short
 * stream taken for a complete one); a reader that stops early (closes) makes the writer fail, and close waits for
 * the writer's thread to end.
 */
public final class ProducerStream extends InputStream {
    /** The writing side. */
    @FunctionalInterface
    public interface Producer {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final int PIPE = 64 * 1024;

    private final PipedInputStream in;
    private final Thread thread;
    private volatile Throwable failure;

    public ProducerStream(String name, Producer producer) throws IOException {
        in = new PipedInputStream(PIPE);
        PipedOutputStream out = new PipedOutputStream(in);
        thread = new Thread(() -> {
            try (out) {
                producer.writeTo(out);
            } catch (IOException | RuntimeException | Error e) {
                failure = e;
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public int read() throws IOException {
        return checked(in.read());
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return checked(in.read(b, off, len));
    }

    /** At the end of the pipe: the writer's failure, if it failed. */
    private int checked(int n) throws IOException {
        if (n < 0) {
            join();
            if (failure != null) {
                throw new IOException(failure.getMessage() == null ? failure.toString() : failure.getMessage(),
                        failure);
            }
        }
        return n;
    }

    private void join() throws IOException {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the writer", e);
        }
    }

    @Override
    public void close() throws IOException {
        in.close(); // a writer still writing gets "Pipe closed"
        join();
    }
}
