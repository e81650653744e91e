package dev.jdock.cli.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes tar headers as Go's archive/tar does for the entries the CLI sends: ustar, with a PAX record ahead of an
 * entry whose name or link target is over 100 bytes or whose size does not fit 11 octal digits.
 */
public final class TarHeader {
    public static final int BLOCK = 512;

    private TarHeader() {
    }

    /** The entry's header (PAX extension first when needed); the caller writes the data and its padding. */
    public static void write(OutputStream out, String name, char type, long size, int mode, int uid, int gid,
            long mtime, String link) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] linkBytes = link.getBytes(StandardCharsets.UTF_8);
        boolean bigSize = size > 077777777777L;
        if (nameBytes.length > 100 || linkBytes.length > 100 || bigSize) {
            StringBuilder pax = new StringBuilder();
            if (nameBytes.length > 100) {
                pax.append(record("path", name));
            }
            if (linkBytes.length > 100) {
                pax.append(record("linkpath", link));
            }
            if (bigSize) {
                pax.append(record("size", Long.toString(size)));
            }
            byte[] body = pax.toString().getBytes(StandardCharsets.UTF_8);
            out.write(header("PaxHeaders/" + trunc(name), 'x', body.length, 0644, 0, 0, mtime, ""));
            out.write(body);
            int rest = body.length % BLOCK;
            if (rest != 0) {
                out.write(new byte[BLOCK - rest]);
            }
        }
        out.write(header(trunc(name), type, bigSize ? 0 : size, mode, uid, gid, mtime, trunc(link)));
    }

    private static String trunc(String s) {
        String t = s;
        while (t.getBytes(StandardCharsets.UTF_8).length > 100) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    /** A PAX record: "len key=value\n" where len counts itself. */
    public static String record(String key, String value) {
        int base = key.length() + value.getBytes(StandardCharsets.UTF_8).length + 3;
        int len = base + Integer.toString(base).length();
        if (Integer.toString(len).length() != Integer.toString(base).length()) {
            len++;
        }
        return len + " " + key + "=" + value + "\n";
    }

    public static byte[] header(String name, char type, long size, int mode, int uid, int gid, long mtime,
            String link) {
        byte[] h = new byte[BLOCK];
        put(h, 0, 100, name.getBytes(StandardCharsets.UTF_8));
        octal(h, 100, 8, mode);
        octal(h, 108, 8, uid);
        octal(h, 116, 8, gid);
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtime);
        h[156] = (byte) type;
        put(h, 157, 100, link.getBytes(StandardCharsets.UTF_8));
        put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
        octal(h, 329, 8, 0); // devmajor and devminor: Go writes zeros
        octal(h, 337, 8, 0);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        h[154] = 0; // Go: six digits, NUL, space
        return h;
    }

    private static void put(byte[] h, int off, int len, byte[] v) {
        System.arraycopy(v, 0, h, off, Math.min(len, v.length));
    }

    private static void octal(byte[] h, int off, int len, long v) {
        String s = Long.toOctalString(v);
        while (s.length() < len - 1) {
            s = "0" + s;
        }
        put(h, off, len - 1, s.getBytes(StandardCharsets.US_ASCII));
    }
}
