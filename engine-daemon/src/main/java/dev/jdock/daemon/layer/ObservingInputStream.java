package dev.jdock.daemon.layer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A filter that must see every byte that passes (to hash, verify, record or bound it): {@link #read()} and
 * {@link #skip} read through {@link #read(byte[], int, int)} instead of reading or skipping below it, and there is
 * no mark/reset to replay bytes.
 */
public class ObservingInputStream extends FilterInputStream {
    protected ObservingInputStream(InputStream in) {
        super(in);
    }

    /** One byte, through {@link #read(byte[], int, int)}, so that a subclass observes it there. */
    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[8192];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    @Override
    public final boolean markSupported() {
        return false;
    }

    @Override
    public final synchronized void mark(int readlimit) {
    }

    @Override
    public final synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }
}
