package dev.jdock.runtime.cgroup;

import dev.jdock.runtime.syscall.Syscalls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A container's v1 cgroups (see {@link CgroupV1Manager}). */
final class CgroupV1Handle implements CgroupHandle {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CgroupV1Handle.class);

    private final String id;
    private final Map<String, Path> dirs;
    private final Path unifiedDir;
    private final Syscalls sys;
    private final CgroupFs fs;
    private final Polling polling;

    CgroupV1Handle(String id, Map<String, Path> dirs, Path unifiedDir, Syscalls sys, CgroupFs fs, Polling polling) {
        this.id = id;
        this.dirs = Map.copyOf(dirs);
        this.unifiedDir = unifiedDir;
        this.sys = sys;
        this.fs = fs;
        this.polling = polling;
    }

    @Override
    public String containerId() {
        return id;
    }

    Path unifiedDir() {
        return unifiedDir;
    }

    @Override
    public List<Path> paths() {
        List<Path> out = new ArrayList<>();
        for (String c : CgroupV1Manager.CONTROLLERS) {
            Path p = dirs.get(c);
            if (p != null && !out.contains(p)) {
                out.add(p);
            }
        }
        if (unifiedDir != null) {
            out.add(unifiedDir);
        }
        return out;
    }

    @Override
    public List<Path> procsFiles() {
        return paths().stream().map(p -> p.resolve("cgroup.procs")).toList();
    }

    @Override
    public void addProcess(int pid) {
        for (Path procs : procsFiles()) {
            fs.write(procs, Integer.toString(pid));
        }
    }

    @Override
    public void setDeviceRules(boolean allowAll, List<String> allow) {
        Path dir = dirs.get("devices");
        if (dir == null) {
            return;
        }
        if (allowAll) {
            fs.write(dir.resolve("devices.allow"), "a");
            return;
        }
        fs.write(dir.resolve("devices.deny"), "a");
        fs.writeEach(dir.resolve("devices.allow"), allow);
        // hybrid hosts: the same rules as an eBPF program on the unified child too (the kernel checks both); the
        // v1 controller above is the one that counts, so a kernel refusing the program costs only a warning
        if (unifiedDir != null && fs.exists(unifiedDir)) {
            try {
                sys.attachDeviceFilter(unifiedDir, DeviceFilter.compile(allow));
            } catch (RuntimeException e) {
                LOG.warn("device filter on {}: {}", unifiedDir, e.getMessage());
            }
        }
    }

    @Override
    public void update(Resources r) {
        Path memory = dirs.get("memory");
        boolean swapAccounting = memory != null && fs.exists(memory.resolve("memory.memsw.limit_in_bytes"));
        CgroupTranslator.v1(r, swapAccounting).forEach((controller, files) -> {
            Path dir = dirs.get(controller);
            if (dir == null) {
                return; // controller not mounted on this host: Docker warns and discards the limit
            }
            if (controller.equals("memory")) {
                writeMemory(dir, files);
            } else if (controller.equals("blkio")) {
                writeBlkio(dir, files.get("blkio.weight"));
            } else {
                files.forEach((file, value) -> fs.write(dir.resolve(file), value));
            }
        });
    }

    /** memory.limit_in_bytes can't exceed memsw and vice versa: if the limit fails, raise memsw first and retry. */
    private void writeMemory(Path dir, Map<String, String> files) {
        String limit = files.get("memory.limit_in_bytes");
        String memsw = files.get("memory.memsw.limit_in_bytes");
        if (limit != null) {
            try {
                fs.write(dir.resolve("memory.limit_in_bytes"), limit);
            } catch (CgroupException e) {
                if (memsw == null) {
                    throw e;
                }
                fs.write(dir.resolve("memory.memsw.limit_in_bytes"), memsw);
                fs.write(dir.resolve("memory.limit_in_bytes"), limit);
            }
        }
        if (memsw != null) {
            fs.write(dir.resolve("memory.memsw.limit_in_bytes"), memsw);
        }
        String soft = files.get("memory.soft_limit_in_bytes");
        if (soft != null) {
            fs.write(dir.resolve("memory.soft_limit_in_bytes"), soft);
        }
    }

    private void writeBlkio(Path dir, String weight) {
        for (String file : List.of("blkio.weight", "blkio.bfq.weight")) {
            if (fs.exists(dir.resolve(file))) {
                fs.write(dir.resolve(file), weight);
                return;
            }
        }
    }

    @Override
    public void freeze() {
        setFreezer("FROZEN");
    }

    @Override
    public void thaw() {
        setFreezer("THAWED");
    }

    @Override
    public boolean frozen() {
        Path dir = dirs.get("freezer");
        if (dir == null || !fs.exists(dir.resolve("freezer.state"))) {
            return false;
        }
        return !fs.read(dir.resolve("freezer.state")).equals("THAWED");
    }

    private void setFreezer(String state) {
        Path dir = dirs.get("freezer");
        if (dir == null) {
            throw new CgroupException("the freezer cgroup controller is not mounted");
        }
        Path file = dir.resolve("freezer.state");
        fs.write(file, state);
        if (!polling.await(() -> fs.read(file).equals(state))) {
            if (state.equals("FROZEN")) {
                fs.write(file, "THAWED");
            }
            throw new CgroupException("timed out setting " + file + " to " + state + " (now " + fs.read(file) + ")");
        }
    }

    @Override
    public List<Integer> pids() {
        return CgroupProcs.read(fs, procsFiles());
    }

    @Override
    public CgroupStats stats() {
        Path memory = dirs.get("memory");
        Path pids = dirs.get("pids");
        return new CgroupStats(
                memory == null ? -1 : CgroupProcs.readLong(fs, memory.resolve("memory.usage_in_bytes")),
                memory == null ? -1 : CgroupProcs.readLong(fs, memory.resolve("memory.limit_in_bytes")),
                pids == null ? -1 : CgroupProcs.readLong(fs, pids.resolve("pids.current")));
    }

    @Override
    public CgroupMetrics metrics() {
        return new CgroupMetricsReader(fs).v1(dirs);
    }

    @Override
    public CgroupPressure pressure() {
        return new CgroupMetricsReader(fs).pressureV1(dirs, unifiedDir);
    }

    @Override
    public void destroy() {
        List<Path> existing = paths().stream().filter(fs::exists).toList();
        if (existing.isEmpty()) {
            return;
        }
        List<Path> procs = existing.stream().map(p -> p.resolve("cgroup.procs")).toList();
        if (unifiedDir != null && fs.exists(unifiedDir.resolve("cgroup.kill"))) {
            fs.write(unifiedDir.resolve("cgroup.kill"), "1");
        } else if (!CgroupProcs.read(fs, procs).isEmpty()) {
            killFrozen(procs);
        }
        CgroupProcs.awaitEmptyAndRemove(fs, polling, procs, existing);
    }

    /** Freeze first so nothing forks between reading the pids and killing them (as runc does), then thaw. */
    private void killFrozen(List<Path> procs) {
        boolean frozen = false;
        if (dirs.containsKey("freezer") && fs.exists(dirs.get("freezer"))) {
            try {
                freeze();
                frozen = true;
            } catch (CgroupException e) {
                // best effort: kill without freezing
            }
        }
        CgroupProcs.killAll(sys, CgroupProcs.read(fs, procs));
        if (frozen) {
            fs.write(dirs.get("freezer").resolve("freezer.state"), "THAWED");
        }
    }
}
