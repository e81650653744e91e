package dev.jdock.daemon.layer;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.store.DiskErrors;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.FileStat;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.fs.TreeRemover;
import dev.jdock.runtime.syscall.Errno;
import dev.jdock.runtime.syscall.FileModes;
import dev.jdock.runtime.syscall.SyscallException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a layer tar (plain, gzip, zstd or bzip2, detected by magic) to an empty directory, turning {@code .wh.}
 * files into overlay whiteouts (char 0:0) and {@code .wh..wh..opq} into {@code trusted.overlay.opaque=y}. Streamed:
 * the diffID (sha256 of the uncompressed tar) is computed on the way. Everything is done through descriptors
 * ({@link TreeExtraction}, {@link EntryFiles}): entries that would land outside the directory, or be written
 * through a symlink of the layer, are refused; owner, mode and times are set on the new inode, never through a
 * name; any depth is handled in time linear in the tar. The caller removes the partial directory on failure.
 */
public final class LayerUnpacker {
    private static final Logger LOG = LoggerFactory.getLogger(LayerUnpacker.class);
    static final String WHITEOUT_PREFIX = ".wh.";
    static final String OPAQUE = ".wh..wh..opq";
    static final String OPAQUE_XATTR = "trusted.overlay.opaque";
    private static final String XATTR_PAX = "SCHILY.xattr.";

