package dev.jdock.daemon.layer;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Sits under a tar reader and looks at every 512-byte header as it passes: a metadata entry (PAX extended header
 * {@code x}/{@code g}, GNU long name or link {@code L}/{@code K}) larger than {@link #MAX_METADATA} bytes fails
 * the stream before the reader takes it into memory (commons-compress reads such an entry whole, so a tar
 * announcing a 1 GB path would exhaust the daemon's heap). File contents are passed through untouched.
 */
public final class TarGuard extends ObservingInputStream {
    /** The largest metadata entry accepted (a path 200,000 levels deep fits). */
    static final long MAX_METADATA = 4L << 20;
    private static final int BLOCK = 512;

    private final byte[] header = new byte[BLOCK];
    private int inHeader;
    private long dataLeft;
    private long padLeft;
    /** The content of a PAX 'x' header being read (its "size" record applies to the next entry), else null. */
    private ByteArrayOutputStream pax;
    private long nextSize = -1;

    public TarGuard(InputStream in) {
        super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0 && inHeader > 0 && !zeros(header, inHeader)) {
            // Go's reader: a header cut short is io.ErrUnexpectedEOF (commons-compress would call it the end);
            // zeros cut short are the end-of-archive blocks some writers leave out
            throw new EOFException("unexpected EOF");
        }
        for (int i = 0; i < n; ) {
            if (dataLeft > 0) {
                int take = (int) Math.min(dataLeft, n - i);
                if (pax != null) {
                    pax.write(b, off + i, take);
                }
                dataLeft -= take;
                i += take;
                if (dataLeft == 0 && pax != null) {
                    nextSize = paxSize(pax.toByteArray());
                    pax = null;
                }
                continue;
            }
            if (padLeft > 0) {
                int take = (int) Math.min(padLeft, n - i);
                padLeft -= take;
                i += take;
                continue;
            }
            int take = Math.min(BLOCK - inHeader, n - i);
            System.arraycopy(b, off + i, header, inHeader, take);
            inHeader += take;
            i += take;
            if (inHeader == BLOCK) {
                inHeader = 0;
                header();
            }
        }
        return n;
    }

    private static boolean zeros(byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** A header was read: how much data and padding follow it. */
    private void header() throws IOException {
        long size = size();
        char type = (char) header[156];
        if (type == 'x' || type == 'g' || type == 'L' || type == 'K') {
            if (size > MAX_METADATA) {
                throw new IOException("tar metadata entry (type " + type + ") of " + size + " bytes exceeds "
                        + (MAX_METADATA >> 20) + " MiB");
            }
            if (type == 'x') {
                pax = new ByteArrayOutputStream();
            }
        } else {
            if (nextSize >= 0) {
                size = nextSize; // the PAX "size" record of this entry
            }
            nextSize = -1;
            if (type == '1' || type == '2' || type == '3' || type == '4' || type == '5' || type == '6') {
                size = 0;
            }
        }
        dataLeft = size;
        padLeft = (BLOCK - size % BLOCK) % BLOCK;
        if (size == 0 && pax != null) {
            pax = null;
        }
    }

    /** The value of the "size" record in PAX header content, or -1. */
    static long paxSize(byte[] records) {
        int pos = 0;
        while (pos < records.length) {
            int space = pos;
            while (space < records.length && records[space] != ' ') {
                space++;
            }
            int len;
            try {
                len = Integer.parseInt(new String(records, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                return -1;
            }
            if (len <= 0 || pos + len > records.length || space + 1 > pos + len - 1) {
                return -1;
            }
            String kv = new String(records, space + 1, pos + len - space - 2, StandardCharsets.UTF_8);
            if (kv.startsWith("size=")) {
                try {
                    return Long.parseLong(kv.substring(5));
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
            pos += len;
        }
        return -1;
    }

    /** The size field: octal, or GNU/star base-256 when its first byte has the high bit. */
    private long size() {
        if ((header[124] & 0x80) != 0) {
            long v = 0;
            for (int i = 125; i < 136; i++) {
                v = (v << 8) | (header[i] & 0xff);
            }
            return v < 0 ? Long.MAX_VALUE : v;
        }
        String s = new String(header, 124, 12, StandardCharsets.US_ASCII).trim();
        int end = 0;
        while (end < s.length() && s.charAt(end) >= '0' && s.charAt(end) <= '7') {
            end++;
        }
        return end == 0 ? 0 : Long.parseLong(s.substring(0, end), 8);
    }
}
