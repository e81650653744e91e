package dev.jdock.daemon.registry;

import dev.jdock.api.value.Digest;
import dev.jdock.daemon.layer.ObservingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * A blob as it streams in: hashed and counted, refused at end of stream (IOException) when the size or digest differ
 * from the descriptor, and refused as soon as it grows past the expected size. Nothing read through it may be kept
 * until it reached the end without error.
 */
public final class VerifyingInputStream extends ObservingInputStream {
    private final Digest expected;
    private final long expectedSize;
    private final MessageDigest sha = Digest.newSha256();
    private long count;
    private boolean verified;

    public VerifyingInputStream(InputStream in, Digest expected, long expectedSize) {
        super(in);
        this.expected = expected;
        this.expectedSize = expectedSize;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            sha.update(b, off, n);
            count += n;
            if (expectedSize >= 0 && count > expectedSize) {
                throw new IOException("blob " + expected + " is larger than its descriptor's " + expectedSize + " bytes");
            }
        } else if (n < 0) {
            check();
        }
        return n;
    }

    private void check() throws IOException {
        if (verified) {
            return;
        }
        if (expectedSize >= 0 && count != expectedSize) {
            throw new IOException("blob " + expected + ": got " + count + " bytes, expected " + expectedSize);
        }
        Digest actual = Digest.fromHash(sha.digest());
        if (!actual.equals(expected)) {
            throw new IOException("digest mismatch: blob " + expected + " has digest " + actual);
        }
        verified = true;
    }

    /** Reads whatever is left and verifies; throws when the content is not what the descriptor promised. */
    public void finish() throws IOException {
        byte[] buf = new byte[64 * 1024];
        while (read(buf, 0, buf.length) >= 0) {
            // hashing happens in read
        }
        check();
    }

    public long count() {
        return count;
    }
}
