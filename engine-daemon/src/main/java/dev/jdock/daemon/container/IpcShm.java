package dev.jdock.daemon.container;

import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.spec.MsFlags;
import dev.jdock.runtime.syscall.MountFlags;
import dev.jdock.runtime.syscall.SyscallException;
import dev.jdock.runtime.syscall.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a container's {@code /dev/shm} comes from, by {@code IpcMode} as moby's setupIPCDirs does it:
 * {@code private} (the default) a tmpfs of its own made inside the container; {@code shareable} a tmpfs that jdockd
 * mounts on the host at {@code <container dir>/mounts/shm} while the container runs, bound into it; {@code
 * container:<x>} the donor's host-side directory (the donor must run and be shareable, or itself use the host's or
 * another donor's); {@code host} the host's /dev/shm; {@code none} nothing.
 */
final class IpcShm {
    private static final Logger LOG = LoggerFactory.getLogger(IpcShm.class);
    static final String DEFAULT_MODE = "private";
    static final Path HOST_SHM = Path.of("/dev/shm");
    static final long FLAGS = MsFlags.MS_NOSUID | MsFlags.MS_NODEV | MsFlags.MS_NOEXEC;
    private static final int EINVAL = 22;
    private static final int MAX_DONOR_CHAIN = 16;

    /** What {@code /dev/shm} of a container is. */
    sealed interface Plan {
        /** A tmpfs of {@code size} bytes created in the container's mount namespace. */
        record Own(long size) implements Plan {
        }

        /** A bind (rbind, nosuid, nodev, noexec) of a host directory. */
        record Bind(Path source) implements Plan {
        }

        /** No /dev/shm mount at all. */
        record None() implements Plan {
        }
    }

    private final Syscalls sys;
    private final Predicate<Path> mounted;
    /** Containers by name or ID, for {@code container:<x>}. */
    private final Function<String, Optional<Container>> containers;

    IpcShm(Syscalls sys, Function<String, Optional<Container>> containers) {
        this(sys, containers, IpcShm::mountedNow);
    }

    /** {@code mounted}: whether a path is a mount point in jdockd's mount namespace (a fake in tests). */
    IpcShm(Syscalls sys, Function<String, Optional<Container>> containers, Predicate<Path> mounted) {
        this.sys = sys;
        this.containers = containers;
        this.mounted = mounted;
    }

    /** moby's create-time defaults: IpcMode {@code private} and ShmSize 64 MiB when unset. */
    static HostConfig withDefaults(HostConfig hc) {
        boolean mode = hc.ipcMode() == null || hc.ipcMode().isEmpty();
        if (!mode && hc.shmSize() != 0) {
            return hc;
        }
        HostConfig.Builder b = hc.toBuilder();
        if (mode) {
            b.ipcMode(DEFAULT_MODE);
        }
        if (hc.shmSize() == 0) {
            b.shmSize(TmpfsMounts.DEFAULT_SHM_SIZE);
        }
        return b.build();
    }

    /** The host-side directory of a shareable container's /dev/shm. */
    static Path hostDir(Container c) {
        return c.dir().resolve("mounts").resolve("shm");
    }

    static String mode(HostConfig hc) {
        return hc.ipcMode() == null || hc.ipcMode().isEmpty() ? DEFAULT_MODE : hc.ipcMode();
    }

    static long size(HostConfig hc) {
        return hc.shmSize() > 0 ? hc.shmSize() : TmpfsMounts.DEFAULT_SHM_SIZE;
    }

    /** The /dev/shm of {@code c}; for {@code container:<x>} fails as moby does when the donor cannot share. */
    Plan plan(Container c) {
        HostConfig hc = c.record().hostConfig();
        String mode = mode(hc);
        if (mode.equals("shareable")) {
            return new Plan.Bind(hostDir(c));
        }
        return NamespaceModes.isContainer(mode) ? new Plan.Bind(donorDir(mode, new HashSet<>())) : plan(hc);
    }

