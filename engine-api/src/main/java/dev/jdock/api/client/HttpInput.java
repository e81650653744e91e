package dev.jdock.api.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** A buffered input with CRLF line reading for HTTP heads and chunk sizes; the rest is raw body bytes. */
final class HttpInput extends InputStream {
    private static final int MAX_LINE = 64 * 1024;
    private final InputStream in;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int limit;

    HttpInput(InputStream in) {
        this.in = in;
    }

    private boolean fill() throws IOException {
        if (pos < limit) {
            return true;
        }
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    /** Waits for the next byte without taking it: false at EOF (or a reset connection) before any byte. */
    boolean awaitFirstByte() {
        try {
            return fill();
        } catch (IOException e) {
            return false;
        }
    }

    /** One line without its CR LF, or {@code null} at EOF before any byte. */
    String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (!fill()) {
                if (sb.length() == 0) {
                    return null;
                }
                throw new EOFException("unexpected EOF in HTTP line");
            }
            byte b = buf[pos++];
            if (b == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            if (sb.length() >= MAX_LINE) {
                throw new IOException("HTTP line too long");
            }
            sb.append((char) (b & 0xff));
        }
    }

    @Override
    public int read() throws IOException {
        return fill() ? buf[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos >= limit) {
            if (len >= buf.length) {
                return in.read(b, off, len); // a large read goes straight to the socket
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, limit - pos); // a small one (a stdcopy header) is served from one large read
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return limit - pos;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
