package dev.jdock.daemon.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a POSIX tar stream: ustar headers, with a PAX extended header before an entry whose name or link target
 * does not fit (or is not ASCII) or whose numbers are too big, as Go's archive/tar does for Docker. Every header is
 * built in time linear in its name (commons-compress re-encodes a long name once per character it cuts off to fit
 * the 100-byte field: quadratic, minutes for one directory tree 10,000 levels deep).
 */
public final class TarOutput {
    static final int BLOCK = 512;
    private static final long MAX_OCTAL_11 = 077777777777L;
    private static final long MAX_OCTAL_7 = 07777777L;

    /** One entry's header. Times in whole seconds (Docker truncates them too). */
    public record Header(String name, char type, int mode, long uid, long gid, long size, long mtimeSeconds,
            String linkName, long devMajor, long devMinor) {
        public static final char REGULAR = '0';
        public static final char HARDLINK = '1';
        public static final char SYMLINK = '2';
        public static final char CHAR_DEVICE = '3';
        public static final char BLOCK_DEVICE = '4';
        public static final char DIRECTORY = '5';
        public static final char FIFO = '6';

        public static Header of(String name, char type, int mode, long mtimeSeconds) {
            return new Header(name, type, mode, 0, 0, 0, mtimeSeconds, "", 0, 0);
        }

        public Header withOwner(long u, long g) {
            return new Header(name, type, mode, u, g, size, mtimeSeconds, linkName, devMajor, devMinor);
        }

        public Header withSize(long s) {
            return new Header(name, type, mode, uid, gid, s, mtimeSeconds, linkName, devMajor, devMinor);
        }

        public Header withLink(String target) {
            return new Header(name, type, mode, uid, gid, size, mtimeSeconds, target, devMajor, devMinor);
        }

        public Header withDevice(long major, long minor) {
            return new Header(name, type, mode, uid, gid, size, mtimeSeconds, linkName, major, minor);
        }
    }

    private final OutputStream out;
    private final byte[] block = new byte[BLOCK];
    private long left;
    private long size;
    private boolean inEntry;

    public TarOutput(OutputStream out) {
        this.out = out;
    }

    /** Writes the header; then come {@code h.size()} bytes of content (a regular file), then {@link #closeEntry}. */
    public void putEntry(Header h) throws IOException {
        if (inEntry) {
            throw new IllegalStateException("previous tar entry not closed");
        }
        byte[] name = h.name().getBytes(StandardCharsets.UTF_8);
        byte[] link = h.linkName().getBytes(StandardCharsets.UTF_8);
        Map<String, String> pax = new LinkedHashMap<>();
        if (name.length > 100 || !ascii(name)) {
            pax.put("path", h.name());
        }
        if (link.length > 100 || !ascii(link)) {
            pax.put("linkpath", h.linkName());
        }
        big(pax, "size", h.size(), MAX_OCTAL_11);
        big(pax, "uid", h.uid(), MAX_OCTAL_7);
        big(pax, "gid", h.gid(), MAX_OCTAL_7);
        if (h.mtimeSeconds() < 0 || h.mtimeSeconds() > MAX_OCTAL_11) {
            pax.put("mtime", Long.toString(h.mtimeSeconds()));
        }
        if (!pax.isEmpty()) {
            writePax(pax);
        }
        writeHeader(h, cut(name), cut(link));
        size = h.type() == Header.REGULAR ? h.size() : 0;
        left = size;
        inEntry = true;
    }

    private static void big(Map<String, String> pax, String key, long value, long max) {
        if (value < 0 || value > max) {
            pax.put(key, Long.toUnsignedString(value));
        }
    }

    private static boolean ascii(byte[] b) {
        for (byte x : b) {
            if (x < 0) {
                return false;
            }
        }
        return true;
    }

    /** The first bytes of a name that fit the 100-byte field (the full name is in the PAX header). */
    private static byte[] cut(byte[] b) {
        byte[] c = Arrays.copyOf(b, Math.min(b.length, 100));
        for (int i = 0; i < c.length; i++) {
            if (c[i] < 0) {
                c[i] = '_'; // the real name is in the PAX header; old readers get ASCII
            }
        }
        return c;
    }

