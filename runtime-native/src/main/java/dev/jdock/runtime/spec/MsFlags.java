package dev.jdock.runtime.spec;

import java.util.Set;

/** mount(2) flag bits as used in {@link MountSpec#flags()}. */
public final class MsFlags {
    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_REMOUNT = 32;
    public static final long MS_NOATIME = 1024;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 16384;
    public static final long MS_UNBINDABLE = 1 << 17;
    public static final long MS_PRIVATE = 1 << 18;
    public static final long MS_SLAVE = 1 << 19;
    public static final long MS_SHARED = 1 << 20;
    public static final long MS_RELATIME = 1 << 21;
    public static final long MS_STRICTATIME = 1 << 24;

    /** Docker's bind propagation mode names, as {@link #propagation} maps them. */
    public static final Set<String> PROPAGATION_MODES =
            Set.of("shared", "slave", "private", "rshared", "rslave", "rprivate");

    /**
     * Not a kernel flag: on a read-only recursive bind, the init also makes every mount below it read-only
     * ({@code mount_setattr} with {@code AT_RECURSIVE}, Linux 5.12; the init strips the bit before {@code mount}).
     */
    public static final long JD_RECURSIVE_RDONLY = 1L << 40;

    /**
     * With {@link #JD_RECURSIVE_RDONLY}: where the kernel refuses (no {@code mount_setattr}, or a seccomp filter
     * blocks it), the submounts are left as they are instead of failing the start (a read-only bind's default).
     */
    public static final long JD_RECURSIVE_RDONLY_TRY = 1L << 41;

    /** The bits a propagation change may carry ({@link MountSpec#propagation()}). */
    public static final long PROPAGATION = MS_SHARED | MS_SLAVE | MS_PRIVATE | MS_UNBINDABLE | MS_REC;

    private MsFlags() {
    }

    /** Whether this kernel can make a mount tree read-only ({@code mount_setattr}: Linux 5.12 and newer). */
    public static boolean recursiveReadOnlySupported() {
        return RECURSIVE_READ_ONLY;
    }

    private static final boolean RECURSIVE_READ_ONLY = kernelAtLeast(System.getProperty("os.version", ""), 5, 12);

    /** {@code release} (uname -r, e.g. {@code 6.1.0-13-amd64}) is at least {@code major.minor}. */
    static boolean kernelAtLeast(String release, int major, int minor) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(release);
        if (!m.find()) {
            return false;
        }
        int ma = Integer.parseInt(m.group(1));
        return ma > major || ma == major && Integer.parseInt(m.group(2)) >= minor;
    }

    /**
     * Docker's bind propagation modes: {@code shared, slave, private} and their recursive {@code r} forms; empty
     * is Docker's default, {@code rprivate}.
     */
    public static long propagation(String mode) {
        return switch (mode == null ? "" : mode) {
            case "shared" -> MS_SHARED;
            case "rshared" -> MS_SHARED | MS_REC;
            case "slave" -> MS_SLAVE;
            case "rslave" -> MS_SLAVE | MS_REC;
            case "private" -> MS_PRIVATE;
            case "", "rprivate" -> MS_PRIVATE | MS_REC;
            default -> throw new IllegalArgumentException("invalid propagation mode: " + mode);
        };
    }
}
