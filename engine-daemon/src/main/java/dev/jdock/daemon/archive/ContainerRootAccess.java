package dev.jdock.daemon.archive;

import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.snapshot.SnapshotMounts;
import dev.jdock.daemon.snapshot.Snapshotter;
import dev.jdock.runtime.syscall.MountFlags;
import dev.jdock.runtime.syscall.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the daemon a view of a container's root filesystem. A running container's root is reached through
 * {@code /proc/<pid>/root} (its mount namespace: volumes and /etc/hostname included). A stopped container's
 * overlay is mounted on a temporary directory under the exec root for the duration of the request: read-only
 * views stack the upper directory as the top lower layer (no work directory, safe beside other readers), a
 * writable view mounts upper and work and is serialised per container. Paths inside the root must be resolved
 * with {@link PathResolver}, never by the kernel.
 */
public final class ContainerRootAccess {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerRootAccess.class);
    private static final int MAX_OPTIONS = 4000;

    /** A container root, valid until closed. */
    public interface RootView extends AutoCloseable {
        Path root();

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

    public ContainerRootAccess(Syscalls syscalls, Snapshotter snapshots, Path mountBase) {
        this(syscalls, snapshots, mountBase, Path.of("/proc"));
    }

    ContainerRootAccess(Syscalls syscalls, Snapshotter snapshots, Path mountBase, Path procRoot) {
        this.syscalls = syscalls;
        this.snapshots = snapshots;
        this.mountBase = mountBase;
        this.procRoot = procRoot;
    }

    /** The root as processes in the container see it when it runs, else a mounted snapshot. */
    public RootView open(Container c, boolean writable) {
        int pid = c.state().pid();
        if (c.isRunning() && pid > 0) {
            Path root = procRoot.resolve(Integer.toString(pid)).resolve("root");
            if (Files.isDirectory(root)) {
                return new LiveView(root);
            }
        }
        return writable ? mountWritable(c.id()) : mountReadOnly(c.id());
    }

    /** The image layers plus the container's changes, without any other mount (for export), running or not. */
    public RootView openSnapshot(Container c) {
        return mountReadOnly(c.id());
    }

    private RootView mountReadOnly(String id) {
        SnapshotMounts m = snapshots.mounts(id);
        List<String> lowers = new ArrayList<>();
        lowers.add(m.upperDir().toString());
        lowers.addAll(shortLowers(m));
        return mount(id, "lowerdir=" + String.join(":", lowers), MountFlags.MS_RDONLY, null);
    }

    private RootView mountWritable(String id) {
        ReentrantLock lock = writers.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            SnapshotMounts m = snapshots.mounts(id);
            String opts = "lowerdir=" + String.join(":", shortLowers(m)) + ",upperdir=" + m.upperDir()
                    + ",workdir=" + m.workDir();
            return mount(id, opts, 0, lock);
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

    private RootView mount(String id, String options, long flags, ReentrantLock lock) {
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
        return new MountedView(target, lock);
    }

    private void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("removing {}: {}", p, e.getMessage());
        }
    }

    private record LiveView(Path root) implements RootView {
        @Override
        public boolean live() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    private final class MountedView implements RootView {
        private final Path root;
        private final ReentrantLock lock;
        private boolean closed;

        MountedView(Path root, ReentrantLock lock) {
            this.root = root;
            this.lock = lock;
        }

        @Override
        public Path root() {
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
                syscalls.umount(root, MountFlags.MNT_DETACH);
                deleteQuietly(root);
            } catch (RuntimeException e) {
                LOG.warn("unmounting {}: {}", root, e.getMessage());
            } finally {
                if (lock != null) {
                    lock.unlock();
                }
            }
        }
    }
}
