package dev.jdock.runtime.cgroup;

import dev.jdock.runtime.syscall.Syscalls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** cgroup v2 manager: {@code <root>/jdock/<id>}, with controllers delegated down through subtree_control. */
public final class CgroupV2Manager implements CgroupManager {
    /** Controllers we enable for containers, as far as the host offers them. */
    public static final List<String> CONTROLLERS = List.of("cpu", "memory", "pids", "io", "cpuset");

    private final Path root;
    private final Syscalls sys;
    private final CgroupFs fs;
    private final Polling polling;

    public CgroupV2Manager(Path root, Syscalls sys, CgroupFs fs, Polling polling) {
        this.root = root;
        this.sys = sys;
        this.fs = fs;
        this.polling = polling;
    }

    @Override
    public CgroupMode mode() {
        return CgroupMode.V2;
    }

    @Override
    public CgroupHandle create(String containerId, Resources resources) {
        Path parent = root.resolve(PARENT);
        enableControllers(root);
        fs.mkdir(parent);
        enableControllers(parent);
        CgroupV2Handle handle = handleFor(containerId);
        fs.mkdir(handle.dir());
        handle.update(resources);
        return handle;
    }

    @Override
    public Optional<CgroupHandle> find(String containerId) {
        CgroupV2Handle handle = handleFor(containerId);
        return fs.exists(handle.dir()) ? Optional.of(handle) : Optional.empty();
    }

    private CgroupV2Handle handleFor(String containerId) {
        return new CgroupV2Handle(containerId, root.resolve(PARENT).resolve(containerId), sys, fs, polling);
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
