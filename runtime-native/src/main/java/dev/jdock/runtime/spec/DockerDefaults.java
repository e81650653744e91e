package dev.jdock.runtime.spec;

import static dev.jdock.runtime.spec.MsFlags.MS_BIND;
import static dev.jdock.runtime.spec.MsFlags.MS_NODEV;
import static dev.jdock.runtime.spec.MsFlags.MS_NOEXEC;
import static dev.jdock.runtime.spec.MsFlags.MS_NOSUID;
import static dev.jdock.runtime.spec.MsFlags.MS_RDONLY;
import static dev.jdock.runtime.spec.MsFlags.MS_RELATIME;
import static dev.jdock.runtime.spec.MsFlags.MS_REMOUNT;
import static dev.jdock.runtime.spec.MsFlags.MS_STRICTATIME;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Docker's default Linux spec pieces as data (moby {@code oci/defaults.go}): mounts, masked and read-only paths,
 * device nodes and namespaces.
 *
 * <p>/sys/fs/cgroup: on a pure cgroup v2 host a {@code cgroup2} mount (the cgroup namespace makes the container's
 * cgroup its root). On a v1/hybrid host, like Docker: a tmpfs holding one {@code cgroup} mount per v1 hierarchy
 * found in /proc/self/mountinfo (plus the {@code unified} cgroup2 one), then the tmpfs remounted read-only.
 */
public final class DockerDefaults {

    private static final long NOSUID_NOEXEC_NODEV = MS_NOSUID | MS_NOEXEC | MS_NODEV;
    private static final Set<String> GENERIC_OPTIONS = Set.of("rw", "ro", "nosuid", "nodev", "noexec", "relatime",
            "noatime", "nodiratime", "strictatime", "sync", "dirsync", "lazytime");

    public static final List<String> MASKED_PATHS = List.of("/proc/asound", "/proc/acpi", "/proc/interrupts",
            "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
            "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");

    public static final List<String> READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");

    private DockerDefaults() {
    }

    /** Docker's default mounts for this host (cgroup layout read from /proc/self/mountinfo). */
    public static List<MountSpec> mounts(boolean privileged) {
        try {
            return mounts(privileged, Files.readString(Path.of("/proc/self/mountinfo")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<MountSpec> mounts(boolean privileged, String hostMountinfo) {
        long sysRo = privileged ? 0 : MS_RDONLY;
        List<MountSpec> m = new ArrayList<>(procAndDev());
        m.add(new MountSpec("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
                "newinstance,ptmxmode=0666,mode=0620,gid=5", false));
        m.add(new MountSpec("sysfs", "/sys", "sysfs", NOSUID_NOEXEC_NODEV | sysRo, "", false));
        m.addAll(cgroupMounts(privileged, hostMountinfo));
        m.add(new MountSpec("mqueue", "/dev/mqueue", "mqueue", NOSUID_NOEXEC_NODEV, "", false));
        m.add(new MountSpec("shm", "/dev/shm", "tmpfs", NOSUID_NOEXEC_NODEV, "mode=1777,size=65536k", false));
        return List.copyOf(m);
    }

    /** Docker's /proc and /dev mounts alone (the first two of {@link #mounts}): for a process that needs no more. */
    public static List<MountSpec> procAndDev() {
        return List.of(new MountSpec("proc", "/proc", "proc", NOSUID_NOEXEC_NODEV, "", false),
                new MountSpec("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k", false));
    }

    /** The /sys/fs/cgroup mounts for a host whose /proc/self/mountinfo is {@code hostMountinfo}. */
    public static List<MountSpec> cgroupMounts(boolean privileged, String hostMountinfo) {
        long ro = privileged ? 0 : MS_RDONLY;
        List<String[]> cgroupLines = hostMountinfo.lines().map(DockerDefaults::mountinfoFields)
                .filter(f -> f != null && f[4].startsWith("/sys/fs/cgroup")).collect(Collectors.toList());
        boolean pureV2 = cgroupLines.stream().anyMatch(f -> f[4].equals("/sys/fs/cgroup") && f[7].equals("cgroup2"));
        if (pureV2) {
            return List.of(new MountSpec("cgroup", "/sys/fs/cgroup", "cgroup2", NOSUID_NOEXEC_NODEV | MS_RELATIME | ro,
                    "", false));
        }
        List<MountSpec> m = new ArrayList<>();
        m.add(new MountSpec("tmpfs", "/sys/fs/cgroup", "tmpfs", NOSUID_NOEXEC_NODEV, "mode=755", false));
        for (String[] f : cgroupLines) {
            String name = f[4].substring("/sys/fs/cgroup".length());
            if (name.isEmpty() || name.indexOf('/', 1) >= 0) {
                continue;
            }
            if (f[7].equals("cgroup2")) {
                m.add(new MountSpec("cgroup", f[4], "cgroup2", NOSUID_NOEXEC_NODEV | MS_RELATIME | ro, "", false));
            } else if (f[7].equals("cgroup")) {
                String data = Arrays.stream(f[9].split(",")).filter(o -> !GENERIC_OPTIONS.contains(o))
                        .filter(o -> !o.startsWith("release_agent=")).collect(Collectors.joining(","));
                m.add(new MountSpec("cgroup", f[4], "cgroup", NOSUID_NOEXEC_NODEV | MS_RELATIME | ro, data, false));
            }
        }
        if (!privileged) {
            m.add(new MountSpec("", "/sys/fs/cgroup", "", MS_BIND | MS_REMOUNT | MS_RDONLY | NOSUID_NOEXEC_NODEV, "",
                    false));
        }
        return m;
    }

    /**
     * mountinfo line → [id, parent, dev, root, mountpoint, options, "-", fstype, source, superoptions], or null.
     */
    private static String[] mountinfoFields(String line) {
        String[] parts = line.split(" ");
        int dash = Arrays.asList(parts).indexOf("-");
        if (dash < 6 || parts.length < dash + 4) {
            return null;
        }
        return new String[] {parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], "-", parts[dash + 1],
                parts[dash + 2], parts[dash + 3]};
    }

    public static List<String> maskedPaths(boolean privileged) {
        return privileged ? List.of() : MASKED_PATHS;
    }

    public static List<String> readonlyPaths(boolean privileged) {
        return privileged ? List.of() : READONLY_PATHS;
    }

    /** null, zero, full, random, urandom, tty: mode 0666, root-owned. */
    public static List<DeviceSpec> devices() {
        return List.of(DeviceSpec.charDevice("/dev/null", 1, 3, 0666), DeviceSpec.charDevice("/dev/zero", 1, 5, 0666),
                DeviceSpec.charDevice("/dev/full", 1, 7, 0666), DeviceSpec.charDevice("/dev/random", 1, 8, 0666),
                DeviceSpec.charDevice("/dev/urandom", 1, 9, 0666), DeviceSpec.charDevice("/dev/tty", 5, 0, 0666));
    }

    /** New pid, mnt, uts, ipc, net and cgroup namespaces. */
    public static List<NamespaceSpec> namespaces() {
        return List.of(NamespaceSpec.create("pid"), NamespaceSpec.create("mnt"), NamespaceSpec.create("uts"),
                NamespaceSpec.create("ipc"), NamespaceSpec.create("net"), NamespaceSpec.create("cgroup"));
    }
}
