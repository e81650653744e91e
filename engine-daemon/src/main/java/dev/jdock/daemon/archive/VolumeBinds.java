package dev.jdock.daemon.archive;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.syscall.Errno;
import dev.jdock.runtime.syscall.MountFlags;
import dev.jdock.runtime.syscall.SyscallException;
import dev.jdock.runtime.syscall.Syscalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Mounts a stopped container's volumes and binds into its root, mounted for one archive operation (dockerd's
 * {@code mountVolumes}). Each mount point is resolved inside the root (and opened by the kernel with {@code openat2}
 * {@code RESOLVE_IN_ROOT}: a symlink in the container's tree never leads out of it), missing directories (or, for a
 * file, the empty file) are created by name in their resolved parent, and the mount is made on the descriptor
 * ({@code /proc/self/fd/N}), never on a path the container could swap. A read-only mount is made read-only, with
 * every mount below it, before it is bound into the root.
 */
final class VolumeBinds {
    private VolumeBinds() {
    }

    static void mount(Syscalls sys, Fd root, List<ArchiveVolumes.Bind> binds, Path scratch) {
        for (ArchiveVolumes.Bind b : binds) {
            try {
                if (!b.layers().isEmpty()) {
                    image(sys, root, b, scratch);
                } else if (!b.subpath().isEmpty()) {
                    try (Fd base = Fs.open(b.source(), Fs.O_PATH | Fs.O_DIRECTORY)) {
                        bindBeneath(sys, root, b, base, Fs.RESOLVE_BENEATH | Fs.RESOLVE_NO_MAGICLINKS, scratch);
                    }
                } else {
                    bind(sys, root, b, scratch);
                }
            } catch (SyscallException e) {
                throw EngineException.system("mounting " + b.source() + " on " + b.destination() + " for the copy: "
                        + e.getMessage(), e);
            }
        }
    }

    private static void bind(Syscalls sys, Fd root, ArchiveVolumes.Bind b, Path scratch) {
        boolean dir = Files.isDirectory(b.source()); // a daemon volume or the client's own bind: host paths
        try (Fd target = mountPoint(root, b.destination(), dir)) {
            attach(sys, b.source().toString(), target, dir, b.readOnly(), scratch);
        }
    }

    /**
     * The subpath of {@code base} (the volume's directory, or an image's stacked root), opened beneath it with
     * {@code openat2} (the content is the container's: a symlink or {@code ..} that leaves it fails), bound from
     * that descriptor: the same rule as the init's at start.
     */
    private static void bindBeneath(Syscalls sys, Fd root, ArchiveVolumes.Bind b, Fd base, long resolve,
            Path scratch) {
        String sub = b.subpath().isEmpty() ? "." : b.subpath();
        Fd src;
        try {
            src = Fs.openat2(base, sub, Fs.O_PATH, 0, resolve);
        } catch (SyscallException e) {
            if (e.is(Errno.EXDEV)) {
                throw EngineException.invalid("path concatenation escapes the base directory, subpath: " + sub);
            }
            throw e;
        }
        boolean dir = Fs.stat(src).isDirectory();
        try (src; Fd target = mountPoint(root, b.destination(), dir)) {
            attach(sys, src.procPath(), target, dir, b.readOnly(), scratch);
        }
    }

    /** An image mount: its layers stacked read-only on a scratch directory for the time of the bind. */
    private static void image(Syscalls sys, Fd root, ArchiveVolumes.Bind b, Path scratch) {
        Path dir = scratchEntry(scratch, "image-", true);
        boolean mounted = false;
        try {
            if (b.layers().size() == 1) {
                sys.mount(b.layers().get(0).toString(), dir, null, MountFlags.MS_BIND, null);
            } else {
                sys.mount("overlay", dir, "overlay", MountFlags.MS_RDONLY, "lowerdir="
                        + String.join(":", b.layers().stream().map(Path::toString).toList()));
            }
            mounted = true;
            try (Fd base = Fs.open(dir, Fs.O_PATH | Fs.O_DIRECTORY)) {
                bindBeneath(sys, root, b, base, Fs.RESOLVE_BENEATH | Fs.RESOLVE_NO_MAGICLINKS | Fs.RESOLVE_NO_XDEV,
                        scratch);
            }
        } finally {
            release(sys, dir, mounted);
        }
    }