    public LayerUnpacker() {
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
        try (Fd root = Fs.open(dir, Fs.DIR); TreeExtraction tree = TreeExtraction.layer(root)) {
            HashingInputStream hashed = new HashingInputStream(Compression.decompress(archive), tee);
            InputStream raw = hashed;
            if (split != null) {
                recorder = new TarSplitRecorder(hashed, split);
                raw = recorder;
            }
            TarArchiveInputStream tar = new TarArchiveInputStream(new TarGuard(raw), StandardCharsets.UTF_8.name());
            Entries entries = new Entries(root, tree, tar, recorder);
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                entries.content += apply(entries, entry);
            }
            tree.finish();
            if (recorder != null) {
                recorder.finish();
                recorder = null;
            }
            hashed.drain();
            return new UnpackResult(hashed.digest(), hashed.count(), entries.content);
        } catch (IOException e) {
            throw DiskErrors.inputOrDisk("unpacking layer", e);
        } catch (SyscallException e) {
            throw failure(e);
        } finally {
            if (recorder != null) {
                recorder.abandon();
            }
        }
    }

    /**
     * Reads a plain layer tar that was written from a directory now holding exactly its files (a build root's upper
     * directory, see {@link LayerStore#adopt}) and records its diffID, sizes and tar-split without writing any file:
     * the directory itself becomes the layer's. Regular files are announced to the tar-split by their cleaned names,
     * as {@link #unpack} would create them. {@code whiteoutNames}: some entry's name starts with {@code .wh.}, which
     * {@link #unpack} would turn into a whiteout or opaque marker while the directory holds what it holds.
     */
    public Recorded record(InputStream plainTar, TarSplitPaths split) {
        TarSplitRecorder recorder = null;
        try {
            HashingInputStream hashed = new HashingInputStream(plainTar, null);
            recorder = new TarSplitRecorder(hashed, split);
            TarArchiveInputStream tar = new TarArchiveInputStream(new TarGuard(recorder),
                    StandardCharsets.UTF_8.name());
            byte[] skip = new byte[64 * 1024];
            long content = 0;
            boolean whiteoutNames = false;
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = e.getName();
                whiteoutNames |= name.substring(name.lastIndexOf('/', name.length() - 2) + 1)
                        .startsWith(WHITEOUT_PREFIX);
                if (e.isSymbolicLink()) {
                    content += linkSize(e);
                }
                if (e.isDirectory() || e.isSymbolicLink() || e.isLink() || e.isCharacterDevice()
                        || e.isBlockDevice() || e.isFIFO() || !e.isFile() || e.isGlobalPaxHeader()
                        || e.isGNULongNameEntry() || e.isGNULongLinkEntry()) { // the order of create()'s tests
                    continue;
                }
                String rel = SafePaths.clean(e.getName());
                if (rel.isEmpty() || rel.substring(rel.lastIndexOf('/') + 1).startsWith(WHITEOUT_PREFIX)) {
                    continue;
                }
                recorder.beginFile(rel, e.getSize());
                while (tar.read(skip) >= 0) {
                    // through the recorder and the hash
                }
                content += e.getSize();
            }
            recorder.finish();
            recorder = null;
            hashed.drain();
            return new Recorded(new UnpackResult(hashed.digest(), hashed.count(), content), whiteoutNames);
        } catch (IOException e) {
            throw DiskErrors.inputOrDisk("recording layer", e);
        } finally {
            if (recorder != null) {
                recorder.abandon();
            }
        }
    }

    /** What {@link #record} saw: the layer's figures, and whether an entry is named like a whiteout. */
    public record Recorded(UnpackResult result, boolean whiteoutNames) {
    }

    /** A system call refused by the layer's content is the layer's fault; a full or broken disk is ours. */
    static EngineException failure(SyscallException e) {
        if (e.is(Errno.ENOSPC) || e.is(Errno.EIO) || e.is(Errno.EROFS) || e.is(Errno.ENOMEM) || e.errno() == 122) {
            return DiskErrors.system("unpacking layer: " + e.operation(), e);
        }
        return EngineException.invalid("unpacking layer: " + e.getMessage());
    }

    /** The state of one unpack: the layer directory, the open directories, tar reader, optional tar-split. */
    private static final class Entries {
        final Fd root;
        final TreeExtraction tree;
        final InputStream data;
        final TarSplitRecorder recorder;
        final ByteBuffer buffer = EntryFiles.buffer();
        long content;

        Entries(Fd root, TreeExtraction tree, InputStream data, TarSplitRecorder recorder) {
            this.root = root;
            this.tree = tree;
            this.data = data;
            this.recorder = recorder;
        }

        /** Removes {@code name} from {@code parent}, and everything below it. */
        void remove(Fd parent, String name) throws IOException {
            if (recorder != null) {
                recorder.beforeRemove(parent, name);
            }
            TreeRemover.remove(parent, name);
        }
    }

    private long apply(Entries x, TarArchiveEntry e) throws IOException {
        if (e.isGlobalPaxHeader() || e.isGNULongNameEntry() || e.isGNULongLinkEntry()) {
            return 0;
        }
        String rel = SafePaths.clean(e.getName());
        if (rel.isEmpty()) {
            return 0; // the root itself: overlay's lower root metadata is not taken from layers
        }
        Fd parent = x.tree.parentOf(rel, e.getName());
        String base = rel.substring(rel.lastIndexOf('/') + 1);
        if (base.startsWith(WHITEOUT_PREFIX)) {
            whiteout(x, parent, base, e);
            return 0;
        }
        Optional<FileStat> existing = Fs.statIfExists(parent, base);
        if (existing.isPresent() && !(e.isDirectory() && existing.get().isDirectory())) {
            x.remove(parent, base);
        }
        if (e.isLink()) {
            hardLink(x, parent, base, e);
            return 0; // a hard link shares the metadata of its target
        }
        long[] size = {0};
        try (Fd fd = create(x, rel, parent, base, e, size)) {
            if (fd != null) {
                metadata(x, fd, e);
            }
        }
        return size[0];
    }

    /** Owner, xattrs, mode (after the owner: chown clears setuid and setgid), times: on the new inode. */
    private void metadata(Entries x, Fd fd, TarArchiveEntry e) {
        Fs.chown(fd, (int) e.getLongUserId(), (int) e.getLongGroupId());
        if (!e.isSymbolicLink()) {
            setXattrs(fd, e);
            Fs.chmod(fd, e.getMode() & 07777);
        }
        long mtime = nanos(e.getLastModifiedTime());
        long atime = e.getLastAccessTime() != null ? nanos(e.getLastAccessTime()) : mtime;
        if (e.isDirectory()) {
            x.tree.dirTimes(fd, atime, mtime);
        } else {
            Fs.utimes(fd, atime, mtime);
        }
    }

    /** Creates the entry's inode; null for an entry type that is skipped. */
    private Fd create(Entries x, String rel, Fd parent, String base, TarArchiveEntry e, long[] size)
            throws IOException {
        if (e.isDirectory()) {
            return EntryFiles.directory(parent, base);
        }
        if (e.isSymbolicLink()) {
            size[0] = linkSize(e); // moby counts a symlink's st_size
            return EntryFiles.symlink(parent, base, e.getLinkName());
        }
        if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
            int type = e.isCharacterDevice() ? FileModes.S_IFCHR
                    : e.isBlockDevice() ? FileModes.S_IFBLK : FileModes.S_IFIFO;
            return EntryFiles.node(parent, base, type, FileModes.makedev(e.getDevMajor(), e.getDevMinor()));
        }
        if (e.isFile()) {
            if (x.recorder != null) {
                x.recorder.beginFile(rel, e.getSize());
            }
            Fd fd = EntryFiles.regular(parent, base);
            try {
                if (x.recorder != null) {
                    x.recorder.created(fd);
                }
                size[0] = EntryFiles.write(fd, x.data, x.buffer);
            } catch (IOException | RuntimeException ex) {
                fd.close();
                throw ex;
            }
            return fd;
        }
        LOG.warn("skipping tar entry {} of unsupported type {}", e.getName(), (char) linkFlag(e));
        return null;
    }

    /** A hard link to an entry of this layer, looked up without following any symlink. */
    private static void hardLink(Entries x, Fd parent, String base, TarArchiveEntry e) {
        String linkRel = cleanLink(e);
        if (linkRel.isEmpty()) {
            throw EngineException.invalid("invalid tar entry \"" + SafePaths.shorten(e.getName())
                    + "\": hard link to the layer root");
        }
        int slash = linkRel.lastIndexOf('/');
        String dir = slash < 0 ? "." : linkRel.substring(0, slash);
        try (Fd targetDir = Fs.openBeneath(x.root, dir, Fs.O_PATH | Fs.O_DIRECTORY)) {
            Fs.linkat(targetDir, linkRel.substring(slash + 1), parent, base);
        } catch (SyscallException ex) {
            if (ex.is(Errno.ENOENT)) {
                throw EngineException.invalid("invalid tar entry \"" + SafePaths.shorten(e.getName())
                        + "\": hard link target " + SafePaths.shorten(linkRel) + " does not exist in the layer");
            }
            if (ex.is(Errno.ENOSPC) || ex.is(Errno.EIO)) {
                throw ex;
            }
            throw EngineException.invalid("invalid tar entry \"" + SafePaths.shorten(e.getName())
                    + "\": link target " + SafePaths.shorten(linkRel) + " is not inside the layer ("
                    + Errno.describe(ex.errno()) + ")");
        }
    }

    /** A symlink's size as lstat gives it: its target's length in bytes (what moby's layer size adds). */
    private static long linkSize(TarArchiveEntry e) {
        return e.getLinkName().getBytes(StandardCharsets.UTF_8).length;
    }

    private static String cleanLink(TarArchiveEntry e) {
        try {
            return SafePaths.clean(e.getLinkName());
        } catch (EngineException ex) {
            throw EngineException.invalid("invalid tar entry \"" + SafePaths.shorten(e.getName())
                    + "\": hard link target " + SafePaths.shorten(e.getLinkName()) + " is outside the layer");
        }
    }

    private static int linkFlag(TarArchiveEntry e) {
        return e.isSparse() ? 'S' : '?';
    }

    private void whiteout(Entries x, Fd parent, String base, TarArchiveEntry e) throws IOException {
        if (base.equals(OPAQUE)) {
            Fs.setxattr(parent, OPAQUE_XATTR, "y".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        if (base.startsWith(WHITEOUT_PREFIX + WHITEOUT_PREFIX)) {
            return; // other aufs metadata (.wh..wh.plnk, .wh..wh.aufs): not meaningful on overlay
        }
        String name = base.substring(WHITEOUT_PREFIX.length());
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw EngineException.invalid("invalid tar entry \"" + SafePaths.shorten(e.getName())
                    + "\": bad whiteout name");
        }
        if (Fs.statIfExists(parent, name).isPresent()) {
            x.remove(parent, name);
        }
        try (Fd node = EntryFiles.node(parent, name, FileModes.S_IFCHR, 0)) {
            Fs.chown(node, (int) e.getLongUserId(), (int) e.getLongGroupId());
        }
    }

    private void setXattrs(Fd fd, TarArchiveEntry e) {
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
            Fs.setxattr(fd, name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static long nanos(FileTime t) {
        return t == null ? 0 : t.to(TimeUnit.NANOSECONDS);
    }
}
