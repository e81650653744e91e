package dev.jdock.runtime.seccomp;

/** Docker/libseccomp action names → SECCOMP_RET_* values (linux/seccomp.h). */
public final class SeccompAction {
    public static final int RET_KILL_PROCESS = 0x80000000;
    public static final int RET_KILL_THREAD = 0x00000000;
    public static final int RET_TRAP = 0x00030000;
    public static final int RET_ERRNO = 0x00050000;
    public static final int RET_TRACE = 0x7ff00000;
    public static final int RET_LOG = 0x7ffc0000;
    public static final int RET_ALLOW = 0x7fff0000;
    public static final int RET_ACTION_FULL = 0xffff0000;
    public static final int RET_DATA = 0x0000ffff;
    private static final int EPERM = 1;

    private SeccompAction() {}

    /**
     * The filter return value for {@code action}; {@code errnoRet} is the errno for SCMP_ACT_ERRNO
     * (EPERM when null, as runc) and the message number for SCMP_ACT_TRACE.
     */
    public static int toRet(String action, Integer errnoRet) {
        int data = (errnoRet == null ? EPERM : errnoRet) & RET_DATA;
        switch (action) {
            case "SCMP_ACT_ALLOW":
                return RET_ALLOW;
            case "SCMP_ACT_ERRNO":
                return RET_ERRNO | data;
            case "SCMP_ACT_KILL":
            case "SCMP_ACT_KILL_THREAD":
                return RET_KILL_THREAD;
            case "SCMP_ACT_KILL_PROCESS":
                return RET_KILL_PROCESS;
            case "SCMP_ACT_TRAP":
                return RET_TRAP;
            case "SCMP_ACT_TRACE":
                return RET_TRACE | data;
            case "SCMP_ACT_LOG":
                return RET_LOG;
            default:
                throw new IllegalArgumentException("unsupported seccomp action: " + action);
        }
    }
}
