package dev.jdock.runtime.cgroup;

import dev.jdock.runtime.syscall.Syscalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where cgroups live: the mode, the cgroup2 mount (the root on v2, {@code <root>/unified} on hybrid, null on v1)
 * and, on v1/hybrid, each controller's mount point from mountinfo (co-mounted controllers share one path).
 */
public record CgroupLayout(CgroupMode mode, Path unified, Map<String, Path> v1Controllers) {
    /** v1 controllers the kernel can mount (super options that are not mount flags). */
    static final Set<String> V1_CONTROLLERS = Set.of("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer",
            "net_cls", "blkio", "perf_event", "net_prio", "hugetlb", "pids", "rdma", "misc");

    public CgroupLayout {
        v1Controllers = Map.copyOf(v1Controllers);
    }

    /** One mountinfo line. */
    record MountEntry(Path mountPoint, String fsType, List<String> superOptions) {}

    /** Detects the mode with statfs and reads mount points from {@code mountinfo} (normally /proc/self/mountinfo). */
    public static CgroupLayout detect(Syscalls sys, Path cgroupRoot, Path mountinfo) {
        CgroupMode mode = CgroupMode.detect(sys, cgroupRoot);
        try {
            return of(mode, Files.readString(mountinfo), cgroupRoot);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds the layout for a known mode from mountinfo text. */
    public static CgroupLayout of(CgroupMode mode, String mountinfo, Path cgroupRoot) {
        Map<String, Path> controllers = new LinkedHashMap<>();
        List<MountEntry> entries = parseMountinfo(mountinfo);
        if (mode != CgroupMode.V2) {
            for (MountEntry m : entries) {
                if (m.fsType().equals("cgroup")) {
                    for (String opt : m.superOptions()) {
                        if (V1_CONTROLLERS.contains(opt)) {
                            controllers.putIfAbsent(opt, m.mountPoint());
                        }
                    }
                }
            }
        }
        Path unified = switch (mode) {
            case V2 -> cgroupRoot;
            case HYBRID -> cgroupRoot.resolve("unified");
            case V1 -> null;
        };
        return new CgroupLayout(mode, unified, controllers);
    }

    static List<MountEntry> parseMountinfo(String text) {
        List<MountEntry> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split(" ");
            int dash = List.of(f).indexOf("-");
            if (f.length < 7 || dash < 6 || dash + 3 > f.length) {
                continue;
            }
            String superOpts = dash + 3 < f.length ? f[dash + 3] : "";
            out.add(new MountEntry(Path.of(unescape(f[4])), f[dash + 1], List.of(superOpts.split(","))));
        }
        return out;
    }

    /** mountinfo escapes space, tab, newline and backslash as {@code \ooo}. */
    static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() + 0 && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * The mount point of the named v1 hierarchy {@code name=<name>} (systemd's {@code name=systemd} on v1 and
     * hybrid hosts) in mountinfo text; null when none is mounted.
     */
    public static Path namedHierarchy(String mountinfo, String name) {
        for (MountEntry m : parseMountinfo(mountinfo)) {
            if (m.fsType().equals("cgroup") && m.superOptions().contains("name=" + name)) {
                return m.mountPoint();
            }
        }
        return null;
    }

    /** The mount point of a v1 controller, if mounted. */
    public java.util.Optional<Path> controller(String name) {
        return java.util.Optional.ofNullable(v1Controllers.get(name));
    }
}
