package dev.jdock.runtime.cgroup;

import dev.jdock.runtime.syscall.Syscalls;
import java.nio.file.Path;
import java.util.Optional;

/** Creates and finds container cgroups under {@code <hierarchy>/jdock/<id>}. Choose one with {@link #forHost}. */
public interface CgroupManager {
    /** The parent cgroup name under each hierarchy root. */
    String PARENT = "jdock";

    /**
     * Creates the container's cgroups and applies {@code resources} (validate them first with
     * {@link Resources#validate}). Idempotent for an existing id.
     */
    CgroupHandle create(String containerId, Resources resources);

    /** The cgroups of a container created earlier (e.g. by a daemon before a restart). */
    Optional<CgroupHandle> find(String containerId);

    CgroupMode mode();

    /** "cgroupfs", as Docker's /info CgroupDriver. */
    default String driver() {
        return "cgroupfs";
    }

    /** "1" or "2", as Docker's /info CgroupVersion. */
    default String version() {
        return mode().version();
    }

    /** Detects the host's layout (statfs on /sys/fs/cgroup, /proc/self/mountinfo) and returns the matching manager. */
    static CgroupManager forHost(Syscalls sys) {
        CgroupLayout layout = CgroupLayout.detect(sys, Path.of("/sys/fs/cgroup"), Path.of("/proc/self/mountinfo"));
        return forLayout(layout, sys, CgroupFs.REAL);
    }

    static CgroupManager forLayout(CgroupLayout layout, Syscalls sys, CgroupFs fs) {
        return layout.mode() == CgroupMode.V2
                ? new CgroupV2Manager(layout.unified(), sys, fs, Polling.DEFAULT)
                : new CgroupV1Manager(layout, sys, fs, Polling.DEFAULT);
    }
}
