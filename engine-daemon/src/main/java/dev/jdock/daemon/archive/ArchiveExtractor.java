package dev.jdock.daemon.archive;

import dev.jdock.daemon.content.FileTrees;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.layer.Compression;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * {@code PUT /containers/{id}/archive}: extracts a (maybe compressed) tar into a directory of a container root.
 * Entry names are cleaned and may not climb above the extraction directory; the parents of every entry are
 * resolved with {@link PathResolver} inside the container root (as Docker's chrooted untar does), and the entry
 * itself is created without following any link. Ownership: root unless {@code owner} says otherwise.
 */
public final class ArchiveExtractor {
    /** Who owns extracted files: a fixed uid/gid, or the ids in the tar headers when {@code fromArchive}. */
    public record Owner(int uid, int gid, boolean fromArchive) {
        public static final Owner ROOT = new Owner(0, 0, false);
        public static final Owner ARCHIVE = new Owner(0, 0, true);
    }

    private final Syscalls syscalls;
    private final Path root;
    private final String destDir;
    private final boolean noOverwriteDirNonDir;
    private final Owner owner;

    /**
     * @param root the container root on the host
     * @param destDir the extraction directory as an absolute container path, already resolved (no symlinks)
     */
    public ArchiveExtractor(Syscalls syscalls, Path root, String destDir, boolean noOverwriteDirNonDir, Owner owner) {
        this.syscalls = syscalls;
        this.root = root;
        this.destDir = destDir;
        this.noOverwriteDirNonDir = noOverwriteDirNonDir;
        this.owner = owner;
    }

    private record DirTime(Path path, long mtime) {
    }

    public void extract(InputStream raw) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(Compression.decompress(raw),
                StandardCharsets.UTF_8.name());
        List<DirTime> dirTimes = new ArrayList<>();
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            if (e.isGlobalPaxHeader() || e.isGNULongNameEntry() || e.isGNULongLinkEntry()) {
                continue;
            }
            apply(e, tar, dirTimes);
        }
        for (int i = dirTimes.size() - 1; i >= 0; i--) {
            DirTime d = dirTimes.get(i);
            syscalls.lutimes(d.path(), d.mtime(), d.mtime());
        }
    }

    private void apply(TarArchiveEntry e, InputStream data, List<DirTime> dirTimes) throws IOException {
        String rel = cleanInside(e.getName());
        if (rel.isEmpty()) {
            return; // the extraction directory itself: keep its metadata
        }
        int slash = rel.lastIndexOf('/');
        String base = rel.substring(slash + 1);
        Path parent = PathResolver.resolve(root, join(destDir, slash < 0 ? "" : rel.substring(0, slash)));
        if (!Files.exists(parent, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(parent);
        }
        Path target = parent.resolve(base);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            boolean existingDir = Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS);
            checkOverwrite(existingDir, e, rel);
            if (!(existingDir && e.isDirectory())) {
                FileTrees.deleteRecursively(target);
            }
        }
        create(target, e, data);
        if (e.isLink()) {
            return;
        }
        int uid = owner.fromArchive() ? (int) e.getLongUserId() : owner.uid();
        int gid = owner.fromArchive() ? (int) e.getLongGroupId() : owner.gid();
        syscalls.lchown(target, uid, gid);
        if (!e.isSymbolicLink()) {
            syscalls.chmod(target, e.getMode() & 07777);
        }
        long mtime = e.getLastModifiedTime() == null ? 0 : e.getLastModifiedTime().to(TimeUnit.NANOSECONDS);
        if (e.isDirectory()) {
            dirTimes.add(new DirTime(target, mtime));
        } else {
            syscalls.lutimes(target, mtime, mtime);
        }
    }

    private void checkOverwrite(boolean existingDir, TarArchiveEntry e, String rel) {
        if (!noOverwriteDirNonDir) {
            return;
        }
        String path = join(destDir, rel);
        if (existingDir && !e.isDirectory()) {
            throw EngineException.system("cannot overwrite directory \"" + path + "\" with non-directory \""
                    + destDir + "\"", null);
        }
        if (!existingDir && e.isDirectory()) {
            throw EngineException.system("cannot overwrite non-directory \"" + path + "\" with directory \""
                    + destDir + "\"", null);
        }
    }

    private void create(Path target, TarArchiveEntry e, InputStream data) throws IOException {
        if (e.isDirectory()) {
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(target);
            }
        } else if (e.isSymbolicLink()) {
            Files.createSymbolicLink(target, target.getFileSystem().getPath(e.getLinkName()));
        } else if (e.isLink()) {
            String linkRel = cleanInside(e.getLinkName());
            Path source = PathResolver.resolveNoFollow(root, join(destDir, linkRel));
            if (linkRel.isEmpty() || !Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                throw EngineException.invalid("invalid hard link " + e.getName() + " -> " + e.getLinkName()
                        + ": target not in the archive");
            }
            Files.createLink(target, source);
        } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
            int type = e.isCharacterDevice() ? FileModes.S_IFCHR
                    : e.isBlockDevice() ? FileModes.S_IFBLK : FileModes.S_IFIFO;
            syscalls.mknod(target, type | (e.getMode() & 07777), FileModes.makedev(e.getDevMajor(), e.getDevMinor()));
        } else {
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                data.transferTo(out);
            }
        }
    }

    /** The cleaned relative name; names that climb out of the extraction directory are refused, as Docker does. */
    static String cleanInside(String name) {
        List<String> parts = new ArrayList<>();
        for (String p : name.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    throw EngineException.invalid("invalid tar entry \"" + name
                            + "\": path is outside of the extraction directory");
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(p);
            }
        }
        return String.join("/", parts);
    }

    static String join(String dir, String rel) {
        if (rel.isEmpty()) {
            return dir;
        }
        return dir.endsWith("/") ? dir + rel : dir + "/" + rel;
    }
}
