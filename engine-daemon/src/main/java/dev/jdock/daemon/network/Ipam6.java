package dev.jdock.daemon.network;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Address management of a network's IPv6 pool, as {@link Ipam} for IPv4: the subnet's first address (the
 * subnet-router anycast), the gateway and the aux addresses are never handed out; the lowest free address of the
 * range is. The used addresses come from the caller (the persisted endpoints); the walk is bounded by their number.
 */
public final class Ipam6 {
    private final Subnet6 subnet;
    private final Subnet6 range;
    private final Set<Ip6> reserved = new HashSet<>();

    public Ipam6(Subnet6 subnet, Ip6 gateway, Subnet6 range, Map<String, String> aux) {
        if (!subnet.contains(gateway)) {
            throw EngineException.invalid("no matching subnet for gateway " + gateway);
        }
        if (range != null && !subnet.contains(range.base())) {
            throw EngineException.invalid("no matching subnet for range " + range);
        }
        this.subnet = subnet;
        this.range = range == null ? subnet : range;
        reserved.add(gateway);
        reserved.add(subnet.base());
        for (String a : aux == null ? Set.<String>of() : aux.values()) {
            Ip6.tryParse(a).ifPresent(reserved::add); // IPv4 aux addresses belong to the IPv4 pool
        }
    }

    /** The lowest free address of the range. */
    public Ip6 allocate(Collection<Ip6> used) {
        Set<Ip6> taken = new HashSet<>(used);
        Ip6 last = range.last();
        Ip6 a = range.base();
        // at most |taken| + |reserved| + 1 steps before a free one, unless the range is smaller than that
        for (long n = 0; n <= taken.size() + reserved.size(); n++) {
            if (!reserved.contains(a) && !taken.contains(a)) {
                return a;
            }
            if (a.equals(last)) {
                break;
            }
            a = a.plus(1);
        }
        throw EngineException.invalid("no available IPv6 addresses on this network's address pools: " + subnet);
    }

    /** A requested address ({@code --ip6}): must be in the subnet, not reserved, not in use. */
    public Ip6 request(Ip6 addr, Collection<Ip6> used) {
        if (!subnet.contains(addr)) {
            throw EngineException.invalid("no configured subnet or ip-range contain the IP address " + addr);
        }
        if (reserved.contains(addr) || used.contains(addr)) {
            throw new EngineException(ErrorKind.FORBIDDEN, "Address already in use");
        }
        return addr;
    }
}
