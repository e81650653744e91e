package dev.jdock.daemon.layer;

import dev.jdock.daemon.content.FileTrees;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.syscall.FileModes;
import dev.jdock.runtime.syscall.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a layer tar (plain, gzip, zstd or bzip2, detected by magic) to an empty directory, turning {@code .wh.}
 * files into overlay whiteouts (char 0:0) and {@code .wh..wh..opq} into {@code trusted.overlay.opaque=y}. Streamed:
 * the diffID (sha256 of the uncompressed tar) is computed on the way. Entries that would land outside the directory
 * are refused; the caller removes the partial directory.
 */
public final class LayerUnpacker {
    private static final Logger LOG = LoggerFactory.getLogger(LayerUnpacker.class);
    static final String WHITEOUT_PREFIX = ".wh.";
    static final String OPAQUE = ".wh..wh..opq";
    static final String OPAQUE_XATTR = "trusted.overlay.opaque";
    private static final String XATTR_PAX = "SCHILY.xattr.";

    private final Syscalls syscalls;

    public LayerUnpacker(Syscalls syscalls) {
        this.syscalls = syscalls;
    }

    /**
     * Unpacks {@code archive} into {@code dir} (which must exist). Every uncompressed byte is also written to
     * {@code tee} when not null.
     */
    public UnpackResult unpack(InputStream archive, Path dir, OutputStream tee) {
        return unpack(archive, dir, tee, null);
    }

