package dev.jdock.daemon.network;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Optional;

/**
 * The default IPv6 pool of an IPv6 network created without an IPv6 subnet (moby 27+): a ULA /48 whose 40-bit global
 * ID is derived from the engine's ID (RFC 4193 §3.2.2, loosely, as moby's deriveULABaseNetwork), so it stays the same
 * across restarts, cut into /64s; the first /64 that overlaps no other network's IPv6 subnet. Pure.
 */
final class UlaPool {
    static final int SIZE = 64;

    private UlaPool() {
    }

    /**
     * {@code fdXX:XXXX:XXXX::/48}: fd, then bytes 3 to 7 of SHA-256(engine ID) (the low 40 bits of its first 8 bytes,
     * as moby's ipamutils.DeriveULABaseNetwork: "" gives fd42:98fc:1c14::/48).
     */
    static Subnet6 base(String engineId) {
        byte[] h;
        try {
            h = MessageDigest.getInstance("SHA-256").digest(engineId.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long hi = 0xfdL;
        for (int i = 3; i < 8; i++) {
            hi = (hi << 8) | (h[i] & 0xff);
        }
        return new Subnet6(new Ip6(hi << 16, 0), 48);
    }

    /** The first free /64 of {@code base} (65,536 of them), or empty when every one is taken. */
    static Optional<Subnet6> pick(Subnet6 base, Collection<Subnet6> taken) {
        for (long i = 0; i < 1L << (SIZE - base.prefix()); i++) {
            Subnet6 s = new Subnet6(new Ip6(base.base().hi() | i, 0), SIZE);
            if (taken.stream().noneMatch(t -> t.overlaps(s))) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
