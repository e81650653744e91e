package dev.jdock.runtime.caps;

import java.util.Locale;
import java.util.Optional;

/** Linux capabilities with their kernel numbers (linux/capability.h), CAP_CHOWN=0 ... CAP_CHECKPOINT_RESTORE=40. */
public enum Capability {
    CHOWN(0), DAC_OVERRIDE(1), DAC_READ_SEARCH(2), FOWNER(3), FSETID(4), KILL(5), SETGID(6), SETUID(7),
    SETPCAP(8), LINUX_IMMUTABLE(9), NET_BIND_SERVICE(10), NET_BROADCAST(11), NET_ADMIN(12), NET_RAW(13),
    IPC_LOCK(14), IPC_OWNER(15), SYS_MODULE(16), SYS_RAWIO(17), SYS_CHROOT(18), SYS_PTRACE(19), SYS_PACCT(20),
    SYS_ADMIN(21), SYS_BOOT(22), SYS_NICE(23), SYS_RESOURCE(24), SYS_TIME(25), SYS_TTY_CONFIG(26), MKNOD(27),
    LEASE(28), AUDIT_WRITE(29), AUDIT_CONTROL(30), SETFCAP(31), MAC_OVERRIDE(32), MAC_ADMIN(33), SYSLOG(34),
    WAKE_ALARM(35), BLOCK_SUSPEND(36), AUDIT_READ(37), PERFMON(38), BPF(39), CHECKPOINT_RESTORE(40);

    /** The highest capability number this enum knows. */
    public static final int LAST = 40;

    private final int number;

    Capability(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** The bit of this capability in a 64-bit mask. */
    public long mask() {
        return 1L << number;
    }

    /** The kernel name, e.g. {@code CAP_SYS_ADMIN}. */
    public String capName() {
        return "CAP_" + name();
    }

    /** Parses {@code CAP_SYS_ADMIN}, {@code sys_admin}, {@code Cap_Sys_Admin}...; empty when unknown. Not "ALL". */
    public static Optional<Capability> parse(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        if (n.startsWith("CAP_")) {
            n = n.substring(4);
        }
        try {
            return Optional.of(valueOf(n));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static Optional<Capability> ofNumber(int number) {
        Capability[] all = values();
        return number >= 0 && number < all.length ? Optional.of(all[number]) : Optional.empty();
    }
}