    private void writePax(Map<String, String> pax) throws IOException {
        java.io.ByteArrayOutputStream records = new java.io.ByteArrayOutputStream();
        for (Map.Entry<String, String> e : pax.entrySet()) {
            byte[] kv = (" " + e.getKey() + "=" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8);
            int len = kv.length + Integer.toString(kv.length).length();
            if (Integer.toString(len).length() != Integer.toString(kv.length).length()) {
                len++;
            }
            records.writeBytes(Integer.toString(len).getBytes(StandardCharsets.US_ASCII));
            records.writeBytes(kv);
        }
        byte[] data = records.toByteArray();
        writeHeader(new Header("PaxHeaders.0/entry", 'x', 0644, 0, 0, data.length, 0, "", 0, 0),
                "PaxHeaders.0/entry".getBytes(StandardCharsets.US_ASCII), new byte[0]);
        out.write(data);
        pad(data.length);
    }

    private void writeHeader(Header h, byte[] name, byte[] link) throws IOException {
        Arrays.fill(block, (byte) 0);
        System.arraycopy(name, 0, block, 0, name.length);
        octal(100, 8, h.mode() & 07777);
        octal(108, 8, h.uid() > MAX_OCTAL_7 || h.uid() < 0 ? 0 : h.uid());
        octal(116, 8, h.gid() > MAX_OCTAL_7 || h.gid() < 0 ? 0 : h.gid());
        octal(124, 12, h.size() > MAX_OCTAL_11 || h.size() < 0 ? 0 : h.size());
        octal(136, 12, h.mtimeSeconds() > MAX_OCTAL_11 || h.mtimeSeconds() < 0 ? 0 : h.mtimeSeconds());
        block[156] = (byte) h.type();
        System.arraycopy(link, 0, block, 157, link.length);
        System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, block, 257, 8);
        if (h.type() == Header.CHAR_DEVICE || h.type() == Header.BLOCK_DEVICE) {
            octal(329, 8, Math.min(h.devMajor(), MAX_OCTAL_7));
            octal(337, 8, Math.min(h.devMinor(), MAX_OCTAL_7));
        }
        Arrays.fill(block, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : block) {
            sum += b & 0xff;
        }
        octal(148, 7, sum);
        block[155] = ' ';
        out.write(block);
    }

    /** {@code width - 1} octal digits, zero padded, then NUL. */
    private void octal(int offset, int width, long value) {
        String s = Long.toOctalString(value);
        int digits = width - 1;
        for (int i = 0; i < digits; i++) {
            int from = s.length() - digits + i;
            block[offset + i] = (byte) (from < 0 ? '0' : s.charAt(from));
        }
        block[offset + digits] = 0;
    }

    /** Content of the current entry (no more than its size). */
    public void write(byte[] b, int off, int len) throws IOException {
        if (len > left) {
            throw new IOException("tar entry content exceeds its size");
        }
        out.write(b, off, len);
        left -= len;
    }

    /** Pads the content to its size with zeros (a file that shrank meanwhile), then to the block. */
    public void closeEntry() throws IOException {
        if (!inEntry) {
            return;
        }
        Arrays.fill(block, (byte) 0);
        while (left > 0) {
            write(block, 0, (int) Math.min(block.length, left));
        }
        inEntry = false;
        pad(size);
    }

    /** How many bytes the content of the current entry still needs. */
    public long remaining() {
        return left;
    }

    private void pad(long length) throws IOException {
        int rest = (int) (length % BLOCK);
        if (rest != 0) {
            Arrays.fill(block, (byte) 0);
            out.write(block, 0, BLOCK - rest);
        }
    }

    /** The end-of-archive marker (two zero blocks) and a flush; the stream stays open. */
    public void finish() throws IOException {
        closeEntry();
        Arrays.fill(block, (byte) 0);
        out.write(block);
        out.write(block);
        out.flush();
    }
}
