package dev.jdock.runtime.caps;

/**
 * The five capability sets the C init applies before execve, as 64-bit masks.
 * Follows moby {@code oci.SetCapabilities}: uid 0 gets the mask in bounding, effective and permitted; a non-root
 * user gets only the bounding set (effective/permitted empty, "to match what execve does"). Inheritable and
 * ambient are always empty (since CVE-2022-24769).
 */
public record CapabilitySetsPlan(long bounding, long effective, long permitted, long inheritable, long ambient) {

    public static CapabilitySetsPlan forUser(long mask, boolean rootUser) {
        return rootUser
                ? new CapabilitySetsPlan(mask, mask, mask, 0, 0)
                : new CapabilitySetsPlan(mask, 0, 0, 0, 0);
    }
}
