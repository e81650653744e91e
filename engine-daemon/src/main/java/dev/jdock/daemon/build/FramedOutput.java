package dev.jdock.daemon.build;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A RUN step's output as the container's log gives it (attach frames: a type byte, three zero bytes, a big-endian
 * length, the payload) turned into build messages: stdout as text, stderr marked as stderr. Frames may arrive split
 * across writes; a frame's payload is bounded by the log's entry size.
 */
final class FramedOutput extends OutputStream {
    private static final int HEADER = 8;
    private static final int MAX_FRAME = 1 << 20;

    private final StepLog out;
    private final byte[] header = new byte[HEADER];
    private int headerFill;
    private ByteArrayOutputStream payload;
    private int remaining;
    private int stream;

    FramedOutput(StepLog out) {
        this.out = out;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            if (payload == null) {
                header[headerFill++] = b[i++];
                if (headerFill == HEADER) {
                    startFrame();
                }
                continue;
            }
            int n = Math.min(remaining, end - i);
            payload.write(b, i, n);
            i += n;
            remaining -= n;
            if (remaining == 0) {
                endFrame();
            }
        }
    }

    private void startFrame() {
        headerFill = 0;
        stream = header[0];
        remaining = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8)
                | (header[7] & 0xff);
        if (remaining < 0 || remaining > MAX_FRAME) {
            remaining = Math.max(0, Math.min(remaining, MAX_FRAME));
        }
        payload = new ByteArrayOutputStream(Math.min(remaining, 8192));
        if (remaining == 0) {
            endFrame();
        }
    }

    private void endFrame() {
        String text = payload.toString(StandardCharsets.UTF_8);
        payload = null;
        if (text.isEmpty()) {
            return;
        }
        if (stream == 2) {
            out.stderr(text);
        } else {
            out.stream(text);
        }
    }
}
