package dev.jdock.api.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** HTTP/1.1 body framings: Content-Length, chunked (both directions). */
final class BodyStreams {
    private BodyStreams() {
    }

    /** Reads exactly {@code length} bytes, then reports EOF. */
    static final class FixedLength extends InputStream {
        private final HttpInput in;
        private long remaining;
        private final Reuse reuse;
        private boolean closed;

        FixedLength(HttpInput in, long length) {
            this(in, length, null);
        }

        /** With {@code reuse}: closing the body once all of it was read keeps the connection for the next request. */
        FixedLength(HttpInput in, long length, Reuse reuse) {
            this.in = in;
            this.remaining = length;
            this.reuse = reuse;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("connection closed with " + remaining + " body bytes missing");
            }
            remaining -= n;
            return n;
        }

        /** Body bytes already buffered: what a read returns without waiting. */
        @Override
        public int available() {
            return (int) Math.min(remaining, in.available());
        }

        @Override
        public void close() throws IOException {
            if (!closed) { // a second close (the response's after the body's) must not close a kept connection
                closed = true;
                Reuse.end(reuse, remaining == 0, in);
            }
        }
    }

    /** Decodes {@code Transfer-Encoding: chunked}; returns data as soon as each chunk arrives. */
    static final class ChunkedInput extends InputStream {
        private final HttpInput in;
        private long chunkLeft;
        private boolean done;
        private final Reuse reuse;
        private boolean closed;

        ChunkedInput(HttpInput in) {
            this(in, null);
        }

        /** With {@code reuse}: closing the body after its last chunk keeps the connection for the next request. */
        ChunkedInput(HttpInput in, Reuse reuse) {
            this.in = in;
            this.reuse = reuse;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (chunkLeft == 0 && !nextChunk()) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new EOFException("connection closed inside a chunk");
            }
            chunkLeft -= n;
            if (chunkLeft == 0) {
                in.readLine(); // CRLF after the chunk data
            }
            return n;
        }

        /** Bytes of the current chunk already buffered (0 at a chunk's end: the next size line may be far). */
        @Override
        public int available() {
            return done ? 0 : (int) Math.min(chunkLeft, in.available());
        }

        private boolean nextChunk() throws IOException {
            String line = in.readLine();
            if (line == null) {
                throw new EOFException("connection closed before the last chunk");
            }
            int semi = line.indexOf(';');
            String hex = (semi >= 0 ? line.substring(0, semi) : line).trim();
            try {
                chunkLeft = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + line, e);
            }
            if (chunkLeft == 0) {
                String trailer;
                do {
                    trailer = in.readLine();
                } while (trailer != null && !trailer.isEmpty());
                done = true;
                return false;
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                Reuse.end(reuse, done, in);
            }
        }
    }

    /**
     * Where a body that was read to its end hands its connection back ({@link EngineClient} keeps one idle
     * connection, as Go's transport keeps them); a body closed early closes the connection.
     */
    interface Reuse {
        void keep(HttpInput in) throws IOException;

        static void end(Reuse reuse, boolean complete, HttpInput in) throws IOException {
            if (reuse != null && complete) {
                reuse.keep(in);
            } else {
                in.close();
            }
        }
    }

    /** Encodes writes as chunks; {@link #finish()} writes the last chunk. */
    static final class ChunkedOutput extends OutputStream {
        private final OutputStream out;

        ChunkedOutput(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            out.write(HttpInput.ascii(Integer.toHexString(len) + "\r\n"));
            out.write(b, off, len);
            out.write(HttpInput.ascii("\r\n"));
        }

        void finish() throws IOException {
            out.write(HttpInput.ascii("0\r\n\r\n"));
            out.flush();
        }
    }
}
