package dev.jdock.daemon.layer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds small tars in memory for tests. */
public final class TestTars {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    public TestTars() {
        tar = new TarArchiveOutputStream(bytes, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    public TestTars dir(String name) {
        return dir(name, 0755);
    }

    public TestTars dir(String name, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
        e.setMode(040000 | mode);
        return put(e, null);
    }

    public TestTars file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    public TestTars file(String name, byte[] content, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(0100000 | mode);
        e.setSize(content.length);
        e.setUserId(1000);
        e.setGroupId(1001);
        return put(e, content);
    }

    public TestTars fileWithXattr(String name, String content, Map<String, String> xattrs) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(0100644);
        e.setSize(data.length);
        xattrs.forEach((k, v) -> e.addPaxHeader("SCHILY.xattr." + k, v));
        return put(e, data);
    }

    public TestTars symlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        return put(e, null);
    }

    public TestTars hardlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK);
        e.setLinkName(target);
        return put(e, null);
    }

    public TestTars charDevice(String name, int major, int minor) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_CHR);
        e.setMode(0020666);
        e.setDevMajor(major);
        e.setDevMinor(minor);
        return put(e, null);
    }

    public TestTars blockDevice(String name, int major, int minor, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_BLK);
        e.setMode(0060000 | mode);
        e.setDevMajor(major);
        e.setDevMinor(minor);
        return put(e, null);
    }

    /** A directory entry with a modification time (seconds since the epoch). */
    public TestTars dirAt(String name, long mtimeSeconds) {
        TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
        e.setMode(040755);
        e.setModTime(mtimeSeconds * 1000);
        return put(e, null);
    }

    public TestTars fifo(String name) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_FIFO);
        e.setMode(0010644);
        return put(e, null);
    }

    /** An entry whose name is written verbatim (e.g. "../evil"), bypassing commons-compress normalisation. */
    public TestTars raw(String name, String content) {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        e.setMode(0100644);
        e.setSize(data.length);
        return put(e, data);
    }

    private TestTars put(TarArchiveEntry e, byte[] data) {
        try {
            tar.putArchiveEntry(e);
            if (data != null) {
                tar.write(data);
            }
            tar.closeArchiveEntry();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return this;
    }

    public byte[] build() {
        try {
            tar.finish();
            tar.close();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] zstd(byte[] data) {
        return com.github.luben.zstd.Zstd.compress(data);
    }

    /** A bare PAX extended header block ('x') announcing {@code size} bytes of records, without its data. */
    public static byte[] paxHeader(long size) {
        byte[] header = new byte[512];
        byte[] name = "PaxHeaders/x".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, header, 0, name.length);
        byte[] sz = String.format("%011o", size).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(sz, 0, header, 124, sz.length);
        header[156] = 'x';
        System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 8);
        java.util.Arrays.fill(header, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        byte[] chk = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(chk, 0, header, 148, 8);
        return header;
    }
}
