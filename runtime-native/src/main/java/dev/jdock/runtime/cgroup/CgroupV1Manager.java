package dev.jdock.runtime.cgroup;

import dev.jdock.runtime.syscall.Syscalls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * cgroup v1 (and hybrid) manager: one directory {@code <mount>/<parent>/<id>} per hierarchy we use (by default
 * {@code <mount>/jdock/<id>}), plus the controller-less unified child on a hybrid host (for cgroup.kill and
 * cgroup.events). A relative parent starts at the daemon's own cgroup of each hierarchy.
 */
public final class CgroupV1Manager implements CgroupManager {
    /** The v1 controllers a container is placed in (as Docker does). */
    public static final List<String> CONTROLLERS =
            List.of("cpu", "cpuacct", "cpuset", "memory", "pids", "freezer", "devices", "blkio");

    private final CgroupLayout layout;
    private final Syscalls sys;
    private final CgroupFs fs;
    private final Polling polling;
    private final OwnCgroups own;

    public CgroupV1Manager(CgroupLayout layout, Syscalls sys, CgroupFs fs, Polling polling) {
        this(layout, sys, fs, polling, OwnCgroups.ROOT);
    }

    public CgroupV1Manager(CgroupLayout layout, Syscalls sys, CgroupFs fs, Polling polling, OwnCgroups own) {
        this.layout = layout;
        this.sys = sys;
        this.fs = fs;
        this.polling = polling;
        this.own = own;
    }

    @Override
    public CgroupMode mode() {
        return layout.mode();
    }

    @Override
    public OwnCgroups own() {
        return own;
    }

    @Override
    public CgroupHandle create(String containerId, CgroupParent parent, Resources resources) {
        CgroupV1Handle handle = handleFor(containerId, parent);
        List<Path> made = new ArrayList<>();
        for (String c : CONTROLLERS) {
            Path mount = layout.v1Controllers().get(c);
            if (mount == null || made.contains(mount)) {
                continue;
            }
            made.add(mount);
            Path dir = fs.mkdirs(mount, names(parent, c, containerId));
            if (mount.equals(layout.v1Controllers().get("cpuset"))) {
                inheritCpuset(mount, dir);
            }
        }
        if (layout.unified() != null) {
            fs.mkdirs(layout.unified(), names(parent, "", containerId));
        }
        handle.update(resources);
        return handle;
    }

    @Override
    public Optional<CgroupHandle> find(String containerId, CgroupParent parent) {
        CgroupV1Handle handle = handleFor(containerId, parent);
        return handle.paths().stream().anyMatch(fs::exists) ? Optional.of(handle) : Optional.empty();
    }

    @Override
    public Optional<CgroupPressure> pressureOf(CgroupParent parent) {
        Map<String, Path> dirs = new LinkedHashMap<>();
        for (String controller : List.of("memory", "cpu")) {
            Path mount = layout.v1Controllers().get(controller);
            if (mount != null) {
                Path dir = parentDir(mount, parent, controller);
                if (!dir.equals(mount) && fs.exists(dir)) {
                    dirs.put(controller, dir);
                }
            }
        }
        Path unified = layout.unified() == null ? null : parentDir(layout.unified(), parent, "");
        if (unified != null && (unified.equals(layout.unified()) || !fs.exists(unified))) {
            unified = null;
        }
        return dirs.isEmpty() && unified == null ? Optional.empty()
                : Optional.of(new CgroupMetricsReader(fs).pressureV1(dirs, unified));
    }

    private Path parentDir(Path mount, CgroupParent parent, String controller) {
        List<String> names = names(parent, controller, "");
        return resolve(mount, names.subList(0, names.size() - 1));
    }

    /** The names from a hierarchy's root to the container's cgroup ({@code ""}: the unified hierarchy). */
    private List<String> names(CgroupParent parent, String controller, String containerId) {
        OwnCgroups base = parent.base() != null ? parent.base() : own;
        List<String> names = new ArrayList<>(parent.from(base.of(controller)));
        names.add(containerId);
        return names;
    }

    private CgroupV1Handle handleFor(String containerId, CgroupParent parent) {
        Map<String, Path> dirs = new LinkedHashMap<>();
        for (String c : CONTROLLERS) {
            Path mount = layout.v1Controllers().get(c);
            if (mount != null) {
                dirs.put(c, resolve(mount, names(parent, c, containerId)));
            }
        }
        Path unified = layout.unified() == null ? null
                : resolve(layout.unified(), names(parent, "", containerId));
        return new CgroupV1Handle(containerId, dirs, unified, sys, fs, polling);
    }

    static Path resolve(Path root, List<String> names) {
        Path p = root;
        for (String n : names) {
            p = p.resolve(n);
        }
        return p;
    }

    /** cpuset.cpus/mems start empty in a new v1 cgroup: copy them down from the first ancestor that has them. */
    private void inheritCpuset(Path mount, Path dir) {
        if (dir.equals(mount) || !dir.startsWith(mount)) {
            return;
        }
        List<Path> levels = new ArrayList<>(); // from the mount's child down to dir
        for (Path p = dir; !p.equals(mount); p = p.getParent()) {
            levels.add(0, p);
        }
        for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
            String above = null; // the parent's value once known (each file read once)
            for (Path level : levels) {
                String v = fs.read(level.resolve(file));
                if (v.isEmpty()) {
                    v = above != null ? above : fs.read(level.getParent().resolve(file));
                    fs.write(level.resolve(file), v);
                }
                above = v;
            }
        }
    }
}