    /**
     * Binds {@code source} (a host path, or the {@code /proc/self/fd/N} of a descriptor) recursively on
     * {@code target}. A read-only one is bound first on a scratch entry of the daemon ({@code dir}: a directory,
     * else a file), made read-only there all the way down, as the init makes it in the container
     * ({@code mount_setattr(AT_RECURSIVE)}; a kernel before 5.12 leaves the mounts below as they are, as it leaves
     * them in the container then), and only then bound into the root: a bind copies its mounts' flags, so it is
     * read-only from the moment it appears there, and no path in the root is looked up again after the mount (a
     * container sharing a volume the mount point lies in can rename it and put a symlink in its place meanwhile, and
     * a remount by path would then reach another mount). Read-only all the way down matters: a bind's source may
     * have mounts below it on the host (a {@code -v /:/host:ro} sees {@code /run}), and a tar entry below a symlink
     * the container planted ({@code dir -> /host}) would otherwise be written through such a mount to the host.
     */
    private static void attach(Syscalls sys, String source, Fd target, boolean dir, boolean readOnly, Path scratch) {
        Path to = Path.of(target.procPath());
        if (!readOnly) {
            sys.mount(source, to, null, MountFlags.MS_BIND | MountFlags.MS_REC, null);
            return;
        }
        Path stage = scratchEntry(scratch, "bind-", dir);
        boolean mounted = false;
        try {
            sys.mount(source, stage, null, MountFlags.MS_BIND | MountFlags.MS_REC, null);
            mounted = true;
            sys.mount("none", stage, null, MountFlags.MS_REMOUNT | MountFlags.MS_BIND | MountFlags.MS_RDONLY, null);
            try {
                sys.mountTreeReadOnly(stage);
            } catch (SyscallException e) {
                if (!e.is(Errno.ENOSYS)) {
                    throw e;
                }
            }
            sys.mount(stage.toString(), to, null, MountFlags.MS_BIND | MountFlags.MS_REC, null);
        } finally {
            release(sys, stage, mounted);
        }
    }

    /** A scratch entry done with: what was mounted on it detached, then the entry removed. */
    private static void release(Syscalls sys, Path entry, boolean mounted) {
        if (mounted) {
            sys.umount(entry, MountFlags.MNT_DETACH);
        }
        try {
            Files.deleteIfExists(entry);
        } catch (java.io.IOException e) {
            // left for the next start's sweep of the archive directory
        }
    }

    /** A new entry of the daemon's scratch directory (0700 by DataRootModes): a directory, or an empty file. */
    private static Path scratchEntry(Path scratch, String prefix, boolean dir) {
        try {
            Files.createDirectories(scratch);
            return dir ? Files.createTempDirectory(scratch, prefix) : Files.createTempFile(scratch, prefix, "");
        } catch (java.io.IOException e) {
            throw EngineException.system("creating mount point: " + e.getMessage(), e);
        }
    }

    /**
     * The mount point {@code dest} resolved inside {@code root}, made (0755 directories, a 0644 empty file): its
     * symlinks are evaluated in the root's scope first ({@link PathResolver}, as dockerd's FollowSymlinkInScope),
     * so a link to a missing directory gets that directory made inside the root.
     */
    static Fd mountPoint(Fd root, String dest, boolean dir) {
        String resolved;
        try (PathResolver.Resolved r = PathResolver.resolve(root, dest, true)) {
            resolved = r.path();
        }
        List<String> parts = PathResolver.split(resolved);
        String prefix = "/";
        for (int i = 0; i < parts.size(); i++) {
            boolean last = i == parts.size() - 1;
            String next = prefix + (prefix.endsWith("/") ? "" : "/") + parts.get(i);
            int flags = Fs.O_PATH | (last && !dir ? 0 : Fs.O_DIRECTORY);
            Fd fd = openOrMake(root, prefix, parts.get(i), next, flags, last && !dir);
            if (last) {
                return fd;
            }
            fd.close();
            prefix = next;
        }
        return Fs.openInRoot(root, "/", Fs.O_PATH | Fs.O_DIRECTORY);
    }

    private static Fd openOrMake(Fd root, String parent, String name, String path, int flags, boolean file) {
        try {
            return Fs.openInRoot(root, path, flags);
        } catch (SyscallException e) {
            if (!e.is(Errno.ENOENT)) {
                throw e;
            }
        }
        try (Fd dir = Fs.openInRoot(root, parent, Fs.O_PATH | Fs.O_DIRECTORY)) {
            if (file) {
                Fs.openat(dir, name, Fs.O_WRONLY | Fs.O_CREAT | Fs.O_EXCL | Fs.O_NOFOLLOW, 0644).close();
            } else {
                Fs.mkdirat(dir, name, 0755);
            }
        } catch (SyscallException e) {
            if (!e.is(Errno.EEXIST)) {
                throw e;
            }
        }
        return Fs.openInRoot(root, path, flags);
    }
}
