package dev.jdock.daemon.archive;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.layer.Compression;
import dev.jdock.daemon.layer.EntryFiles;
import dev.jdock.daemon.layer.SafePaths;
import dev.jdock.daemon.layer.TarGuard;
import dev.jdock.daemon.layer.TreeExtraction;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * {@code PUT /containers/{id}/archive}: extracts a (maybe compressed) tar into a directory of a container root, as
 * Docker's chrooted untar does, through descriptors: entry names are cleaned and may not climb above the
 * extraction directory; parent directories are reached through the chain of open directories of a
 * {@link TreeExtraction} (a symlink among them is resolved by the kernel inside the container root); each entry is
 * created by name in its open parent without following anything, and owner, mode and times are set on the new
 * inode itself. A container that swaps a directory for a symlink meanwhile can only redirect a write to another
 * place inside its own root.
 */
public final class ArchiveExtractor {
    /** Who owns extracted files: a fixed uid/gid, or the ids in the tar headers when {@code fromArchive}. */
    public record Owner(int uid, int gid, boolean fromArchive) {
        public static final Owner ROOT = new Owner(0, 0, false);
        public static final Owner ARCHIVE = new Owner(0, 0, true);
    }

    private final Fd root;
    private final Fd dest;
    private final String destPath;
    private final boolean noOverwriteDirNonDir;
    private final Owner owner;
    private final ByteBuffer buffer = EntryFiles.buffer();
    private boolean skipDevices;

    /**
     * @param root the container root
     * @param dest the extraction directory (open)
     * @param destPath its container path, resolved (no symlinks)
     */
    public ArchiveExtractor(Fd root, Fd dest, String destPath, boolean noOverwriteDirNonDir, Owner owner) {
        this.root = root;
        this.dest = dest;
        this.destPath = destPath;
        this.noOverwriteDirNonDir = noOverwriteDirNonDir;
        this.owner = owner;
    }

    /**
     * Leaves character and block devices out (a build context: the docker CLI never sends them, and a device node
     * in the context could be bound into a step).
     */
    public ArchiveExtractor withoutDevices() {
        this.skipDevices = true;
        return this;
    }

