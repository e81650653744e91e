package dev.jdock.daemon.network;

/** An IPv4 prefix such as 172.17.0.0/16; addresses are unsigned 32-bit values held in ints. */
public record Subnet(int base, int prefix) {

    public Subnet {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("invalid prefix length " + prefix);
        }
        base = base & mask(prefix);
    }

    public static Subnet parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("invalid CIDR address: " + cidr);
        }
        try {
            return new Subnet(Ipv4.parse(cidr.substring(0, slash)), Integer.parseInt(cidr.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid CIDR address: " + cidr);
        }
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
