package dev.jdock.daemon.layer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A filter that must see every byte that passes (to hash, verify, record or bound it): {@link #skip} reads through
 * {@link #read(byte[], int, int)} instead of skipping below it, and there is no mark/reset to replay bytes.
 */
public class ObservingInputStream extends FilterInputStream {
    protected ObservingInputStream(InputStream in) {
        super(in);
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
