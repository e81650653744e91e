package dev.jdock.daemon.network;

import dev.jdock.daemon.errors.EngineException;

/** An IPv4 prefix such as 172.17.0.0/16; addresses are unsigned 32-bit values held in ints. */
public record Subnet(int base, int prefix) {

    public Subnet {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("invalid prefix length " + prefix); // a bug: parse checks requests
        }
        base = base & mask(prefix);
    }

    /** A client's CIDR (subnet, ip-range): malformed is a 400 with the text of the part that is wrong. */
    public static Subnet parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw EngineException.invalid("invalid CIDR address: " + cidr);
        }
        int base = Ipv4.parse(cidr.substring(0, slash));
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw EngineException.invalid("invalid CIDR address: " + cidr);
        }
        if (prefix < 0 || prefix > 32) {
            throw EngineException.invalid("invalid prefix length " + prefix);
        }
        return new Subnet(base, prefix);
    }

    static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    public int broadcast() {
        return base | ~mask(prefix);
    }

    public long size() {
        return 1L << (32 - prefix);
    }

    public boolean contains(int addr) {
        return (addr & mask(prefix)) == base;
    }

    public boolean overlaps(Subnet o) {
        return contains(o.base) || o.contains(base);
    }

    @Override
    public String toString() {
        return Ipv4.format(base) + "/" + prefix;
    }
}
