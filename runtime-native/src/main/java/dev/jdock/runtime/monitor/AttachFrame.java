package dev.jdock.runtime.monitor;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * The attach socket's framing, both directions: {@code [type u8][length u32 big-endian][payload]}.
 * Monitor → client: {@link #STDOUT}, {@link #STDERR}, {@link #EXIT}, {@link #STARTED}, {@link #START_FAILED},
 * {@link #STATE}, {@link #LOG_REOPENED}, {@link #LOG_AT}; client → monitor: {@link #STDIN}, {@link #CLOSE_STDIN},
 * {@link #RESIZE}, {@link #START}, {@link #STATUS}, {@link #REOPEN_LOG}, {@link #NO_OUTPUT}, {@link #LOG_MARK}.
 */
public record AttachFrame(int type, ByteBuffer payload) {

    public static final int STDOUT = 1;
    public static final int STDERR = 2;
    /** payload: exit code in ASCII decimal, optionally {@code \n} + error message. */
    public static final int EXIT = 3;
    /** payload: the container's host pid in ASCII. */
    public static final int STARTED = 4;
    /** payload: {@code <exitcode>\n<message>}. */
    public static final int START_FAILED = 5;
    /** The answer to {@link #STATUS}: {@code <created|starting|running|failed|exited> <pid> <started-at|->}. */
    public static final int STATE = 6;
    /** The answer to {@link #REOPEN_LOG}: {@code 0}, or {@code <errno> <message>}. */
    public static final int LOG_REOPENED = 7;
    /** The answer to {@link #LOG_MARK}: {@code <dev> <ino> <size> <stdout partial> <stderr partial>}, or {@code -}. */
    public static final int LOG_AT = 8;
    public static final int STDIN = 10;
    public static final int CLOSE_STDIN = 11;
    /** payload: {@code <height> <width>}. */
    public static final int RESIZE = 12;
    public static final int START = 13;
    /** Asks for a {@link #STATE} frame (nothing else changes). */
    public static final int STATUS = 14;
    /** Asks the monitor to open its log file again at its path (the CRI's ReopenContainerLog after a rotation). */
    public static final int REOPEN_LOG = 15;
    /**
     * This client takes no {@link #STDOUT}/{@link #STDERR} frames (jdockd's exit watch: the log is in the file);
     * a monitor older than this frame ignores it and sends output as before.
     */
    public static final int NO_OUTPUT = 16;
    /**
     * Asks where the log file ends now, in the order of the output ({@link #LOG_AT}, see {@link LogMark}); a monitor
     * older than this frame does not answer.
     */
    public static final int LOG_MARK = 17;

    public static final int MAX_PAYLOAD = 1024 * 1024;

    public static ByteBuffer encode(int type, ByteBuffer payload) {
        ByteBuffer b = ByteBuffer.allocate(5 + payload.remaining());
        b.put((byte) type).putInt(payload.remaining()).put(payload.duplicate()).flip();
        return b;
    }

    /** Reads one frame; throws EOFException at a clean end of stream between frames. */
    public static AttachFrame read(ReadableByteChannel ch) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(5);
        readFully(ch, header);
        int type = header.get(0) & 0xff;
        int len = header.getInt(1);
        if (len < 0 || len > MAX_PAYLOAD) {
            throw new IOException("attach frame too large: " + len);
        }
        ByteBuffer payload = ByteBuffer.allocate(len);
        readFully(ch, payload);
        return new AttachFrame(type, payload.flip());
    }

    private static void readFully(ReadableByteChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new EOFException("attach socket closed");
            }
        }
    }
}
