package dev.jdock.daemon.layer;

import dev.jdock.api.GoPath;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a POSIX tar stream as Go's archive/tar writes moby's headers (Format PAX, which still allows USTAR): a
 * plain ustar header when the entry fits one, a name of 101 to 256 ASCII bytes split into the prefix and name
 * fields; else a PAX extended header first (its records sorted by key, the block named {@code dir/PaxHeaders.0/base},
 * mode, owner and mtime 0) for a name that cannot be split or is not ASCII, a link target over 100 bytes or not
 * ASCII, numbers too big for their octal field, and extended attributes ({@code SCHILY.xattr.}). The ustar fields
 * then hold the ASCII characters of the name only, cut at 100 bytes. The device fields are written as octal zeros
 * for every entry, and the owner's names stay empty (moby 23+ builds headers without lookups). Every header is
 * built in time linear in its name (commons-compress re-encodes a long name once per character it cuts off to fit
 * the 100-byte field: quadratic, minutes for one directory tree 10,000 levels deep).
 */
public final class TarOutput {
    static final int BLOCK = 512;
    private static final int NAME_SIZE = 100;
    private static final int PREFIX_SIZE = 155;
    private static final long MAX_OCTAL_11 = 077777777777L;
    private static final long MAX_OCTAL_7 = 07777777L;
    /** The PAX record prefix of an extended attribute. */
    public static final String XATTR_PAX = "SCHILY.xattr.";

    /**
     * One entry's header. Times in whole seconds (Docker truncates them too). {@code mode} holds the permission,
     * setuid, setgid and sticky bits only (moby 23+ no longer adds the file type bits). {@code xattrs} (name to
     * value) become {@code SCHILY.xattr.} PAX records.
     */
    public record Header(String name, char type, int mode, long uid, long gid, long size, long mtimeSeconds,
            String linkName, long devMajor, long devMinor, Map<String, byte[]> xattrs) {
        public static final char REGULAR = '0';
        public static final char HARDLINK = '1';
        public static final char SYMLINK = '2';
        public static final char CHAR_DEVICE = '3';
        public static final char BLOCK_DEVICE = '4';
        public static final char DIRECTORY = '5';
        public static final char FIFO = '6';

        public Header {
            xattrs = xattrs == null ? Map.of() : xattrs;
        }

        public Header(String name, char type, int mode, long uid, long gid, long size, long mtimeSeconds,
                String linkName, long devMajor, long devMinor) {
            this(name, type, mode, uid, gid, size, mtimeSeconds, linkName, devMajor, devMinor, Map.of());
        }

        public static Header of(String name, char type, int mode, long mtimeSeconds) {
            return new Header(name, type, mode, 0, 0, 0, mtimeSeconds, "", 0, 0);
        }

        public Header withOwner(long u, long g) {
            return new Header(name, type, mode, u, g, size, mtimeSeconds, linkName, devMajor, devMinor, xattrs);
        }

        public Header withSize(long s) {
            return new Header(name, type, mode, uid, gid, s, mtimeSeconds, linkName, devMajor, devMinor, xattrs);
        }

        public Header withLink(String target) {
            return new Header(name, type, mode, uid, gid, size, mtimeSeconds, target, devMajor, devMinor, xattrs);
        }

        public Header withDevice(long major, long minor) {
            return new Header(name, type, mode, uid, gid, size, mtimeSeconds, linkName, major, minor, xattrs);
        }

        public Header withXattrs(Map<String, byte[]> x) {
            return new Header(name, type, mode, uid, gid, size, mtimeSeconds, linkName, devMajor, devMinor, x);
        }

        /** The same entry as another type (a hard link to an entry seen before, a whiteout). */
        public Header withType(char t) {
            return new Header(name, t, mode, uid, gid, size, mtimeSeconds, linkName, devMajor, devMinor, xattrs);
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
        Map<String, byte[]> pax = new TreeMap<>(); // Go sorts the keys (ASCII: String order is byte order)
        boolean ustar = true;
        byte[][] split = null;
        if (name.length > NAME_SIZE || !ascii(name)) {
            pax.put("path", name);
            split = splitUstar(name);
            ustar = split != null;
        }
        if (link.length > NAME_SIZE || !ascii(link)) {
            pax.put("linkpath", link);
            ustar = false;
        }
        ustar &= !big(pax, "size", h.size(), MAX_OCTAL_11);
        ustar &= !big(pax, "uid", h.uid(), MAX_OCTAL_7);
        ustar &= !big(pax, "gid", h.gid(), MAX_OCTAL_7);
        if (h.mtimeSeconds() < 0 || h.mtimeSeconds() > MAX_OCTAL_11) {
            pax.put("mtime", Long.toString(h.mtimeSeconds()).getBytes(StandardCharsets.US_ASCII));
            ustar = false;
        }
        for (Map.Entry<String, byte[]> x : h.xattrs().entrySet()) {
            pax.put(XATTR_PAX + x.getKey(), x.getValue());
            ustar = false; // only PAX carries them
        }
        if (ustar) {
            writeHeader(h, split == null ? name : split[1], link, split == null ? new byte[0] : split[0]);
        } else {
            if (!pax.isEmpty()) {
                writePax(h.name(), pax);
            }
            writeHeader(h, toAscii(name), toAscii(link), new byte[0]);
        }
        size = h.type() == Header.REGULAR ? h.size() : 0;
        left = size;
        inEntry = true;
    }

    /** Whether {@code value} needs a PAX record (recorded in {@code pax}). */
    private static boolean big(Map<String, byte[]> pax, String key, long value, long max) {
        if (value < 0 || value > max) {
            pax.put(key, Long.toUnsignedString(value).getBytes(StandardCharsets.US_ASCII));
            return true;
        }
        return false;
    }

    private static boolean ascii(byte[] b) {
        for (byte x : b) {
            if (x < 0) {
                return false;
            }
        }
        return true;
    }

    /** The ASCII bytes of {@code b} (Go's toASCII: the others and NUL are dropped; the real name is in PAX). */
    static byte[] toAscii(byte[] b) {
        java.io.ByteArrayOutputStream a = new java.io.ByteArrayOutputStream(b.length);
        for (byte x : b) {
            if (x > 0) {
                a.write(x);
            }
        }
        return a.size() == b.length ? b : a.toByteArray();
    }

    /**
     * Go's splitUSTARPath: an ASCII name of 101 to 256 bytes cut at a slash into a prefix of at most 155 bytes and
     * a non-empty name of at most 100; null when there is no such slash.
     */
    static byte[][] splitUstar(byte[] name) {
        int length = name.length;
        if (length <= NAME_SIZE || !ascii(name)) {
            return null;
        } else if (length > PREFIX_SIZE + 1) {
            length = PREFIX_SIZE + 1;
        } else if (name[length - 1] == '/') {
            length--;
        }
        int i = length - 1;
        while (i >= 0 && name[i] != '/') {
            i--;
        }
        int nlen = name.length - i - 1;
        if (i <= 0 || nlen > NAME_SIZE || nlen == 0 || i > PREFIX_SIZE) {
            return null;
        }
        return new byte[][] {Arrays.copyOfRange(name, 0, i), Arrays.copyOfRange(name, i + 1, name.length)};
    }

    /** Go's writePAXHeader: the records, in the data of an 'x' entry named {@code dir/PaxHeaders.0/base}. */
    private void writePax(String realName, Map<String, byte[]> pax) throws IOException {
        java.io.ByteArrayOutputStream records = new java.io.ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> e : pax.entrySet()) {
            byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
            int size = k.length + e.getValue().length + 3; // ' ', '=' and '\n'
            size += Integer.toString(size).length();
            int recordLength = Integer.toString(size).length() + k.length + e.getValue().length + 3;
            if (recordLength != size) {
                size = recordLength; // the length's own digits made it one digit longer
            }
            records.writeBytes(Integer.toString(size).getBytes(StandardCharsets.US_ASCII));
            records.write(' ');
            records.writeBytes(k);
            records.write('=');
            records.writeBytes(e.getValue());
            records.write('\n');
        }
        byte[] data = records.toByteArray();
        int slash = realName.lastIndexOf('/');
        String dir = realName.substring(0, slash + 1);
        String base = realName.substring(slash + 1);
        byte[] n = toAscii(GoPath.join(dir, "PaxHeaders.0", base).getBytes(StandardCharsets.UTF_8));
        n = Arrays.copyOf(n, Math.min(n.length, NAME_SIZE));
        int end = n.length;
        while (end > 0 && n[end - 1] == '/') {
            end--;
        }
        Arrays.fill(block, (byte) 0);
        System.arraycopy(n, 0, block, 0, end);
        octal(100, 8, 0);
        octal(108, 8, 0);
        octal(116, 8, 0);
        octal(124, 12, data.length);
        octal(136, 12, 0);
        block[156] = 'x';
        checksumAndWrite();
        out.write(data);
        pad(data.length);
    }

