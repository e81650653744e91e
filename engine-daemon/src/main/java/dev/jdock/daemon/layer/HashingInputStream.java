package dev.jdock.daemon.layer;

import dev.jdock.api.value.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Hashes (sha256) and counts what is read through it, optionally copying every byte to a tee. */
public final class HashingInputStream extends ObservingInputStream {
    private final MessageDigest sha = Digest.newSha256();
    private final OutputStream tee;
    private long count;

    public HashingInputStream(InputStream in, OutputStream tee) {
        super(in);
        this.tee = tee;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            sha.update((byte) b);
            count++;
            if (tee != null) {
                tee.write(b);
            }
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            sha.update(b, off, n);
            count += n;
            if (tee != null) {
                tee.write(b, off, n);
            }
        }
        return n;
    }

    /** Reads to the end (tar padding after the end-of-archive blocks counts for the diffID). */
    public void drain() throws IOException {
        byte[] buf = new byte[64 * 1024];
        while (read(buf, 0, buf.length) >= 0) {
            // hashing happens in read
        }
    }

    public long count() {
        return count;
    }

    public Digest digest() {
        return Digest.fromHash(sha.digest());
    }
}
