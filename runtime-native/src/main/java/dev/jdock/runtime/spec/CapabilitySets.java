package dev.jdock.runtime.spec;

/** The five capability sets as 64-bit masks (bit n = capability n). */
public record CapabilitySets(long bounding, long effective, long permitted, long inheritable, long ambient) {

    /** Docker's default capability set: CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP
     * NET_BIND_SERVICE NET_RAW SYS_CHROOT MKNOD AUDIT_WRITE SETFCAP. */
    public static final long DOCKER_DEFAULT = 0xa80425fbL;

    public CapabilitySets {
        if ((effective & ~permitted) != 0) {
            throw new IllegalArgumentException("effective capabilities must be a subset of permitted");
        }
        if ((ambient & ~(permitted & inheritable)) != 0) {
            throw new IllegalArgumentException("ambient capabilities must be permitted and inheritable");
        }
    }

    /** The same mask in bounding, effective and permitted (Docker's way for a non-root or root user alike). */
    public static CapabilitySets of(long mask) {
        return new CapabilitySets(mask, mask, mask, 0, 0);
    }
}
