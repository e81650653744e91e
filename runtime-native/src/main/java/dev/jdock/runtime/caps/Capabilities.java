package dev.jdock.runtime.caps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Capability masks (bit n = capability number n) and Docker's rules for computing a container's set
 * (moby {@code oci/caps}: DefaultCapabilities, NormalizeLegacyCapabilities, TweakCapabilities).
 */
public final class Capabilities {
    /** Every capability this enum knows (bits 0..40). */
    public static final long ALL_KNOWN = (1L << (Capability.LAST + 1)) - 1;

    private static final String ALL = "ALL";

    private Capabilities() {}

    /** Docker's default capability set (14 capabilities). */
    public static long dockerDefault() {
        return of(Capability.CHOWN, Capability.DAC_OVERRIDE, Capability.FSETID, Capability.FOWNER,
                Capability.MKNOD, Capability.NET_RAW, Capability.SETGID, Capability.SETUID, Capability.SETFCAP,
                Capability.SETPCAP, Capability.NET_BIND_SERVICE, Capability.SYS_CHROOT, Capability.KILL,
                Capability.AUDIT_WRITE);
    }

    public static long of(Capability... caps) {
        long mask = 0;
        for (Capability c : caps) {
            mask |= c.mask();
        }
        return mask;
    }

    public static boolean has(long mask, Capability cap) {
        return (mask & cap.mask()) != 0;
    }

    /**
     * The container's capability mask, following moby's TweakCapabilities on Docker's default set:
     * privileged gets all; with ALL in capAdd, all minus capDrop; with ALL in capDrop, only capAdd; otherwise
     * default minus capDrop plus capAdd (so a cap both dropped and added is kept). The result is intersected with
     * {@code hostBounding} so caps the host lacks (here CAP_SYS_RESOURCE) are silently left out.
     *
     * @throws IllegalArgumentException {@code unknown capability: "CAP_FOO"} for an unknown name
     */
    public static long compute(List<String> capAdd, List<String> capDrop, boolean privileged, long hostBounding) {
        List<String> adds = capAdd == null ? List.of() : capAdd;
        List<String> drops = capDrop == null ? List.of() : capDrop;
        long result;
        if (privileged) {
            result = ALL_KNOWN;
        } else if (adds.isEmpty() && drops.isEmpty()) {
            result = dockerDefault();
        } else {
            Normalized drop = normalize(drops);
            Normalized add = normalize(adds);
            if (add.all()) {
                result = ALL_KNOWN & ~drop.mask();
            } else if (drop.all()) {
                result = add.mask();
            } else {
                result = (dockerDefault() & ~drop.mask()) | add.mask();
            }
        }
        return result & hostBounding;
    }

    private record Normalized(boolean all, long mask) {}

    private static Normalized normalize(List<String> names) {
        boolean all = false;
        long mask = 0;
        for (String raw : names) {
            String n = raw.toUpperCase(Locale.ROOT);
            if (n.equals(ALL)) {
                all = true;
                continue;
            }
            if (!n.startsWith("CAP_")) {
                n = "CAP_" + n;
            }
            String quoted = "\"" + n + "\"";
            mask |= Capability.parse(n)
                    .orElseThrow(() -> new IllegalArgumentException("unknown capability: " + quoted))
                    .mask();
        }
        return new Normalized(all, mask);
    }

    /** The names ({@code CAP_...}) of the capabilities in {@code mask}, by number. */
    public static List<String> names(long mask) {
        List<String> out = new ArrayList<>();
        for (Capability c : Capability.values()) {
            if (has(mask, c)) {
                out.add(c.capName());
            }
        }
        return out;
    }

    /** This process's bounding set (CapBnd in /proc/self/status). */
    public static long hostBoundingSet() {
        return boundingSetFrom(Path.of("/proc/self/status"));
    }

    /** CapBnd parsed from a /proc/PID/status file. */
    public static long boundingSetFrom(Path statusFile) {
        try {
            for (String line : Files.readAllLines(statusFile)) {
                if (line.startsWith("CapBnd:")) {
                    return Long.parseUnsignedLong(line.substring(7).trim(), 16);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no CapBnd line in " + statusFile);
    }
}
