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
     * Copies frames to {@code stdout} (streams 0 and 1) and {@code stderr} (stream 2) until EOF, through one fixed
     * buffer (a frame of any size costs no allocation), flushing both whenever the input has nothing more buffered:
     * a reader that is behind gets large writes, one that has caught up gets every frame at once. A stream-3 frame
     * ends the copy with an {@link IOException} carrying its message, as the Go client does.
     */
    public void copyTo(OutputStream stdout, OutputStream stderr) throws IOException {
        byte[] buf = new byte[32 * 1024];
        OutputStream last = null;
        while (true) {
            int n = readFully(header, 0, header.length);
            if (n == 0) {
                break;
            }
            if (n < header.length) {
                throw new EOFException("truncated stdcopy header (" + n + " bytes)");
            }
            int stream = header[0] & 0xff;
            long len = ((header[4] & 0xffL) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8)
                    | (header[7] & 0xff);
            if (stream > StdcopyFrame.SYSTEMERR) {
                throw new IOException("unrecognized stdcopy stream " + stream);
            }
            if (stream == StdcopyFrame.SYSTEMERR) {
                byte[] message = new byte[(int) Math.min(len, buf.length)];
                readFully(message, 0, message.length);
                throw new IOException(new String(message, StandardCharsets.UTF_8).trim());
            }
            OutputStream out = stream == StdcopyFrame.STDERR ? stderr : stdout;
            if (last != null && last != out) {
                last.flush(); // both may be one terminal: keep their lines in the container's order
            }
            last = out;
            while (len > 0) {
                int r = readFully(buf, 0, (int) Math.min(len, buf.length));
                if (r == 0) {
                    throw new EOFException("truncated stdcopy payload");
                }
                out.write(buf, 0, r);
                len -= r;
            }
            if (in.available() == 0) {
                stdout.flush();
                stderr.flush();
            }
        }
        stdout.flush();
        stderr.flush();
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
