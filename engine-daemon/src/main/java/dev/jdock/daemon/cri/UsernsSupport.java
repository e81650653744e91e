package dev.jdock.daemon.cri;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether this host runs pods in user namespaces ({@code RuntimeHandlerFeatures.user_namespaces}, the kubelet's gate
 * for {@code hostUsers: false}): the runtime mounts the overlay over idmapped lower layers with
 * {@code fsconfig("lowerdir+")} (Linux 6.8) and idmaps tmpfs binds (the pod's /dev/shm, 6.3). The data root (the
 * layers) and the exec root (the sandbox's files) must be on file systems with idmapped mounts (ext4, xfs, btrfs,
 * tmpfs, f2fs: by {@code statfs}); a volume on one without fails its container's start with the kernel's error
 * naming the path.
 */
public final class UsernsSupport {
    private static final boolean SUPPORTED = kernelAtLeast(System.getProperty("os.version", ""), 6, 8);

    private UsernsSupport() {
    }

    /** ext4 (and ext2/3), xfs, btrfs, tmpfs, f2fs: the local file systems with idmapped mounts. */
    private static final java.util.Set<Long> IDMAP_FILESYSTEMS = java.util.Set.of(0xEF53L, 0x58465342L, 0x9123683EL,
            0x01021994L, 0xF2F52010L);

    /** The kernel alone (tests, and where the roots are not known). */
    public static boolean supported() {
        return SUPPORTED;
    }

    /** The kernel, and each of {@code roots} on a file system with idmapped mounts. */
    public static boolean supported(dev.jdock.runtime.syscall.Syscalls sys, java.nio.file.Path... roots) {
        if (!SUPPORTED) {
            return false;
        }
        for (java.nio.file.Path root : roots) {
            try {
                if (!IDMAP_FILESYSTEMS.contains(sys.statfsType(root))) {
                    return false;
                }
            } catch (RuntimeException e) {
                return false;
            }
        }
        return true;
    }

    static boolean idmapFilesystem(long statfsType) {
        return IDMAP_FILESYSTEMS.contains(statfsType);
    }

    static boolean kernelAtLeast(String release, int major, int minor) {
        Matcher m = Pattern.compile("^(\\d+)\\.(\\d+)").matcher(release);
        if (!m.find()) {
            return false;
        }
        int ma = Integer.parseInt(m.group(1));
        return ma > major || ma == major && Integer.parseInt(m.group(2)) >= minor;
    }
}