    /**
     * As {@link #unpack(InputStream, Path, OutputStream)}, also recording the tar stream's tar-split at
     * {@code split} (when not null) so that {@link TarAssembler} can rebuild the exact stream from {@code dir}.
     */
    public UnpackResult unpack(InputStream archive, Path dir, OutputStream tee, TarSplitPaths split) {
        TarSplitRecorder recorder = null;
        try {
            HashingInputStream hashed = new HashingInputStream(Compression.decompress(archive), tee);
            InputStream raw = hashed;
            if (split != null) {
                recorder = new TarSplitRecorder(hashed, split, dir);
                raw = recorder;
            }
            TarArchiveInputStream tar = new TarArchiveInputStream(raw, StandardCharsets.UTF_8.name());
            Entries entries = new Entries(dir, tar, recorder);
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                entries.content += apply(entries, entry);
            }
            for (int i = entries.dirTimes.size() - 1; i >= 0; i--) {
                Deferred d = entries.dirTimes.get(i);
                syscalls.lutimes(d.path, d.atime, d.mtime);
            }
            if (recorder != null) {
                recorder.finish();
                recorder = null;
            }
            hashed.drain();
            return new UnpackResult(hashed.digest(), hashed.count(), entries.content);
        } catch (IOException e) {
            throw EngineException.invalid("unpacking layer: " + e.getMessage());
        } finally {
            if (recorder != null) {
                recorder.abandon();
            }
        }
    }

    /** The state of one unpack: target root, tar reader, optional tar-split recorder, deferred dir times. */
    private static final class Entries {
        final Path root;
        final InputStream data;
        final TarSplitRecorder recorder;
        final List<Deferred> dirTimes = new ArrayList<>();
        long content;

        Entries(Path root, InputStream data, TarSplitRecorder recorder) {
            this.root = root;
            this.data = data;
            this.recorder = recorder;
        }

        void remove(Path target) throws IOException {
            if (recorder != null) {
                recorder.beforeRemove(root.relativize(target).toString());
            }
            FileTrees.deleteRecursively(target);
        }
    }

    private record Deferred(Path path, long atime, long mtime) {
    }

    private long apply(Entries x, TarArchiveEntry e) throws IOException {
        Path root = x.root;
        if (e.isGlobalPaxHeader() || e.isGNULongNameEntry() || e.isGNULongLinkEntry()) {
            return 0;
        }
        String rel = SafePaths.clean(e.getName());
        if (rel.isEmpty()) {
            return 0; // the root itself: overlay's lower root metadata is not taken from layers
        }
        Path parent = SafePaths.ensureParent(root, rel, e.getName());
        String base = rel.substring(rel.lastIndexOf('/') + 1);
        if (base.startsWith(WHITEOUT_PREFIX)) {
            whiteout(x, parent, base, e);
            return 0;
        }
        Path target = parent.resolve(base);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                && !(e.isDirectory() && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS))) {
            x.remove(target);
        }
        long size = create(x, rel, target, e);
        if (e.isLink()) {
            return 0; // a hard link shares the metadata of its target
        }
        syscalls.lchown(target, (int) e.getLongUserId(), (int) e.getLongGroupId());
        setXattrs(target, e);
        if (!e.isSymbolicLink()) {
            syscalls.chmod(target, e.getMode() & 07777);
        }
        long mtime = nanos(e.getLastModifiedTime());
        long atime = e.getLastAccessTime() != null ? nanos(e.getLastAccessTime()) : mtime;
        if (e.isDirectory()) {
            x.dirTimes.add(new Deferred(target, atime, mtime));
        } else {
            syscalls.lutimes(target, atime, mtime);
        }
        return size;
    }

    private long create(Entries x, String rel, Path target, TarArchiveEntry e) throws IOException {
        Path root = x.root;
        if (e.isDirectory()) {
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(target);
            }
        } else if (e.isSymbolicLink()) {
            Files.createSymbolicLink(target, target.getFileSystem().getPath(e.getLinkName()));
        } else if (e.isLink()) {
            String linkRel = cleanLink(e);
            Files.createLink(target, SafePaths.existing(root, linkRel, e.getName()));
        } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
            int type = e.isCharacterDevice() ? FileModes.S_IFCHR
                    : e.isBlockDevice() ? FileModes.S_IFBLK : FileModes.S_IFIFO;
            syscalls.mknod(target, type | (e.getMode() & 07777),
                    FileModes.makedev(e.getDevMajor(), e.getDevMinor()));
        } else if (e.isFile()) {
            if (x.recorder != null) {
                x.recorder.beginFile(rel, e.getSize());
            }
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                return x.data.transferTo(out);
            }
        } else {
            LOG.warn("skipping tar entry {} of unsupported type {}", e.getName(), (char) linkFlag(e));
        }
        return 0;
    }

    private static String cleanLink(TarArchiveEntry e) {
        try {
            return SafePaths.clean(e.getLinkName());
        } catch (EngineException ex) {
            throw EngineException.invalid("invalid tar entry \"" + e.getName() + "\": hard link target "
                    + e.getLinkName() + " is outside the layer");
        }
    }

    private static int linkFlag(TarArchiveEntry e) {
        return e.isSparse() ? 'S' : '?';
    }

    private void whiteout(Entries x, Path parent, String base, TarArchiveEntry e) throws IOException {
        if (base.equals(OPAQUE)) {
            syscalls.lsetxattr(parent, OPAQUE_XATTR, "y".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        if (base.startsWith(WHITEOUT_PREFIX + WHITEOUT_PREFIX)) {
            return; // other aufs metadata (.wh..wh.plnk, .wh..wh.aufs): not meaningful on overlay
        }
        String name = base.substring(WHITEOUT_PREFIX.length());
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw EngineException.invalid("invalid tar entry \"" + e.getName() + "\": bad whiteout name");
        }
        Path hidden = parent.resolve(name);
        if (Files.exists(hidden, LinkOption.NOFOLLOW_LINKS)) {
            x.remove(hidden);
        }
        syscalls.mknod(hidden, FileModes.S_IFCHR, 0);
        syscalls.lchown(hidden, (int) e.getLongUserId(), (int) e.getLongGroupId());
    }

    private void setXattrs(Path target, TarArchiveEntry e) {
        for (Map.Entry<String, String> h : e.getExtraPaxHeaders().entrySet()) {
            if (!h.getKey().startsWith(XATTR_PAX)) {
                continue;
            }
            String name = h.getKey().substring(XATTR_PAX.length());
            String value = h.getValue();
            if (value.indexOf('\uFFFD') >= 0) {
                // commons-compress decodes PAX values as UTF-8: a binary value is lost, better none than a wrong one
                LOG.warn("skipping binary xattr {} on {}: value not representable", name, e.getName());
                continue;
            }
            syscalls.lsetxattr(target, name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static long nanos(FileTime t) {
        return t == null ? 0 : t.to(TimeUnit.NANOSECONDS);
    }
}
