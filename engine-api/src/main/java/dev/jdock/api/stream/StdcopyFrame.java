package dev.jdock.api.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * One stdcopy frame: an 8-byte header {@code [stream, 0, 0, 0, len_be32]} followed by {@code len} payload bytes.
 * Used for non-TTY attach, exec and logs output. Stdin from the client is never framed.
 */
public record StdcopyFrame(int stream, byte[] payload) {
    public static final int STDIN = 0;
    public static final int STDOUT = 1;
    public static final int STDERR = 2;
    /** An error message that ends the stream. */
    public static final int SYSTEMERR = 3;
    public static final int HEADER_SIZE = 8;

    public StdcopyFrame {
        if (stream < 0 || stream > 3) {
            throw new IllegalArgumentException("invalid stdcopy stream " + stream);
        }
    }

    /** The 8-byte header for a frame of {@code length} bytes on {@code stream}. */
    public static byte[] header(int stream, int length) {
        byte[] h = new byte[HEADER_SIZE];
        writeHeader(h, 0, stream, length);
        return h;
    }

    /** Writes a header into {@code dst} at {@code off}. */
    public static void writeHeader(byte[] dst, int off, int stream, int length) {
        dst[off] = (byte) stream;
        dst[off + 1] = 0;
        dst[off + 2] = 0;
        dst[off + 3] = 0;
        dst[off + 4] = (byte) (length >>> 24);
        dst[off + 5] = (byte) (length >>> 16);
        dst[off + 6] = (byte) (length >>> 8);
        dst[off + 7] = (byte) length;
    }

    /** Header plus payload in one array (one frame per write keeps chunk boundaries aligned with frames). */
    public static byte[] encode(int stream, byte[] payload, int off, int len) {
        byte[] out = new byte[HEADER_SIZE + len];
        writeHeader(out, 0, stream, len);
        System.arraycopy(payload, off, out, HEADER_SIZE, len);
        return out;
    }

    public byte[] encode() {
        return encode(stream, payload, 0, payload.length);
    }

    /** Writes one frame to {@code out}. */
    public static void write(OutputStream out, int stream, byte[] payload, int off, int len) throws IOException {
        out.write(encode(stream, payload, off, len));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StdcopyFrame f && f.stream == stream && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * stream + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "StdcopyFrame[stream=" + stream + ", length=" + payload.length + "]";
    }
}
