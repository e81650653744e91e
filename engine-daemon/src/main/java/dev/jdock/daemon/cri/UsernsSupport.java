package dev.jdock.daemon.cri;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether this host runs pods in user namespaces ({@code RuntimeHandlerFeatures.user_namespaces}, the kubelet's gate
 * for {@code hostUsers: false}): the runtime mounts the overlay over idmapped lower layers with
 * {@code fsconfig("lowerdir+")} (Linux 6.8) and idmaps tmpfs binds (the pod's /dev/shm, 6.3). The layers' and the
 * volumes' file systems must support idmapped mounts as well (ext4, xfs, btrfs, tmpfs do); where one does not, the
 * start fails with the kernel's error naming the path.
 */
public final class UsernsSupport {
    private static final boolean SUPPORTED = kernelAtLeast(System.getProperty("os.version", ""), 6, 8);

    private UsernsSupport() {
    }

    public static boolean supported() {
        return SUPPORTED;
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