    /** Go's templateV7Plus and a ustar magic; {@code name} and {@code link} ASCII, cut as Go's formatString does. */
    private void writeHeader(Header h, byte[] name, byte[] link, byte[] prefix) throws IOException {
        Arrays.fill(block, (byte) 0);
        string(0, NAME_SIZE, name);
        octal(100, 8, h.mode() & 07777);
        octal(108, 8, h.uid() > MAX_OCTAL_7 || h.uid() < 0 ? 0 : h.uid());
        octal(116, 8, h.gid() > MAX_OCTAL_7 || h.gid() < 0 ? 0 : h.gid());
        octal(124, 12, h.size() > MAX_OCTAL_11 || h.size() < 0 ? 0 : h.size());
        octal(136, 12, h.mtimeSeconds() > MAX_OCTAL_11 || h.mtimeSeconds() < 0 ? 0 : h.mtimeSeconds());
        block[156] = (byte) h.type();
        string(157, NAME_SIZE, link);
        octal(329, 8, Math.min(h.devMajor(), MAX_OCTAL_7)); // every entry: "0000000" when not a device
        octal(337, 8, Math.min(h.devMinor(), MAX_OCTAL_7));
        System.arraycopy(prefix, 0, block, 345, Math.min(prefix.length, PREFIX_SIZE));
        checksumAndWrite();
    }

    /**
     * Go's formatString: the bytes that fit; a value cut at the field's end whose last byte is a slash has the
     * slashes it ends with replaced by a NUL (buggy readers would take a cut file name for a directory).
     */
    private void string(int offset, int width, byte[] s) {
        System.arraycopy(s, 0, block, offset, Math.min(s.length, width));
        if (s.length > width && block[offset + width - 1] == '/') {
            int n = width - 1;
            while (n > 0 && s[n - 1] == '/') {
                n--;
            }
            block[offset + n] = 0;
        }
    }

    /** The ustar magic and version, then the checksum (six octal digits, NUL, space); writes the block. */
    private void checksumAndWrite() throws IOException {
        System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, block, 257, 8);
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
