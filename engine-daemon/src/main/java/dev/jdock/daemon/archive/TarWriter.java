package dev.jdock.daemon.archive;

import dev.jdock.runtime.syscall.FileModes;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Streams host files into a tar (PAX for long names and big numbers), one directory listing at a time: hard links
 * within the archive become link entries, and with an {@link OverlayProbe} overlay whiteouts and opaque directories
 * are written back as AUFS-style {@code .wh.} entries (a layer diff). Files that vanish during the walk are skipped,
 * as Docker does for a container that keeps writing.
 */
public final class TarWriter implements Closeable {
    static final String WHITEOUT_PREFIX = ".wh.";
    static final String OPAQUE_MARKER = ".wh..wh..opq";

    private final TarArchiveOutputStream tar;
    private final OverlayProbe whiteouts;
    private final Map<String, String> linksSeen = new HashMap<>();
    private Predicate<Path> descend = p -> true;
    private BiPredicate<String, Path> skip = (name, p) -> false;

    /** @param whiteouts null for a plain archive; else overlay markers are converted (a layer diff) */
    public TarWriter(OutputStream out, OverlayProbe whiteouts) {
        this.tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        this.tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        this.tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        this.tar.setAddPaxHeadersForNonAsciiNames(true);
        this.whiteouts = whiteouts;
    }

    /** Directories for which this answers false are archived without their contents (pseudo filesystems). */
    public TarWriter descendInto(Predicate<Path> filter) {
        this.descend = filter;
        return this;
    }

    /** Entries (by {@code "/" + name} and host path) for which this answers true are left out with their contents. */
    public TarWriter skip(BiPredicate<String, Path> filter) {
        this.skip = filter;
        return this;
    }

    /**
     * Adds {@code host} under {@code name} and, for a directory, everything below it as {@code name/child}. An empty
     * {@code name} archives the directory's contents without an entry for the directory itself.
     */
    public void addTree(Path host, String name) throws IOException {
        if (!name.isEmpty()) {
            if (skip.test("/" + name, host)) {
                return;
            }
            if (!addEntry(host, name)) {
                return;
            }
        }
        if (Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS) && descend.test(host)) {
            String prefix = name.isEmpty() ? "" : name.endsWith("/") ? name : name + "/";
            if (whiteouts != null && !name.isEmpty() && whiteouts.isOpaque(host)) {
                addMarker(prefix + OPAQUE_MARKER, host);
            }
            for (Path child : sortedChildren(host)) {
                addTree(child, prefix + child.getFileName());
            }
        }
    }

    private static List<Path> sortedChildren(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(out::add);
        } catch (NoSuchFileException e) {
            return out;
        }
        out.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return out;
    }

    /** Adds one entry (no recursion); false when the file vanished. */
    public boolean addEntry(Path host, String name) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(host, "unix:mode,uid,gid,size,lastModifiedTime,rdev,ino,dev,nlink",
                    LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return false;
        }
        int mode = (Integer) a.get("mode");
        int type = mode & FileModes.S_IFMT;
        if (whiteouts != null && whiteouts.isWhiteout(host)) {
            int slash = name.lastIndexOf('/');
            addMarker(name.substring(0, slash + 1) + WHITEOUT_PREFIX + name.substring(slash + 1), host);
            return true;
        }
        TarArchiveEntry e = entryFor(host, name, type, a);
        if (e == null) {
            return true; // a socket: Docker skips them too
        }
        e.setMode(mode & 07777);
        e.setIds((Integer) a.get("uid"), (Integer) a.get("gid"));
        e.setModTime((FileTime) a.get("lastModifiedTime"));
        tar.putArchiveEntry(e);
        if (type == FileModes.S_IFREG && !e.isLink()) {
            copyContent(host, e.getSize());
        }
        tar.closeArchiveEntry();
        return true;
    }

    private TarArchiveEntry entryFor(Path host, String name, int type, Map<String, Object> a) throws IOException {
        switch (type) {
            case FileModes.S_IFDIR:
                return new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR);
            case FileModes.S_IFLNK: {
                TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                e.setLinkName(Files.readSymbolicLink(host).toString());
                return e;
            }
            case FileModes.S_IFREG: {
                if ((Integer) a.get("nlink") > 1) {
                    String key = a.get("dev") + ":" + a.get("ino");
                    String first = linksSeen.putIfAbsent(key, name);
                    if (first != null) {
                        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK);
                        e.setLinkName(first);
                        return e;
                    }
                }
                TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
                e.setSize((Long) a.get("size"));
                return e;
            }
            case FileModes.S_IFCHR:
            case FileModes.S_IFBLK: {
                TarArchiveEntry e = new TarArchiveEntry(name,
                        type == FileModes.S_IFCHR ? TarConstants.LF_CHR : TarConstants.LF_BLK);
                long rdev = (Long) a.get("rdev");
                e.setDevMajor((int) FileModes.major(rdev));
                e.setDevMinor((int) FileModes.minor(rdev));
                return e;
            }
            case FileModes.S_IFIFO:
                return new TarArchiveEntry(name, TarConstants.LF_FIFO);
            default:
                return null;
        }
    }

    /** Copies exactly {@code size} bytes (a file that shrank meanwhile is padded with zeros, one that grew cut). */
    private void copyContent(Path host, long size) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = size;
        try (InputStream in = Files.newInputStream(host, LinkOption.NOFOLLOW_LINKS)) {
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    break;
                }
                tar.write(buf, 0, n);
                left -= n;
            }
        } catch (NoSuchFileException e) {
            // vanished after the header: pad below
        }
        java.util.Arrays.fill(buf, (byte) 0);
        while (left > 0) {
            int n = (int) Math.min(buf.length, left);
            tar.write(buf, 0, n);
            left -= n;
        }
    }

    private void addMarker(String name, Path source) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
        e.setSize(0);
        e.setMode(0644);
        try {
            e.setModTime(Files.getLastModifiedTime(source, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException ignored) {
            // keep the default time
        }
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    /** Writes the end-of-archive blocks (does not close the underlying stream). */
    public void finish() throws IOException {
        tar.finish();
        tar.flush();
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
