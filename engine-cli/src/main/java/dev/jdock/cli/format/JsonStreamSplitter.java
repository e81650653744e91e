package dev.jdock.cli.format;

import dev.jdock.api.MiniJson;
import dev.jdock.cli.core.CliException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a stream of concatenated or newline-separated JSON objects (the daemon's stats, events and progress
 * streams) into one {@link MiniJson} value at a time, as the objects arrive: {@link #next()} reads no further than
 * the end of the object it returns, so a live stream is shown line by line. Only the object being read is held, up
 * to {@code maxObjectBytes} (a larger one is a {@link CliException}); whitespace between objects is skipped.
 * Top-level values other than objects and arrays are refused (the daemon sends none).
 */
public final class JsonStreamSplitter implements Closeable {
    /** The default bound on one object: far above any message the daemon sends (a stats object is ~2 KiB). */
    public static final int DEFAULT_MAX_OBJECT_BYTES = 16 << 20;

    private final InputStream in;
    private final int maxObjectBytes;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int limit;
    private byte[] object = new byte[1024];
    private int length;
    private long offset;
    private int depth;
    private boolean inString;
    private boolean escaped;

    public JsonStreamSplitter(InputStream in) {
        this(in, DEFAULT_MAX_OBJECT_BYTES);
    }

    public JsonStreamSplitter(InputStream in, int maxObjectBytes) {
        if (maxObjectBytes < 2) {
            throw new IllegalArgumentException("maxObjectBytes " + maxObjectBytes);
        }
        this.in = in;
        this.maxObjectBytes = maxObjectBytes;
    }

    /**
     * The next object, parsed ({@code Map} for an object, {@code List} for an array), or {@code null} at the end of
     * the stream. An end of stream inside an object and malformed JSON are {@link IOException}s.
     */
    public Object next() throws IOException {
        if (!skipWhitespace()) {
            return null;
        }
        byte first = buf[pos];
        if (first != '{' && first != '[') {
            throw new IOException("invalid JSON stream at offset " + (offset + pos) + ": unexpected character '"
                    + (char) (first & 0xff) + "' between objects");
        }
        length = 0;
        while (!scan()) {
            if (!fill()) {
                throw new IOException("invalid JSON stream: the stream ended inside an object (" + length
                        + " bytes read of it)");
            }
        }
        return MiniJson.parse(object, length);
    }

    /** Skips whitespace between objects; false at the end of the stream. */
    private boolean skipWhitespace() throws IOException {
        while (true) {
            while (pos < limit) {
                byte b = buf[pos];
                if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                    return true;
                }
                pos++;
            }
            if (!fill()) {
                return false;
            }
        }
    }

    /** Scans the buffered bytes of the current object into {@link #object}; true once its closing bracket is in. */
    private boolean scan() {
        int start = pos;
        boolean done = false;
        while (pos < limit && !done) {
            byte b = buf[pos++];
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                done = --depth == 0;
            }
        }
        append(start, pos - start);
        return done;
    }

    private void append(int from, int n) {
        if (length + n > maxObjectBytes) {
            throw new CliException(1, "invalid JSON stream: an object of more than " + maxObjectBytes
                    + " bytes (the limit of one message)");
        }
        if (length + n > object.length) {
            object = Arrays.copyOf(object, Math.min(maxObjectBytes, Math.max(length + n, object.length * 2)));
        }
        System.arraycopy(buf, from, object, length, n);
        length += n;
    }

    /** Reads more input into the (fully consumed) buffer; false at the end of the stream. */
    private boolean fill() throws IOException {
        offset += limit;
        pos = 0;
        limit = 0;
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        limit = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
