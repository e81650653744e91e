package dev.jdock.runtime.cgroup;

import dev.jdock.runtime.syscall.Syscalls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * cgroup v2 manager: {@code <root>/<parent>/<id>} (by default {@code <root>/jdock/<id>}), with controllers delegated
 * down through subtree_control of every directory on the way. A relative parent starts at the parent of the daemon's
 * own cgroup (which holds the daemon, so it cannot delegate controllers), as runc's.
 */
public final class CgroupV2Manager implements CgroupManager {
    /** Controllers we enable for containers, as far as the host offers them. */
    public static final List<String> CONTROLLERS = List.of("cpu", "memory", "pids", "io", "cpuset");

    private final Path root;
    private final Syscalls sys;
    private final CgroupFs fs;
    private final Polling polling;
    private final OwnCgroups own;

    public CgroupV2Manager(Path root, Syscalls sys, CgroupFs fs, Polling polling) {
        this(root, sys, fs, polling, OwnCgroups.ROOT);
    }

    public CgroupV2Manager(Path root, Syscalls sys, CgroupFs fs, Polling polling, OwnCgroups own) {
        this.root = root;
        this.sys = sys;
        this.fs = fs;
        this.polling = polling;
        this.own = own;
    }

    @Override
    public CgroupMode mode() {
        return CgroupMode.V2;
    }

    @Override
    public OwnCgroups own() {
        return own;
    }

    @Override
    public CgroupHandle create(String containerId, CgroupParent parent, Resources resources) {
        List<String> names = names(parent, containerId);
        enableControllers(root);
        for (int i = 1; i < names.size(); i++) {
            enableControllers(fs.mkdirs(root, names.subList(0, i)));
        }
        fs.mkdirs(root, names);
        CgroupV2Handle handle = handleFor(containerId, parent);
        handle.update(resources);
        return handle;
    }

    @Override
    public Optional<CgroupHandle> find(String containerId, CgroupParent parent) {
        CgroupV2Handle handle = handleFor(containerId, parent);
        return fs.exists(handle.dir()) ? Optional.of(handle) : Optional.empty();
    }

    @Override
    public Optional<CgroupPressure> pressureOf(CgroupParent parent) {
        List<String> names = names(parent, "");
        Path dir = CgroupV1Manager.resolve(root, names.subList(0, names.size() - 1));
        return dir.equals(root) || !fs.exists(dir) ? Optional.empty()
                : Optional.of(new CgroupMetricsReader(fs).pressureV2(dir));
    }

    private CgroupV2Handle handleFor(String containerId, CgroupParent parent) {
        return new CgroupV2Handle(containerId, CgroupV1Manager.resolve(root, names(parent, containerId)), sys, fs,
                polling);
    }

    /** The names from the root to the container's cgroup. */
    private List<String> names(CgroupParent parent, String containerId) {
        String mine = (parent.base() != null ? parent.base() : own).of("");
        int cut = mine.lastIndexOf('/');
        List<String> names = new ArrayList<>(parent.from(cut <= 0 ? "/" : mine.substring(0, cut)));
        names.add(containerId);
        return names;
    }

    /** Writes {@code +c} to {@code dir}/cgroup.subtree_control for each wanted controller available and not yet on. */
    void enableControllers(Path dir) {
        Set<String> available = Set.of(fs.read(dir.resolve("cgroup.controllers")).split("\\s+"));
        Set<String> enabled = Set.of(fs.read(dir.resolve("cgroup.subtree_control")).split("\\s+"));
        List<String> add = new ArrayList<>();
        for (String c : CONTROLLERS) {
            if (available.contains(c) && !enabled.contains(c)) {
                add.add("+" + c);
            }
        }
        if (!add.isEmpty()) {
            fs.write(dir.resolve("cgroup.subtree_control"), String.join(" ", add));
        }
    }
}
