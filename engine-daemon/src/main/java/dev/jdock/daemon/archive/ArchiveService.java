package dev.jdock.daemon.archive;

import dev.jdock.api.types.container.ContainerPathStat;
import dev.jdock.api.types.container.FilesystemChange;
import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.daemon.snapshot.OverlayProbe;
import dev.jdock.daemon.snapshot.SnapshotMounts;
import dev.jdock.daemon.snapshot.Snapshotter;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.FileStat;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.syscall.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** The container filesystem operations behind the archive, export, changes and commit endpoints. */
public final class ArchiveService implements ArchiveBackend {
    /** Pseudo filesystems of a live root whose contents are never archived. */
    private static final Set<String> PSEUDO = Set.of("/proc", "/sys", "/dev");

    private final Snapshotter snapshots;
    private final ContainerRootAccess roots;
    private final OverlayProbe probe;
    private final ArchiveVolumes volumes;

    /** With {@code volumes}: a stopped container's volumes and binds are mounted for each operation. */
    public ArchiveService(Syscalls syscalls, Snapshotter snapshots, Path mountBase, ArchiveVolumes volumes) {
        this.snapshots = snapshots;
        this.roots = new ContainerRootAccess(syscalls, snapshots, mountBase, volumes);
        this.volumes = volumes;
        this.probe = OverlayProbe.kernel();
    }

    /** {@code HEAD /containers/{id}/archive}; {@code ref} names the container as the client did (in the 404). */
    @Override
    public ContainerPathStat stat(Container c, String ref, String path) {
        try (ContainerRootAccess.RootView v = roots.open(c, false); ArchivePath p = existing(ref, v.root(), path)) {
            return p.stat(v.root());
        }
    }

    /** {@code GET /containers/{id}/archive}: the caller sends the stat header, streams, then closes. */
    @Override
    public PreparedArchive archive(Container c, String ref, String path) {
        ContainerRootAccess.RootView v = roots.open(c, false);
        ArchivePath p = null;
        try {
            p = existing(ref, v.root(), path);
            ContainerPathStat stat = p.stat(v.root());
            ArchivePath at = p;
            return new PreparedArchive() {
                @Override
                public ContainerPathStat stat() {
                    return stat;
                }

                @Override
                public void writeTo(OutputStream out) throws IOException {
                    TarWriter tar = new TarWriter(out, null);
                    if (v.live()) {
                        tar.descendInto(dir -> !PSEUDO.contains(dir));
                    }
                    if (at.entry().isEmpty()) {
                        tar.addDirectory(at.dir(), at.entryName(), at.containerPath());
                    } else {
                        tar.addEntry(at.dir(), at.entry(), at.entryName(), at.containerPath());
                    }
                    tar.finish();
                }

                @Override
                public void close() {
                    at.close();
                    v.close();
                }
            };
        } catch (RuntimeException e) {
            if (p != null) {
                p.close();
            }
            v.close();
            throw e;
        }
    }

    /** moby's containerFileNotFound names the container as the request did. */
    private static ArchivePath existing(String ref, Fd root, String path) {
        ArchivePath p;
        try {
            p = ArchivePath.resolve(root, path);
        } catch (dev.jdock.runtime.syscall.SyscallException e) {
            if (e.is(dev.jdock.runtime.syscall.Errno.ENOENT)) { // a link that reads as nothing (/proc/self)
                throw EngineException.notFound("Could not find the file " + path + " in container " + ref);
            }
            throw e;
        }
        if (!p.exists()) {
            p.close();
            throw EngineException.notFound("Could not find the file " + path + " in container " + ref);
        }
        return p;
    }

    /** {@code PUT /containers/{id}/archive}: extracts {@code tar} into the directory {@code path}. */
    @Override
    public void extract(Container c, String ref, String path, boolean noOverwriteDirNonDir, boolean copyUidGid,
            InputStream tar) throws IOException {
        ArchivePath.checkRequested(path);
        if (c.record().hostConfig() != null && c.record().hostConfig().readonlyRootfs()) {
            throw new EngineException(ErrorKind.FORBIDDEN, "container rootfs is marked read-only");
        }
        try (ContainerRootAccess.RootView v = roots.open(c, true);
                PathResolver.Resolved dest = PathResolver.resolve(v.root(), ArchivePath.absolute(path), true)) {
            FileStat st = dest.stat().orElseThrow(() -> EngineException.notFound("Could not find the file " + path
                    + " in container " + ref));
            if (!st.isDirectory()) {
                throw EngineException.invalid("extraction point is not a directory");
            }
            if (volumes.readOnlyAt(c, dest.path())) {
                throw EngineException.system("mounted volume is marked read-only", null);
            }
            try (Fd dir = dest.openDirectory().orElseThrow(
                    () -> EngineException.invalid("extraction point is not a directory"))) {
                ArchiveExtractor.Owner owner = copyUidGid ? UserLookup.owner(v.root(), c.record().config().user())
                        : ArchiveExtractor.Owner.ROOT;
                new ArchiveExtractor(v.root(), dir, dest.path(), noOverwriteDirNonDir, owner).extract(tar);
            }
        }
    }

