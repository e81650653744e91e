package dev.jdock.runtime.cgroup.systemd;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * systemd's names as the systemd cgroup driver uses them: a slice a request names ({@code HostConfig.CgroupParent},
 * the CRI's {@code cgroup_parent}) and its cgroup path (runc's {@code ExpandSlice}), and a container's scope unit.
 * The names come from requests to a root daemon and go to systemd and into cgroup paths: a slice is only
 * {@code [A-Za-z0-9:_.\-]} (systemd's unit name characters, without the {@code @} of templates and the {@code \}
 * of escapes), at most 255 bytes, ends with {@code .slice}, holds no empty dash-separated component, and none of its
 * cgroup directories is one systemd escapes ({@code cg_escape}: it makes {@code ..slice}, {@code _x.slice},
 * {@code cgroup.slice} or {@code cpu.slice} the directory {@code _<name>}, where jdock, which joins and makes the
 * cgroups by the unescaped path, would not find the scope: the start failed and left directories of that name in
 * the controllers systemd does not manage).
 */
public final class SystemdNames {
    /** The slice containers go to without a parent, as dockerd's systemd driver. */
    public static final String DEFAULT_SLICE = "system.slice";
    /** systemd's UNIT_NAME_MAX is 256 with the NUL. */
    static final int UNIT_NAME_MAX = 255;
    private static final String SUFFIX = ".slice";
    private static final Pattern UNIT_CHARS = Pattern.compile("[A-Za-z0-9:_.\\-]+");
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9\\-]{0,31}");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{1,64}");
    /** The controller names systemd's {@code cg_escape} escapes as {@code <name>.<suffix>} (systemd 252's list). */
    private static final java.util.Set<String> CONTROLLERS = java.util.Set.of("cpu", "cpuacct", "cpuset", "io",
            "blkio", "memory", "devices", "pids", "bpf-firewall", "bpf-devices", "bpf-foreign", "bpf-socket-bind",
            "bpf-restrict-network-interfaces");

    private SystemdNames() {
    }

    /**
     * The cgroup path of {@code slice} below systemd's root, as runc's {@code ExpandSlice}: {@code a-b-c.slice} is
     * {@code a.slice/a-b.slice/a-b-c.slice}, {@code -.slice} the root (no names).
     *
     * @throws IllegalArgumentException {@code invalid slice name: <slice>} (runc's message)
     */
    public static List<String> expandSlice(String slice) {
        if (slice == null || slice.length() < SUFFIX.length() || !slice.endsWith(SUFFIX) || slice.contains("/")
                || slice.length() > UNIT_NAME_MAX || !UNIT_CHARS.matcher(slice).matches()) {
            throw invalid(slice);
        }
        String name = slice.substring(0, slice.length() - SUFFIX.length());
        if (name.equals("-")) {
            return List.of();
        }
        List<String> path = new ArrayList<>();
        StringBuilder prefix = new StringBuilder();
        for (String component : name.split("-", -1)) {
            if (component.isEmpty()) { // test--a.slice, -test.slice, test-.slice, .slice
                throw invalid(slice);
            }
            String dir = prefix + component;
            if (escapedBySystemd(dir)) {
                throw invalid(slice);
            }
            path.add(dir + SUFFIX);
            prefix.append(component).append('-');
        }
        return List.copyOf(path);
    }

    /**
     * Whether systemd's {@code cg_escape} changes the cgroup directory {@code <name>.slice}: a name starting with
     * {@code _} or {@code .}, a directory starting with {@code cgroup.}, or a name that is a controller's (the text
     * before the directory's last dot).
     */
    private static boolean escapedBySystemd(String name) {
        return name.startsWith("_") || name.startsWith(".") || (name + SUFFIX).startsWith("cgroup.")
                || CONTROLLERS.contains(name);
    }

    /**
     * The slice a cgroup parent names: {@link #DEFAULT_SLICE} for none; else the parent must be a slice
     * ({@code xxx.slice}: dockerd's check and message), which {@link #expandSlice} accepts.
     *
     * @throws IllegalArgumentException with dockerd's message for what is not a slice name
     */
    public static String sliceOf(String cgroupParent) {
        if (cgroupParent == null || cgroupParent.isEmpty()) {
            return DEFAULT_SLICE;
        }
        if (cgroupParent.length() <= 6 || !cgroupParent.endsWith(SUFFIX)) {
            throw new IllegalArgumentException(
                    "cgroup-parent for systemd cgroup should be a valid slice named as \"xxx.slice\"");
        }
        expandSlice(cgroupParent);
        return cgroupParent;
    }

    /**
     * A container's scope: {@code <prefix>-<id>.scope} (dockerd's {@code docker-<id>.scope}, containerd's
     * {@code cri-containerd-<id>.scope}). The id is a jdock container or sandbox id (hex).
     */
    public static String scope(String prefix, String id) {
        if (!PREFIX.matcher(prefix).matches() || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid scope name: " + prefix + "-" + shown(id) + ".scope");
        }
        return prefix + "-" + id + ".scope";
    }

    private static IllegalArgumentException invalid(String slice) {
        return new IllegalArgumentException("invalid slice name: " + shown(slice));
    }

    private static String shown(String s) {
        if (s == null) {
            return "";
        }
        String cut = s.length() <= 100 ? s : s.substring(0, 100) + "...";
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
