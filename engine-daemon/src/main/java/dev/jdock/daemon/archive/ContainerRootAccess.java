package dev.jdock.daemon.archive;

import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.container.ContainerProcesses;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.snapshot.SnapshotMounts;
import dev.jdock.daemon.snapshot.Snapshotter;
import dev.jdock.daemon.store.Failpoints;
import dev.jdock.runtime.cgroup.CgroupParent;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.syscall.MountFlags;
import dev.jdock.runtime.syscall.SyscallException;
import dev.jdock.runtime.syscall.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the daemon a descriptor of a container's root filesystem, opened once per request; everything below it is
 * reached relative to that descriptor ({@link PathResolver}, {@link dev.jdock.runtime.fs.Fs#openInRoot}), never
 * by a host path. A running container's root is {@code /proc/<pid>/root} (its mount namespace: volumes and
 * /etc/hostname included), opened through the descriptor of {@code /proc/<pid>} after checking that this process
 * is in the container's cgroup (a pid reused by another process is never taken for the container). A stopped
 * container's overlay is mounted on a temporary directory under the exec root, opened, and detached at once
 * (MNT_DETACH: the mount lives only as long as the descriptor; nothing stays mounted on the host): read-only
 * views stack the upper directory as the top lower layer (no work directory, safe beside other readers), a
 * writable view mounts upper and work and is serialised per container. A stopped container with volumes or binds
 * gets them mounted into that root ({@link VolumeBinds}, as dockerd's {@code mountVolumes}): its overlay (made
 * private, so nothing propagates) then stays mounted until the view is closed, because a detached mount loses its
 * submounts; a restarted daemon unmounts what a killed one left there ({@code Leftovers}).
 */
public final class ContainerRootAccess {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerRootAccess.class);
    private static final int MAX_OPTIONS = 4000;

    /** A container root, valid until closed. */
    public interface RootView extends AutoCloseable {
        /** An O_PATH descriptor of the root directory. */
        Fd root();

        /** True for {@code /proc/<pid>/root} (pseudo filesystems such as /proc are mounted in it). */
        boolean live();

        @Override
        void close();
    }

    private final Syscalls syscalls;
    private final Snapshotter snapshots;
    private final Path mountBase;
    private final Path procRoot;
    private final Map<String, ReentrantLock> writers = new ConcurrentHashMap<>();
    private final ArchiveVolumes volumes;

    public ContainerRootAccess(Syscalls syscalls, Snapshotter snapshots, Path mountBase, ArchiveVolumes volumes) {
        this(syscalls, snapshots, mountBase, Path.of("/proc"), volumes);
    }

    ContainerRootAccess(Syscalls syscalls, Snapshotter snapshots, Path mountBase, Path procRoot,
            ArchiveVolumes volumes) {
        this.syscalls = syscalls;
        this.snapshots = snapshots;
        this.mountBase = mountBase;
        this.procRoot = procRoot;
        this.volumes = volumes;
    }

    /**
     * The root as processes in the container see it: when it runs, theirs; else a mounted snapshot with the
     * container's volumes and binds mounted in it.
     */
    public RootView open(Container c, boolean writable) {
        int pid = c.state().pid();
        if (c.isRunning() && pid > 0) {
            Optional<Fd> live = liveRoot(pid, c.id(), c.record().cgroupParent());
            if (live.isPresent()) {
                return new LiveView(live.get());
            }
        }
        ArchiveVolumes.Lease lease = volumes.acquire(c);
        try {
            List<ArchiveVolumes.Bind> binds = lease.binds();
            Runnable release = lease::close;
            // mount points missing from the image are made in the writable layer (as dockerd): a writable mount
            return writable || !binds.isEmpty() ? mountWritable(c.id(), binds, release)
                    : mountReadOnly(c.id(), binds, release);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /**
     * {@code /proc/<pid>/root} when process {@code pid} is (still) one of container {@code id}'s, whose cgroups are
     * under {@code parent} ({@link ContainerProcesses}).
     */
    Optional<Fd> liveRoot(int pid, String id, CgroupParent parent) {
        Optional<Fd> root = ContainerProcesses.open(procRoot, pid, id, parent, "root", Fs.O_PATH | Fs.O_DIRECTORY);
        if (root.isEmpty()) {
            LOG.debug("process {} is gone or not in the cgroup of container {}", pid, id);
        }
        return root;
    }

    /**
     * The root of snapshot {@code key} alone (no volumes, no process): a build step's. Writable views of one key
     * are serialized, as a stopped container's are.
     */
    public RootView openKey(String key, boolean writable) {
        return writable ? mountWritable(key, List.of(), () -> { }) : mountReadOnly(key, List.of(), () -> { });
    }

    /** The image layers plus the container's changes, without any other mount (for export), running or not. */
    public RootView openSnapshot(Container c) {
        return mountReadOnly(c.id(), List.of(), () -> { });
    }

    private RootView mountReadOnly(String id, List<ArchiveVolumes.Bind> binds, Runnable release) {
        SnapshotMounts m = snapshots.mounts(id);
        List<String> lowers = new ArrayList<>();
        lowers.add(m.upperDir().toString());
        lowers.addAll(shortLowers(m));
        return mount(id, "lowerdir=" + String.join(":", lowers), MountFlags.MS_RDONLY,
                new Release(null, binds, release));
    }

    private RootView mountWritable(String id, List<ArchiveVolumes.Bind> binds, Runnable release) {
        ReentrantLock lock = writers.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            SnapshotMounts m = snapshots.mounts(id);
            String opts = "lowerdir=" + String.join(":", shortLowers(m)) + ",upperdir=" + m.upperDir()
                    + ",workdir=" + m.workDir();
            return mount(id, opts, 0, new Release(lock, binds, release));
        } catch (RuntimeException e) {
            lock.unlock();
            throw e;
        }
    }

    /** The lower layers as absolute {@code <root>/l/<id>} paths: short enough for mount's one-page option limit. */
    private static List<String> shortLowers(SnapshotMounts m) {
        List<String> out = new ArrayList<>();
        for (String s : m.shortLowerDirs()) {
            out.add(m.root().resolve(s).toString());
        }
        return out;
    }

    /** What a mounted view holds besides its root: the writer's lock, the binds mounted in it and their lease. */
    private record Release(ReentrantLock lock, List<ArchiveVolumes.Bind> binds, Runnable lease) {
    }

    private RootView mount(String id, String options, long flags, Release release) {
        if (options.length() > MAX_OPTIONS) {
            throw EngineException.system("too many layers to mount the root of container " + id, null);
        }
        Path target;
        try {
            Files.createDirectories(mountBase);
            target = Files.createTempDirectory(mountBase, id.substring(0, Math.min(12, id.length())) + "-");
        } catch (IOException e) {
            throw EngineException.system("creating mount point: " + e.getMessage(), e);
        }
        try {
            syscalls.mount("overlay", target, "overlay", flags, options);
        } catch (RuntimeException e) {
            deleteQuietly(target);
            throw EngineException.system("mounting the root of container " + id + ": " + e.getMessage(), e);
        }
        Failpoints.reach("archive.mounted"); // mounted on the host, not yet detached
        if (!release.binds().isEmpty()) {
            return withBinds(target, release);
        }
        try {
            return new MountedView(Fs.open(target, Fs.O_PATH | Fs.O_DIRECTORY), release);
        } finally {
            detach(target); // lives on through the descriptor only
        }
    }

    /** The root mounted at {@code target} with the binds mounted in it, all detached when the view is closed. */
    private RootView withBinds(Path target, Release release) {
        Fd root = null;
        try {
            syscalls.mount("none", target, null, MountFlags.MS_PRIVATE, null);
            root = Fs.open(target, Fs.O_PATH | Fs.O_DIRECTORY);
            VolumeBinds.mount(syscalls, root, release.binds(), mountBase);
            return new MountedView(root, new Release(release.lock(), release.binds(), () -> {
                detach(target);
                release.lease().run();
            }));
        } catch (RuntimeException e) {
            if (root != null) {
                root.close();
            }
            detach(target);
            throw e;
        }
    }

    /** Detaches a temporary mount with everything mounted below it, and removes its directory. */
    private void detach(Path target) {
        try {
            syscalls.umount(target, MountFlags.MNT_DETACH);
        } catch (RuntimeException e) {
            LOG.warn("detaching {}: {}", target, e.getMessage());
        }
        deleteQuietly(target);
    }

    private void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("removing {}: {}", p, e.getMessage());
        }
    }

    private record LiveView(Fd root) implements RootView {
        @Override
        public boolean live() {
            return true;
        }

        @Override
        public void close() {
            root.close();
        }
    }

    private static final class MountedView implements RootView {
        private final Fd root;
        private final Release release;
        private boolean closed;

        MountedView(Fd root, Release release) {
            this.root = root;
            this.release = release;
        }

        @Override
        public Fd root() {
            return root;
        }

        @Override
        public boolean live() {
            return false;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                root.close();
                release.lease().run();
            } finally {
                if (release.lock() != null) {
                    release.lock().unlock();
                }
            }
        }
    }
}
