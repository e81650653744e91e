package dev.jdock.runtime.cgroup;

import dev.jdock.runtime.syscall.Syscalls;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Creates and finds container cgroups: {@code <parent>/<id>} in each hierarchy ({@link CgroupParent}), by default
 * {@code <hierarchy>/jdock/<id>}. Choose one with {@link #forHost}.
 */
public interface CgroupManager {
    /** The default parent cgroup's name under each hierarchy root. */
    String PARENT = "jdock";
    /** The systemd driver's scopes are {@code <SCOPE_PREFIX>-<id>.scope} (dockerd's {@code docker-<id>.scope}). */
    String SCOPE_PREFIX = "jdock";

    /**
     * Creates the container's cgroups under {@code parent} (and the parent's missing directories, which stay when
     * the container's cgroup is destroyed, as with dockerd) and applies {@code resources} (validate them first with
     * {@link Resources#validate}). Idempotent for an existing id.
     */
    CgroupHandle create(String containerId, CgroupParent parent, Resources resources);

    /** {@link #create(String, CgroupParent, Resources)} under {@link CgroupParent#DEFAULT}. */
    default CgroupHandle create(String containerId, Resources resources) {
        return create(containerId, CgroupParent.DEFAULT, resources);
    }

    /** The cgroups of a container created earlier under {@code parent} (e.g. by a daemon before a restart). */
    Optional<CgroupHandle> find(String containerId, CgroupParent parent);

    /** {@link #find(String, CgroupParent)} under {@link CgroupParent#DEFAULT}. */
    default Optional<CgroupHandle> find(String containerId) {
        return find(containerId, CgroupParent.DEFAULT);
    }

    /**
     * Swap and PSI of the cgroup {@code parent} names, itself (not a container's below it): a Kubernetes pod's own
     * cgroup, which the kubelet makes and the pod's containers are placed under. Empty when that cgroup does not exist
     * or is a hierarchy's root (the parent of nothing of its own). PSI is where the kernel keeps it: the v2 directory,
     * or the unified one on a hybrid host.
     */
    Optional<CgroupPressure> pressureOf(CgroupParent parent);

    CgroupMode mode();

    /** The daemon's own cgroups, where a relative parent without a {@link CgroupParent#base} starts. */
    default OwnCgroups own() {
        return OwnCgroups.ROOT;
    }

    /** "cgroupfs", as Docker's /info CgroupDriver. */
    default String driver() {
        return "cgroupfs";
    }

    /** "1" or "2", as Docker's /info CgroupVersion. */
    default String version() {
        return mode().version();
    }

    /**
     * Detects the host's layout (statfs on /sys/fs/cgroup, /proc/self/mountinfo) and returns the matching manager;
     * relative parents start at the daemon's own cgroups ({@code /proc/self/cgroup}).
     */
    static CgroupManager forHost(Syscalls sys) {
        CgroupLayout layout = CgroupLayout.detect(sys, Path.of("/sys/fs/cgroup"), Path.of("/proc/self/mountinfo"));
        return forLayout(layout, sys, CgroupFs.REAL, OwnCgroups.read(Path.of("/proc/self/cgroup")));
    }

    static CgroupManager forLayout(CgroupLayout layout, Syscalls sys, CgroupFs fs) {
        return forLayout(layout, sys, fs, OwnCgroups.ROOT);
    }

    static CgroupManager forLayout(CgroupLayout layout, Syscalls sys, CgroupFs fs, OwnCgroups own) {
        return layout.mode() == CgroupMode.V2
                ? new CgroupV2Manager(layout.unified(), sys, fs, Polling.DEFAULT, own)
                : new CgroupV1Manager(layout, sys, fs, Polling.DEFAULT, own);
    }
}