    /**
     * A CRI container's /dev/shm: its pod's ({@link PodLink#shmDir()}), the host's or the sandbox's tmpfs while that
     * is mounted; {@code own} for a link without one, or when the sandbox's is gone (never a bind of a plain
     * directory of the exec root, which would let the container write to the host's disk unbounded).
     */
    Plan plan(PodLink pod, Plan own) {
        if (pod.shmDir().isEmpty()) {
            return own;
        }
        Path dir = Path.of(pod.shmDir());
        return dir.equals(HOST_SHM) || mounted.test(dir) ? new Plan.Bind(dir) : own;
    }

    /** The plan of the modes that need no container: private (and unset), host, none. */
    static Plan plan(HostConfig hc) {
        return switch (mode(hc)) {
            case "host" -> new Plan.Bind(HOST_SHM);
            case "none" -> new Plan.None();
            case "private" -> new Plan.Own(size(hc));
            // a bug if reached: plan(Container) handles the modes that need one
            default -> throw new IllegalStateException("IpcMode " + mode(hc) + " needs its container");
        };
    }

    /** The shm directory a {@code container:<ref>} container binds: the donor's (moby's getIPCContainer checks). */
    private Path donorDir(String mode, Set<String> seen) {
        String ref = mode.substring("container:".length());
        Container donor = NamespaceModes.runningDonor(containers, ref, "ipc");
        if (seen.size() > MAX_DONOR_CHAIN || !seen.add(donor.id())) {
            throw NamespaceModes.notRunning(ref, donor, "ipc");
        }
        String dm = mode(donor.record().hostConfig());
        if (dm.equals("shareable")) {
            return hostDir(donor);
        }
        if (dm.equals("host")) {
            return HOST_SHM;
        }
        if (NamespaceModes.isContainer(dm)) {
            return donorDir(dm, seen);
        }
        throw EngineException.invalid("can't join IPC of container " + ref
                + ": non-shareable IPC (hint: use IpcMode:shareable for the donor container)");
    }

    /** Before a shareable container starts: a fresh tmpfs (ShmSize, mode 1777, nosuid,nodev,noexec) on the host. */
    void mount(Container c) {
        if (!mode(c.record().hostConfig()).equals("shareable")) {
            return;
        }
        Path dir = hostDir(c);
        release(c); // a leftover from a run jdockd did not see end
        try {
            Files.createDirectories(dir);
            sys.mount("shm", dir, "tmpfs", FLAGS, "mode=1777,size=" + size(c.record().hostConfig()));
        } catch (IOException | SyscallException e) {
            throw EngineException.system("mounting the shareable /dev/shm of " + c.id() + " at " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    /** Whether {@code c}'s shareable /dev/shm is mounted on the host (a container that does not run must not). */
    boolean holdsMount(Container c) {
        return mode(c.record().hostConfig()).equals("shareable") && mounted.test(hostDir(c));
    }

    /** After the container's exit (or for a leftover at daemon start): unmounts its host-side tmpfs if mounted. */
    void release(Container c) {
        if (!mode(c.record().hostConfig()).equals("shareable")) {
            return;
        }
        Path dir = hostDir(c);
        while (mounted.test(dir)) {
            try {
                sys.umount(dir, MountFlags.MNT_DETACH);
            } catch (SyscallException e) {
                if (e.errno() != EINVAL) {
                    LOG.warn("unmounting the shm of {}: {}", c.id(), e.getMessage());
                }
                return;
            }
        }
    }

    /** Whether {@code p} is a mount point now, from /proc/self/mountinfo (field 5, octal escapes decoded). */
    static boolean mountedNow(Path p) {
        try {
            return mountPoints(Files.readString(Path.of("/proc/self/mountinfo"))).contains(p.toString());
        } catch (IOException e) {
            return false;
        }
    }

    static Set<String> mountPoints(String mountinfo) {
        Set<String> out = new HashSet<>();
        for (String line : mountinfo.split("\n")) {
            String[] f = line.split(" ");
            if (f.length > 4) {
                out.add(unescape(f[4]));
            }
        }
        return out;
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
