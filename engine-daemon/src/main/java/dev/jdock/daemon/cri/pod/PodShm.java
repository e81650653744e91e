package dev.jdock.daemon.cri.pod;

import dev.jdock.daemon.cri.pod.PodSandbox.Mode;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.spec.MsFlags;
import dev.jdock.runtime.syscall.Errno;
import dev.jdock.runtime.syscall.MountFlags;
import dev.jdock.runtime.syscall.SyscallException;
import dev.jdock.runtime.syscall.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A pod's {@code /dev/shm}, as containerd's CRI makes it: unless the pod shares the host's IPC namespace, a tmpfs of
 * 64 MiB (mode 1777, nosuid, nodev, noexec) mounted at {@code shm} in the sandbox's run directory before the infra
 * starts, bound on the infra's and every container's {@code /dev/shm}, so the pod's containers share it as they share
 * its IPC namespace; unmounted when the sandbox stops (its containers are gone then) and again, if still there, when
 * it is removed. A pod in the host's IPC namespace binds the host's {@code /dev/shm}.
 */
public final class PodShm {
    /** containerd's defaultShmSize. */
    static final long SIZE = 64L << 20;
    static final Path HOST = Path.of("/dev/shm");
    static final String DIR = "shm";
    private static final long FLAGS = MsFlags.MS_NOSUID | MsFlags.MS_NODEV | MsFlags.MS_NOEXEC;
    /** Mounts stacked on one point by earlier starts never undone: unmounted one by one, at most this many. */
    private static final int MAX_STACKED = 16;

    private final Syscalls sys;

    public PodShm(Syscalls sys) {
        this.sys = sys;
    }

    /** What the pod's containers bind on their {@code /dev/shm}: the sandbox's tmpfs, or the host's /dev/shm. */
    public static Path source(PodSandbox s, Path runDir) {
        return s.namespaces().ipc() == Mode.NODE ? HOST : runDir.resolve(DIR);
    }

    /** Mounts the pod's tmpfs (a fresh one: whatever a killed start left there is unmounted first). */
    void mount(PodSandbox s, Path runDir) {
        if (s.namespaces().ipc() == Mode.NODE) {
            return;
        }
        Path dir = runDir.resolve(DIR);
        release(runDir);
        try {
            Files.createDirectories(dir);
            sys.mount("shm", dir, "tmpfs", FLAGS, "mode=1777,size=" + SIZE);
        } catch (IOException | SyscallException e) {
            throw EngineException.system("failed to mount the /dev/shm of sandbox " + s.id() + " at " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    /** Unmounts the pod's tmpfs if mounted (detached: a process still inside keeps its view until it ends). */
    void release(Path runDir) {
        Path dir = runDir.resolve(DIR);
        for (int i = 0; i < MAX_STACKED; i++) {
            try {
                sys.umount(dir, MountFlags.MNT_DETACH);
            } catch (SyscallException e) {
                if (e.is(Errno.EINVAL) || e.is(Errno.ENOENT)) {
                    return; // not (or no longer) a mount point, or never made
                }
                throw EngineException.system("failed to unmount " + dir + ": " + e.getMessage(), e);
            }
        }
    }
}
