package dev.jdock.daemon.network;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Address management of one network: which addresses of the subnet (or of its ip-range) may be handed out, and
 * the next free one. The set of used addresses is given by the caller (derived from the persisted endpoints), so an
 * address is never handed out twice, also across a daemon restart. Pure logic; what a client asks for that cannot
 * be (a gateway, range or aux-address outside the subnet, a taken or foreign --ip, a full range) is a 400 from here.
 */
public final class Ipam {
    private final Subnet subnet;
    private final Subnet range;
    private final Set<Integer> reserved = new HashSet<>();

    public Ipam(Subnet subnet, int gateway, Subnet range, Map<String, String> aux) {
        if (!subnet.contains(gateway)) {
            throw EngineException.invalid("no matching subnet for gateway " + Ipv4.format(gateway));
        }
        if (range != null && !subnet.contains(range.base())) {
            throw EngineException.invalid("no matching subnet for range " + range);
        }
        this.subnet = subnet;
        this.range = range == null ? subnet : range;
        reserved.add(gateway);
        if (subnet.prefix() < 31) {
            reserved.add(subnet.base());
            reserved.add(subnet.broadcast());
        }
        for (String a : aux == null ? Set.<String>of() : aux.values()) {
            if (Ip6.isIpv6(a)) {
                continue; // the IPv6 pool's (Ipam6)
            }
            int addr = Ipv4.parse(a);
            if (!subnet.contains(addr)) {
                throw EngineException.invalid("no matching subnet for aux-address " + a);
            }
            reserved.add(addr);
        }
    }

    /** The lowest free address of the range. */
    public int allocate(Collection<Integer> used) {
        Set<Integer> taken = new HashSet<>(used);
        long first = range.base() & 0xffffffffL;
        for (long a = first; a < first + range.size(); a++) {
            int addr = (int) a;
            if (!reserved.contains(addr) && !taken.contains(addr)) {
                return addr;
            }
        }
        throw EngineException.invalid("no available IPv4 addresses on this network's address pools: "
                + subnet);
    }

    /** A requested address (--ip): must be in the subnet, not reserved, not in use. */
    public int request(int addr, Collection<Integer> used) {
        if (!subnet.contains(addr)) {
            throw EngineException.invalid("no configured subnet or ip-range contain the IP address "
                    + Ipv4.format(addr));
        }
        if (reserved.contains(addr) || used.contains(addr)) {
            throw new EngineException(ErrorKind.FORBIDDEN, "Address already in use"); // libnetwork's 403
        }
        return addr;
    }
}
