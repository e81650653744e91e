package dev.jdock.daemon.cri.cni;

import dev.jdock.runtime.syscall.Errno;
import dev.jdock.runtime.syscall.MountFlags;
import dev.jdock.runtime.syscall.SyscallException;
import dev.jdock.runtime.syscall.Syscalls;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Pod network namespaces that outlive any process: a new netns bind-mounted on {@code <dir>/<sandbox id>}
 * ({@code <exec root>/netns/<id>}), made before the CNI ADD and released after the DEL, as containerd's
 * {@code pkg/netns} does for its sandboxes. The containers of the pod join it by path.
 *
 * <p>The namespace is made by a child process, util-linux's {@code unshare --net=<file> true} (it unshares, and a
 * forked helper of its own bind-mounts {@code /proc/<pid>/ns/net} on the file before it exits), not by the JVM:
 * {@code unshare(CLONE_NEWNET)} on a JVM thread moves only that thread, and every thread the JVM or a library
 * starts from it later would be born in the pod's netns. A child costs about 10 ms on top of the kernel's netns
 * creation here, measured, and nothing can leak into the daemon. Removal needs no namespace switch: a lazy unmount
 * ({@code umount2(MNT_DETACH)}, process-wide) and an unlink, from any thread; the kernel frees the namespace with
 * its last user.
 */
public final class PodNetns {
    /** statfs f_type of an nsfs file (a bind-mounted namespace). */
    static final long NSFS_MAGIC = 0x6e736673L;
    private static final Pattern ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]{0,254}");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final Path unshare;
    private final ProcessExec exec;
    private final Syscalls sys;

    /** The daemon's own network namespace, never one a pod may be given ({@link #adopt}). */
    private final Path ownNetns;

    /** @param unshare util-linux's unshare(1), {@code /usr/bin/unshare} on Debian */
    public PodNetns(Path dir, Path unshare, ProcessExec exec, Syscalls sys) {
        this(dir, unshare, exec, sys, Path.of("/proc/self/ns/net"));
    }

    PodNetns(Path dir, Path unshare, ProcessExec exec, Syscalls sys, Path ownNetns) {
        this.dir = dir;
        this.unshare = unshare;
        this.exec = exec;
        this.sys = sys;
        this.ownNetns = ownNetns;
    }

    public Path path(String id) {
        if (!ID.matcher(id).matches()) {
            throw CniException.local("invalid sandbox id \"" + id + "\"");
        }
        return dir.resolve(id);
    }

    /** Creates the netns of {@code id}; fails if that path exists already. */
    public Path create(String id) {
        Path p = mountPoint(id);
        return mountedOn(p, () -> {
            ProcessExec.Output out = exec.run(List.of(unshare.toString(), "--net=" + p, "true"), Map.of(),
                    new byte[0], TIMEOUT);
            if (out.exitCode() != 0) {
                throw new CniException(CniException.LOCAL, "creating network namespace " + p + ": unshare exited "
                        + out.exitCode() + (out.stderr().isEmpty() ? "" : ": " + out.stderr()), out.stderr(), null);
            }
            if (!isNetns(p)) {
                throw CniException.local("creating network namespace " + p + ": nothing was mounted on it");
            }
        });
    }

    /**
     * Keeps the network namespace process {@code pid} made (a pod in its own user namespace: its infra creates the
     * netns inside it, containerd's order) as the netns of {@code id}: {@code /proc/<pid>/ns/net} bind-mounted on
     * the file. Fails if that path exists already.
     */
    public Path adopt(String id, int pid) {
        Path p = mountPoint(id);
        return mountedOn(p, () -> {
            try {
                sys.mount("/proc/" + pid + "/ns/net", p, null, MountFlags.MS_BIND, null);
            } catch (SyscallException se) {
                throw CniException.local("keeping the network namespace of " + pid + " on " + p, se);
            }
            if (!isNetns(p)) {
                throw CniException.local("keeping the network namespace of " + pid + ": nothing was mounted on " + p);
            }
            if (sameFile(p, ownNetns)) { // the infra gone and its pid reused by a process of the host's network
                throw CniException.local("keeping the network namespace of " + pid + ": it is the host's");
            }
        });
    }

    /** The empty file the netns of {@code id} is mounted on, made now; fails if that path exists already. */
    private Path mountPoint(String id) {
        Path p = path(id);
        try {
            Files.createDirectories(dir);
            Files.createFile(p);
        } catch (FileAlreadyExistsException e) {
            throw CniException.local("network namespace " + p + " exists already");
        } catch (IOException e) {
            throw CniException.local("creating " + p, e);
        }
        return p;
    }

    /** Runs {@code mount} on the fresh mount point {@code p} and returns it; any failure releases {@code p} first. */
    private Path mountedOn(Path p, Runnable mount) {
        try {
            mount.run();
            return p;
        } catch (RuntimeException e) {
            try {
                release(p);
            } catch (RuntimeException u) {
                e.addSuppressed(u);
            }
            throw e;
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.getAttribute(a, "unix:dev").equals(Files.getAttribute(b, "unix:dev"))
                    && Files.getAttribute(a, "unix:ino").equals(Files.getAttribute(b, "unix:ino"));
        } catch (IOException e) {
            throw CniException.local("comparing " + a + " with " + b, e);
        }
    }

    /** Whether {@code id} has a mounted netns (after a daemon restart: the pod's network is still there). */
    public boolean exists(String id) {
        return isNetns(path(id));
    }

    /** Unmounts and removes the netns of {@code id}; nothing to do when it is gone already. */
    public void remove(String id) {
        release(path(id));
    }

    private boolean isNetns(Path p) {
        try {
            return sys.statfsType(p) == NSFS_MAGIC;
        } catch (SyscallException e) {
            return false;
        }
    }

    private void release(Path p) {
        if (isNetns(p)) {
            try {
                sys.umount(p, MountFlags.MNT_DETACH);
            } catch (SyscallException e) {
                if (!e.is(Errno.EINVAL) && !e.is(Errno.ENOENT)) {
                    throw CniException.local("unmounting network namespace " + p, e);
                }
            }
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw CniException.local("removing " + p, e);
        }
    }
}
