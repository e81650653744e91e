package dev.jdock.runtime.cgroup;

import dev.jdock.runtime.syscall.Syscalls;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A container's v2 cgroup (see {@link CgroupV2Manager}). */
final class CgroupV2Handle implements CgroupHandle {
    private static final Logger LOG = LoggerFactory.getLogger(CgroupV2Handle.class);

    private final String id;
    private final Path dir;
    private final Syscalls sys;
    private final CgroupFs fs;
    private final Polling polling;

    CgroupV2Handle(String id, Path dir, Syscalls sys, CgroupFs fs, Polling polling) {
        this.id = id;
        this.dir = dir;
        this.sys = sys;
        this.fs = fs;
        this.polling = polling;
    }

    @Override
    public String containerId() {
        return id;
    }

    Path dir() {
        return dir;
    }

    @Override
    public List<Path> paths() {
        return List.of(dir);
    }

    @Override
    public List<Path> procsFiles() {
        return List.of(dir.resolve("cgroup.procs"));
    }

    @Override
    public void addProcess(int pid) {
        fs.write(dir.resolve("cgroup.procs"), Integer.toString(pid));
    }

    /** v2 has no devices files: the rules become an eBPF program on the cgroup; a fresh cgroup allows all. */
    @Override
    public void setDeviceRules(boolean allowAll, List<String> allow) {
        if (!allowAll) {
            sys.attachDeviceFilter(dir, DeviceFilter.compile(allow));
        }
    }

    @Override
    public void update(Resources r) {
        CgroupTranslator.v2(r).forEach((file, value) -> {
            Path path = dir.resolve(file);
            if (fs.exists(path)) {
                fs.write(path, value);
            } else {
                LOG.warn("cgroup file {} is not available (controller not enabled); {}={} discarded", path, file, value);
            }
        });
    }

    @Override
    public void freeze() {
        setFrozen(true);
    }

    @Override
    public void thaw() {
        setFrozen(false);
    }

    @Override
    public boolean frozen() {
        Path file = dir.resolve("cgroup.freeze");
        return fs.exists(file) && fs.read(file).equals("1");
    }

    private void setFrozen(boolean frozen) {
        fs.write(dir.resolve("cgroup.freeze"), frozen ? "1" : "0");
        String want = frozen ? "frozen 1" : "frozen 0";
        if (!polling.await(() -> events().contains(want))) {
            throw new CgroupException("timed out waiting for " + want + " in " + dir.resolve("cgroup.events"));
        }
    }

    private List<String> events() {
        return List.of(fs.read(dir.resolve("cgroup.events")).split("\n"));
    }

    @Override
    public List<Integer> pids() {
        return CgroupProcs.read(fs, procsFiles());
    }

    @Override
    public CgroupStats stats() {
        return new CgroupStats(CgroupProcs.readLong(fs, dir.resolve("memory.current")),
                CgroupProcs.readLong(fs, dir.resolve("memory.max")),
                CgroupProcs.readLong(fs, dir.resolve("pids.current")));
    }

    @Override
    public CgroupMetrics metrics() {
        return new CgroupMetricsReader(fs).v2(dir);
    }

    @Override
    public CgroupPressure pressure() {
        return new CgroupMetricsReader(fs).pressureV2(dir);
    }

    @Override
    public void destroy() {
        if (!fs.exists(dir)) {
            return;
        }
        if (fs.exists(dir.resolve("cgroup.kill"))) {
            fs.write(dir.resolve("cgroup.kill"), "1");
        } else {
            CgroupProcs.killAll(sys, pids());
        }
        CgroupProcs.awaitEmptyAndRemove(fs, polling, procsFiles(), List.of(dir));
    }
}
