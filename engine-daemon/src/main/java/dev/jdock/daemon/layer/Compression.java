package dev.jdock.daemon.layer;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/** Recognises a compressed stream by its magic bytes, as Docker's archive.DecompressStream does. */
public enum Compression {
    NONE, GZIP, ZSTD, BZIP2, XZ;

    private static final int BUFFER = 64 * 1024;
    /** Detects the compression of {@code in}, which must support mark/reset. */
    public static Compression detect(InputStream in) throws IOException {
        in.mark(8);
        byte[] head = in.readNBytes(6);
        in.reset();
        if (starts(head, 0x1f, 0x8b, 0x08)) {
            return GZIP;
        }
        if (starts(head, 0x28, 0xb5, 0x2f, 0xfd)) {
            return ZSTD;
        }
        if (starts(head, 'B', 'Z', 'h')) {
            return BZIP2;
        }
        if (starts(head, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
            return XZ;
        }
        return NONE;
    }

    private static boolean starts(byte[] head, int... magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** Returns the uncompressed stream of {@code raw} (plain, gzip, zstd, bzip2 or xz). */
    public static InputStream decompress(InputStream raw) throws IOException {
        InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw, BUFFER);
        switch (detect(in)) {
            case GZIP:
                return new GZIPInputStream(in, BUFFER);
            case ZSTD:
                return new BufferedInputStream(new ZstdInputStream(in), BUFFER);
            case BZIP2:
                return new BufferedInputStream(new BZip2CompressorInputStream(in, true), BUFFER);
            case XZ:
                return new BufferedInputStream(XzMemory.decode(in), BUFFER); // one memory budget for them all
            default:
                return in;
        }
    }
}
