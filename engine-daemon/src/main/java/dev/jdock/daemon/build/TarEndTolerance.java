package dev.jdock.daemon.build;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A build context tar that may end right after its last entry's data: the docker CLI's {@code build -f -} context
 * (the Dockerfile and .dockerignore appended to the tar) has neither the last entry's padding nor the end-of-archive
 * blocks, and Go's tar reader takes that as the end. This stream follows the tar's structure (each header's size)
 * and, when the input ends exactly at an entry boundary or after an entry's data, supplies the missing padding and
 * the two zero blocks. An input that ends inside a header or inside an entry's data is passed on as it is, to fail
 * as truncated.
 */
final class TarEndTolerance extends FilterInputStream {
    private static final int BLOCK = 512;

    private final byte[] header = new byte[BLOCK];
    private int headerFill;
    /** Data bytes (then padding) left of the current entry. */
    private long data;
    private long padding;
    private boolean trailerSeen;
    private long synthetic = -1;

    TarEndTolerance(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (synthetic >= 0) {
            return syntheticRead(b, off, len);
        }
        int n = in.read(b, off, len);
        if (n < 0) {
            if (!trailerSeen && headerFill == 0 && data == 0) {
                synthetic = padding + 2L * BLOCK;
                return syntheticRead(b, off, len);
            }
            return -1;
        }
        track(b, off, n);
        return n;
    }

    /** Skips by reading, so that the structure is followed and the synthesized end counts. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(8192, Math.max(n, 1))];
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
    public int available() throws IOException {
        return synthetic >= 0 ? (int) Math.min(Integer.MAX_VALUE, synthetic) : in.available();
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private int syntheticRead(byte[] b, int off, int len) {
        if (synthetic == 0 || len == 0) {
            return synthetic == 0 ? -1 : 0;
        }
        int n = (int) Math.min(len, synthetic);
        java.util.Arrays.fill(b, off, off + n, (byte) 0);
        synthetic -= n;
        return n;
    }

    private void track(byte[] b, int off, int n) {
        int i = off;
        int end = off + n;
        while (i < end && !trailerSeen) {
            if (data > 0) {
                int k = (int) Math.min(data, end - i);
                data -= k;
                i += k;
            } else if (padding > 0) {
                int k = (int) Math.min(padding, end - i);
                padding -= k;
                i += k;
            } else {
                int k = Math.min(BLOCK - headerFill, end - i);
                System.arraycopy(b, i, header, headerFill, k);
                headerFill += k;
                i += k;
                if (headerFill == BLOCK) {
                    headerFill = 0;
                    startEntry();
                }
            }
        }
    }

    private void startEntry() {
        boolean zero = true;
        for (byte x : header) {
            if (x != 0) {
                zero = false;
                break;
            }
        }
        if (zero) {
            trailerSeen = true; // a real end-of-archive block: nothing to add
            return;
        }
        char type = (char) header[156];
        boolean hasData = type == '0' || type == '\0' || type == '7' || type == 'x' || type == 'g' || type == 'L'
                || type == 'K';
        long size = hasData ? size() : 0;
        data = size;
        padding = (BLOCK - size % BLOCK) % BLOCK;
    }

    /** The size field: octal, or base-256 when its first byte has the high bit set. */
    private long size() {
        if ((header[124] & 0x80) != 0) {
            long v = 0;
            for (int i = 125; i < 136; i++) {
                v = (v << 8) | (header[i] & 0xff);
            }
            return v;
        }
        long v = 0;
        int i = 124;
        while (i < 136 && (header[i] == ' ' || header[i] == 0)) {
            i++;
        }
        for (; i < 136 && header[i] >= '0' && header[i] <= '7'; i++) {
            v = v * 8 + (header[i] - '0');
        }
        return v;
    }
}