    /**
     * The builder's COPY and ADD: extracts {@code tar}, whose entry names are paths below the root, into the root of
     * snapshot {@code key} (a build step's root that no process uses), every entry owned by {@code owner}. Missing
     * parents are created; a symlink among the existing ones is followed inside the root, as moby resolves a COPY
     * destination.
     */
    public void copyInto(String key, ArchiveExtractor.Owner owner, InputStream tar) {
        try (ContainerRootAccess.RootView v = roots.openKey(key, true)) {
            new ArchiveExtractor(v.root(), v.root(), "/", false, owner).extract(tar);
        }
    }

    /**
     * The builder's ADD of a local archive: extracts {@code tar} (maybe compressed) into the existing directory
     * {@code dir} of snapshot {@code key}'s root (resolved inside it), owned by {@code owner}.
     */
    public void extractInto(String key, String dir, ArchiveExtractor.Owner owner, InputStream tar) {
        try (ContainerRootAccess.RootView v = roots.openKey(key, true);
                PathResolver.Resolved dest = PathResolver.resolve(v.root(), ArchivePath.absolute(dir), true);
                Fd d = dest.openDirectory().orElseThrow(
                        () -> EngineException.invalid("extraction point " + dir + " is not a directory"))) {
            new ArchiveExtractor(v.root(), d, dest.path(), false, owner).extract(tar);
        }
    }

    /** {@code user:group} (names or ids) looked up in snapshot {@code key}'s /etc/passwd and /etc/group. */
    public ArchiveExtractor.Owner owner(String key, String userAndGroup) {
        try (ContainerRootAccess.RootView v = roots.openKey(key, false)) {
            return UserLookup.owner(v.root(), userAndGroup);
        }
    }

    /** Snapshot {@code key}'s root, mounted read-only until the view is closed (a build's COPY --from source). */
    public ContainerRootAccess.RootView openRoot(String key) {
        return roots.openKey(key, false);
    }

    /** Whether {@code path} names a directory in snapshot {@code key}'s root (symlinks followed inside it). */
    public boolean isDirectory(String key, String path) {
        try (ContainerRootAccess.RootView v = roots.openKey(key, false);
                PathResolver.Resolved p = PathResolver.resolve(v.root(), ArchivePath.absolute(path), true)) {
            return p.stat().map(FileStat::isDirectory).orElse(false);
        }
    }

    /** {@code GET /containers/{id}/export}: the whole root filesystem (image layers plus changes). */
    @Override
    public void export(Container c, OutputStream out) throws IOException {
        try (ContainerRootAccess.RootView v = roots.openSnapshot(c)) {
            TarWriter tar = new TarWriter(out, null);
            tar.addDirectory(v.root(), "", "/");
            tar.finish();
        }
    }

    /** {@code GET /containers/{id}/changes}. */
    @Override
    public List<FilesystemChange> changes(Container c) {
        SnapshotMounts m = snapshots.mounts(c.id());
        return new ChangesCalculator(probe).changes(m.upperDir(), m.lowerDirs());
    }

    /** The container's upper directory as a layer tar (whiteouts as {@code .wh.} files), for commit. */
    @Override
    public void writeLayerDiff(Container c, OutputStream out) throws IOException {
        writeLayerDiff(c.id(), out);
    }

    /** The changes in snapshot {@code key} (a container's, or a build step's) as a layer tar. */
    public void writeLayerDiff(String key, OutputStream out) throws IOException {
        writeDiff(key, out, true);
    }

    /**
     * Every file of snapshot {@code key}'s upper directory as a layer tar, mount targets too: for a build root,
     * where no container made any, so that the directory holds exactly what the tar does.
     */
    public void writeRootDiff(String key, OutputStream out) throws IOException {
        writeDiff(key, out, false);
    }

    private void writeDiff(String key, OutputStream out, boolean skipMountTargets) throws IOException {
        SnapshotMounts m = snapshots.mounts(key);
        TarWriter tar = new TarWriter(out, probe);
        if (skipMountTargets) {
            tar.skip(MountTargets::isMountTarget);
        }
        try (Fd upper = Fs.open(m.upperDir(), Fs.O_PATH | Fs.O_DIRECTORY)) {
            tar.addDirectory(upper, "", "/");
        }
        tar.finish();
    }
}
