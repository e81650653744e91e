package dev.jdock.daemon.network;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
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

    /**
     * The first free /64 of {@code base} (65,536 of them), or empty when every one is taken: from the intervals of
     * /64s the taken subnets cover, sorted (O(n log n) in the networks, never a walk of the 65,536: a client's subnet
     * covering the whole /48 made each create cost 65,536 times the number of networks, under the network lock).
     */
    static Optional<Subnet6> pick(Subnet6 base, Collection<Subnet6> taken) {
        long count = 1L << (SIZE - base.prefix()); // base is a /48: its /64s are the low 16 bits of the high half
        List<long[]> blocked = new ArrayList<>();
        for (Subnet6 t : taken) {
            if (!t.overlaps(base)) {
                continue;
            }
            if (t.prefix() <= base.prefix()) {
                return Optional.empty(); // it covers all of base
            }
            long from = t.base().hi() & (count - 1);
            blocked.add(new long[] {from, from + (t.prefix() >= SIZE ? 1 : 1L << (SIZE - t.prefix()))});
        }
        blocked.sort(Comparator.comparingLong(b -> b[0]));
        long free = 0;
        for (long[] b : blocked) {
            if (b[0] > free) {
                break;
            }
            free = Math.max(free, b[1]);
        }
        return free < count ? Optional.of(new Subnet6(new Ip6(base.base().hi() | free, 0), SIZE)) : Optional.empty();
    }
}
