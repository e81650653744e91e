package dev.jdock.daemon.network;

import dev.jdock.daemon.errors.EngineException;

/** An IPv6 prefix such as fd00:1::/64: its base address (host bits cleared) and prefix length. */
public record Subnet6(Ip6 base, int prefix) {

    public Subnet6 {
        if (prefix < 0 || prefix > 128) {
            throw new IllegalArgumentException("invalid prefix length " + prefix); // a bug: parse checks requests
        }
        base = new Ip6(base.hi() & mask(prefix), base.lo() & mask(prefix - 64));
    }

    /** A client's CIDR: malformed is a 400 with the text of the part that is wrong (as {@link Subnet#parse}). */
    public static Subnet6 parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw EngineException.invalid("invalid CIDR address: " + cidr);
        }
        Ip6 base = Ip6.tryParse(cidr.substring(0, slash)).orElseThrow(
                () -> EngineException.invalid("invalid CIDR address: " + cidr));
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw EngineException.invalid("invalid CIDR address: " + cidr);
        }
        if (prefix < 0 || prefix > 128) {
            throw EngineException.invalid("invalid CIDR address: " + cidr);
        }
        return new Subnet6(base, prefix);
    }

    /** The mask of one 64-bit half whose first {@code bits} bits are the network's (all for 64 and more). */
    private static long mask(int bits) {
        return bits <= 0 ? 0 : bits >= 64 ? -1L : -1L << (64 - bits);
    }

    public boolean contains(Ip6 a) {
        return (a.hi() & mask(prefix)) == base.hi() && (a.lo() & mask(prefix - 64)) == base.lo();
    }

    public boolean overlaps(Subnet6 o) {
        return contains(o.base) || o.contains(base);
    }

    /** The last address of the prefix. */
    public Ip6 last() {
        return new Ip6(base.hi() | ~mask(prefix), base.lo() | ~mask(prefix - 64));
    }

    @Override
    public String toString() {
        return base + "/" + prefix;
    }
}