    /**
     * Extracts the whole stream. A stream that ends early or is no tar (also a client that went away: the body
     * fails or ends) stops the extraction at once with 400; what was extracted so far stays, as with Docker.
     */
    public void extract(InputStream raw) {
        try (TreeExtraction tree = TreeExtraction.inRoot(root, dest, destPath)) {
            TarArchiveInputStream tar = new TarArchiveInputStream(new TarGuard(Compression.decompress(raw)),
                    StandardCharsets.UTF_8.name());
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.isGlobalPaxHeader() || e.isGNULongNameEntry() || e.isGNULongLinkEntry()) {
                    continue;
                }
                apply(tree, e, tar);
            }
            tree.finish();
        } catch (SyscallException e) {
            throw failure(e);
        } catch (IOException e) {
            throw DiskErrors.inputOrDisk("extracting archive", e);
        }
    }

    private static EngineException failure(SyscallException e) {
        if (e.is(Errno.ENOENT) || e.is(Errno.ENOTDIR) || e.is(Errno.ELOOP) || e.is(Errno.EEXIST)
                || e.is(Errno.ENAMETOOLONG) || e.is(Errno.EXDEV)) {
            return EngineException.invalid("extracting archive: " + e.getMessage());
        }
        if (DiskErrors.isDiskFailure(e)) {
            return DiskErrors.system("extracting archive: " + e.operation(), e);
        }
        return EngineException.system("extracting archive: " + e.getMessage(), e);
    }

    private void apply(TreeExtraction tree, TarArchiveEntry e, InputStream data) throws IOException {
        if (skipDevices && (e.isCharacterDevice() || e.isBlockDevice())) {
            return;
        }
        String rel = cleanInside(e.getName());
        if (rel.isEmpty()) {
            return; // the extraction directory itself: keep its metadata
        }
        Fd parent = tree.parentOf(rel, e.getName());
        String base = rel.substring(rel.lastIndexOf('/') + 1);
        Optional<FileStat> existing = Fs.statIfExists(parent, base);
        if (existing.isPresent()) {
            boolean existingDir = existing.get().isDirectory();
            checkOverwrite(existingDir, e, rel);
            if (!(existingDir && e.isDirectory())) {
                TreeRemover.remove(parent, base);
            }
        }
        if (e.isLink()) {
            hardLink(parent, base, e);
            return;
        }
        try (Fd fd = create(parent, base, rel, e, data)) {
            Fs.chown(fd, owner.fromArchive() ? (int) e.getLongUserId() : owner.uid(),
                    owner.fromArchive() ? (int) e.getLongGroupId() : owner.gid());
            if (!e.isSymbolicLink()) {
                Fs.chmod(fd, e.getMode() & 07777); // after the owner: chown clears setuid and setgid
            }
            long mtime = e.getLastModifiedTime() == null ? 0 : e.getLastModifiedTime().to(TimeUnit.NANOSECONDS);
            if (e.isDirectory()) {
                tree.dirTimes(fd, mtime, mtime);
            } else {
                Fs.utimes(fd, mtime, mtime);
            }
        }
    }

    private void checkOverwrite(boolean existingDir, TarArchiveEntry e, String rel) {
        if (!noOverwriteDirNonDir) {
            return;
        }
        String path = join(destPath, rel);
        if (existingDir && !e.isDirectory()) {
            throw EngineException.system("cannot overwrite directory \"" + SafePaths.shorten(path)
                    + "\" with non-directory \"" + SafePaths.shorten(destPath) + "\"", null);
        }
        if (!existingDir && e.isDirectory()) {
            throw EngineException.system("cannot overwrite non-directory \"" + SafePaths.shorten(path)
                    + "\" with directory \"" + SafePaths.shorten(destPath) + "\"", null);
        }
    }

    private Fd create(Fd parent, String base, String rel, TarArchiveEntry e, InputStream data) throws IOException {
        if (e.isDirectory()) {
            return EntryFiles.directory(parent, base);
        }
        if (e.isSymbolicLink()) {
            checkSymlink(rel, e.getLinkName());
            return EntryFiles.symlink(parent, base, e.getLinkName());
        }
        if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
            int type = e.isCharacterDevice() ? FileModes.S_IFCHR
                    : e.isBlockDevice() ? FileModes.S_IFBLK : FileModes.S_IFIFO;
            return EntryFiles.node(parent, base, type, FileModes.makedev(e.getDevMajor(), e.getDevMinor()));
        }
        Fd fd = EntryFiles.regular(parent, base);
        try {
            EntryFiles.write(fd, data, buffer);
            return fd;
        } catch (IOException | RuntimeException ex) {
            fd.close();
            throw ex;
        }
    }

    /**
     * Docker's rule: a symlink's target, taken relative to the link's directory (an absolute one too, as Go's
     * filepath.Join does), may not point above the extraction directory.
     */
    private void checkSymlink(String rel, String linkName) {
        String path = join(destPath, rel);
        String dir = path.substring(0, Math.max(1, path.lastIndexOf('/')));
        String target = "/" + String.join("/", lexical(dir + "/" + linkName));
        String prefix = destPath.endsWith("/") ? destPath : destPath + "/";
        if (!target.equals(destPath) && !target.startsWith(prefix)) {
            throw EngineException.invalid("invalid symlink \"" + SafePaths.shorten(path) + "\" -> \""
                    + SafePaths.shorten(linkName) + "\"");
        }
    }

    /** A hard link to a file of the container (an earlier entry), found inside the root without following it. */
    private void hardLink(Fd parent, String base, TarArchiveEntry e) {
        String linkRel;
        try {
            linkRel = cleanInside(e.getLinkName());
        } catch (EngineException ex) {
            linkRel = "";
        }
        String target = join(destPath, linkRel);
        int slash = target.lastIndexOf('/');
        if (linkRel.isEmpty()) {
            throw EngineException.invalid("invalid hard link " + SafePaths.shorten(e.getName()) + " -> "
                    + SafePaths.shorten(e.getLinkName()) + ": target not in the archive");
        }
        try (Fd dir = Fs.openInRoot(root, target.substring(0, slash + 1), Fs.O_PATH | Fs.O_DIRECTORY)) {
            Fs.linkat(dir, target.substring(slash + 1), parent, base);
        } catch (SyscallException ex) {
            if (ex.is(Errno.ENOENT) || ex.is(Errno.ENOTDIR) || ex.is(Errno.EPERM) || ex.is(Errno.EXDEV)) {
                throw EngineException.invalid("invalid hard link " + SafePaths.shorten(e.getName()) + " -> "
                        + SafePaths.shorten(e.getLinkName()) + ": target not in the archive");
            }
            throw ex;
        }
    }

    /** The cleaned relative name; names that climb out of the extraction directory are refused, as Docker does. */
    static String cleanInside(String name) {
        String c = SafePaths.cleaned(name);
        if (c == null) {
            throw EngineException.invalid("invalid tar entry \"" + SafePaths.shorten(name)
                    + "\": path is outside of the extraction directory");
        }
        return c;
    }

    /** Lexical clean of an absolute path (".." stops at the root). */
    private static List<String> lexical(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else {
                parts.add(p);
            }
        }
        return parts;
    }

    static String join(String dir, String rel) {
        if (rel.isEmpty()) {
            return dir;
        }
        return dir.endsWith("/") ? dir + rel : dir + "/" + rel;
    }
}
