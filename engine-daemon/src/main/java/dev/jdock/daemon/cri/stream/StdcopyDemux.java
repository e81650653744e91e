package dev.jdock.daemon.cri.stream;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Splits the Engine API's multiplexed stream (8-byte headers: stream 1 stdout or 2 stderr, 3 zero bytes, the
 * payload's length big-endian) back into the client's stdout and stderr; a stream that is null is dropped. Writers
 * may cut frames anywhere: the state carries over between writes.
 */
final class StdcopyDemux extends OutputStream {
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final byte[] header = new byte[8];
    private int headerFill;
    /** Payload bytes left of the current frame. */
    private long left;

    StdcopyDemux(OutputStream stdout, OutputStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (left == 0) {
                int n = Math.min(len, 8 - headerFill);
                System.arraycopy(b, off, header, headerFill, n);
                headerFill += n;
                off += n;
                len -= n;
                if (headerFill == 8) {
                    headerFill = 0;
                    left = ((header[4] & 0xffL) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8)
                            | (header[7] & 0xff);
                }
                continue;
            }
            int n = (int) Math.min(len, left);
            OutputStream to = header[0] == 2 ? stderr : header[0] == 1 ? stdout : null;
            if (to != null) {
                to.write(b, off, n);
            }
            off += n;
            len -= n;
            left -= n;
        }
    }
}
