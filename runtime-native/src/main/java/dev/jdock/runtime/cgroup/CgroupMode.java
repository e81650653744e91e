package dev.jdock.runtime.cgroup;

import dev.jdock.runtime.syscall.SyscallException;
import dev.jdock.runtime.syscall.Syscalls;
import java.nio.file.Files;
import java.nio.file.Path;

/** How cgroups are mounted on the host. */
public enum CgroupMode {
    /** Only v1 hierarchies (tmpfs at the root). */
    V1,
    /** v1 hierarchies plus a controller-less cgroup2 at {@code <root>/unified}. */
    HYBRID,
    /** Unified cgroup2 at the root. */
    V2;

    public static final long CGROUP2_SUPER_MAGIC = 0x63677270L;
    public static final long CGROUP_SUPER_MAGIC = 0x27e0ebL;
    public static final long TMPFS_MAGIC = 0x01021994L;

    /** Detects the mode with statfs(2) on {@code cgroupRoot} (normally /sys/fs/cgroup) and its {@code unified} child. */
    public static CgroupMode detect(Syscalls sys, Path cgroupRoot) {
        long type = sys.statfsType(cgroupRoot);
        if (type == CGROUP2_SUPER_MAGIC) {
            return V2;
        }
        if (type != TMPFS_MAGIC) {
            throw new CgroupException("unexpected filesystem at " + cgroupRoot + ": 0x" + Long.toHexString(type));
        }
        Path unified = cgroupRoot.resolve("unified");
        if (Files.isDirectory(unified)) {
            try {
                if (sys.statfsType(unified) == CGROUP2_SUPER_MAGIC) {
                    return HYBRID;
                }
            } catch (SyscallException e) {
                return V1;
            }
        }
        return V1;
    }

    /** Detects the mode from /proc/self/mountinfo text alone (the filesystem types mounted at the root). */
    public static CgroupMode fromMountinfo(String mountinfo, Path cgroupRoot) {
        String rootType = null;
        String unifiedType = null;
        for (CgroupLayout.MountEntry m : CgroupLayout.parseMountinfo(mountinfo)) {
            if (m.mountPoint().equals(cgroupRoot)) {
                rootType = m.fsType();
            } else if (m.mountPoint().equals(cgroupRoot.resolve("unified"))) {
                unifiedType = m.fsType();
            }
        }
        if ("cgroup2".equals(rootType)) {
            return V2;
        }
        return "cgroup2".equals(unifiedType) ? HYBRID : V1;
    }

    public String version() {
        return this == V2 ? "2" : "1";
    }
}
