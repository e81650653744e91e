package dev.jdock.runtime.cgroup;

import dev.jdock.runtime.syscall.Syscalls;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * cgroup v1 (and hybrid) manager: one directory {@code <mount>/jdock/<id>} per hierarchy we use, plus the
 * controller-less unified child on a hybrid host (for cgroup.kill and cgroup.events).
 */
public final class CgroupV1Manager implements CgroupManager {
    /** The v1 controllers a container is placed in (as Docker does). */
    public static final List<String> CONTROLLERS =
            List.of("cpu", "cpuacct", "cpuset", "memory", "pids", "freezer", "devices", "blkio");

    private final CgroupLayout layout;
    private final Syscalls sys;
    private final CgroupFs fs;
    private final Polling polling;

    public CgroupV1Manager(CgroupLayout layout, Syscalls sys, CgroupFs fs, Polling polling) {
        this.layout = layout;
        this.sys = sys;
        this.fs = fs;
        this.polling = polling;
    }

    @Override
    public CgroupMode mode() {
        return layout.mode();
    }

    @Override
    public CgroupHandle create(String containerId, Resources resources) {
        CgroupV1Handle handle = handleFor(containerId);
        for (Path mount : hierarchyMounts()) {
            Path parent = mount.resolve(PARENT);
            Path dir = parent.resolve(containerId);
            fs.mkdir(parent);
            fs.mkdir(dir);
            if (mount.equals(layout.v1Controllers().get("cpuset"))) {
                inheritCpuset(mount, dir);
            }
        }
        if (layout.unified() != null) {
            fs.mkdir(layout.unified().resolve(PARENT));
            fs.mkdir(handle.unifiedDir());
        }
        handle.update(resources);
        return handle;
    }

    @Override
    public Optional<CgroupHandle> find(String containerId) {
        CgroupV1Handle handle = handleFor(containerId);
        return handle.paths().stream().anyMatch(fs::exists) ? Optional.of(handle) : Optional.empty();
    }

    /** Distinct mount points of the controllers we use (co-mounted controllers share one). */
    List<Path> hierarchyMounts() {
        return CONTROLLERS.stream().map(layout.v1Controllers()::get)
                .filter(java.util.Objects::nonNull).distinct().toList();
    }

    private CgroupV1Handle handleFor(String containerId) {
        Map<String, Path> dirs = new LinkedHashMap<>();
        for (String c : CONTROLLERS) {
            Path mount = layout.v1Controllers().get(c);
            if (mount != null) {
                dirs.put(c, mount.resolve(PARENT).resolve(containerId));
            }
        }
        Path unified = layout.unified() == null ? null : layout.unified().resolve(PARENT).resolve(containerId);
        return new CgroupV1Handle(containerId, dirs, unified, sys, fs, polling);
    }

    /** cpuset.cpus/mems start empty in a new v1 cgroup: copy them down from the first ancestor that has them. */
    private void inheritCpuset(Path mount, Path dir) {
        if (dir.equals(mount) || !dir.startsWith(mount)) {
            return;
        }
        inheritCpuset(mount, dir.getParent());
        for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
            Path target = dir.resolve(file);
            if (fs.read(target).isEmpty()) {
                fs.write(target, fs.read(dir.getParent().resolve(file)));
            }
        }
    }
}
