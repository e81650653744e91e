package dev.jdock.api.stream;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Demultiplexes stdcopy frames from an {@link InputStream}. Frames may be split across reads at any byte; the
 * reader always reads exactly the header and then exactly the payload.
 */
public final class StdcopyReader {
    private final InputStream in;
    private final byte[] header = new byte[StdcopyFrame.HEADER_SIZE];

    public StdcopyReader(InputStream in) {
        this.in = in;
    }

    /** The next frame, or {@code null} at a clean end of stream (EOF before any header byte). */
    public StdcopyFrame next() throws IOException {
        int n = readFully(header, 0, header.length);
        if (n == 0) {
            return null;
        }
        if (n < header.length) {
            throw new EOFException("truncated stdcopy header (" + n + " bytes)");
        }
        int stream = header[0] & 0xff;
        if (stream > StdcopyFrame.SYSTEMERR) {
            throw new IOException("unrecognized stdcopy stream " + stream);
        }
        int len = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
        if (len < 0) {
            throw new IOException("stdcopy frame too large");
        }
        byte[] payload = new byte[len];
        if (readFully(payload, 0, len) < len) {
            throw new EOFException("truncated stdcopy payload");
        }
        return new StdcopyFrame(stream, payload);
    }

    /**
     * Copies frames to {@code stdout} (streams 0 and 1) and {@code stderr} (stream 2) until EOF, flushing after each
     * frame. A stream-3 frame ends the copy with an {@link IOException} carrying its message, as the Go client does.
     */
    public void copyTo(OutputStream stdout, OutputStream stderr) throws IOException {
        StdcopyFrame f;
        while ((f = next()) != null) {
            if (f.stream() == StdcopyFrame.SYSTEMERR) {
                throw new IOException(new String(f.payload(), StandardCharsets.UTF_8).trim());
            }
            OutputStream out = f.stream() == StdcopyFrame.STDERR ? stderr : stdout;
            out.write(f.payload());
            out.flush();
        }
    }

    private int readFully(byte[] b, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int r = in.read(b, off + total, len - total);
            if (r < 0) {
                break;
            }
            total += r;
        }
        return total;
    }
}
