package dev.jdock.cli.command.network;

import dev.jdock.cli.core.CliException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code network create}'s IPAM pools from its {@code --subnet}, {@code --ip-range}, {@code --gateway} and
 * {@code --aux-address} flags, paired and checked as docker 28's CLI does (createIPAMConfig): subnets may not overlap,
 * each range (addr/bits), gateway and aux-address goes to the subnet that holds it, at most one range and one gateway
 * a subnet. Its errors are the CLI's own, plain, exit 1, before any request. The pools come in the order the subnets
 * were given (docker's come in Go's map order).
 */
final class IpamPools {
    private IpamPools() {
    }

    /** One pool a subnet, as the request's {@code IPAM.Config}: Subnet, Gateway, IPRange, AuxiliaryAddresses. */
    static List<Map<String, Object>> configs(List<String> subnets, List<String> ranges, List<String> gateways,
            Map<String, String> aux) {
        if (subnets.size() < ranges.size() || subnets.size() < gateways.size()) {
            throw new CliException(1, "every ip-range or gateway must have a corresponding subnet");
        }
        Map<String, Pool> pools = new LinkedHashMap<>();
        for (String s : subnets) {
            for (String k : pools.keySet()) {
                boolean inside = matches(s, k);
                if (inside | matches(k, s)) { // both parsed, in docker's order: either may be the one that fails
                    throw new CliException(1, "multiple overlapping subnet configuration is not supported");
                }
            }
            pools.put(s, new Pool(s));
        }
        for (String r : ranges) {
            boolean match = false;
            for (String s : subnets) {
                if (GoNet.parseCidr(r) == null) { // a range must be addr/bits (checked per subnet, as docker)
                    throw new CliException(1, "invalid CIDR address: " + r);
                }
                if (matches(s, r)) {
                    Pool p = pools.get(s);
                    if (!p.range.isEmpty()) {
                        throw new CliException(1, "cannot configure multiple ranges (" + r + ", " + p.range
                                + ") on the same subnet (" + s + ")");
                    }
                    p.range = r;
                    match = true;
                }
            }
            if (!match) {
                throw new CliException(1, "no matching subnet for range " + r);
            }
        }
        for (String g : gateways) {
            boolean match = false;
            for (String s : subnets) {
                if (matches(s, g)) {
                    Pool p = pools.get(s);
                    if (!p.gateway.isEmpty()) {
                        throw new CliException(1, "cannot configure multiple gateways (" + g + ", " + p.gateway
                                + ") for the same subnet (" + s + ")");
                    }
                    p.gateway = g;
                    match = true;
                }
            }
            if (!match) {
                throw new CliException(1, "no matching subnet for gateway " + g);
            }
        }
        for (Map.Entry<String, String> e : aux.entrySet()) {
            boolean match = false;
            for (String s : subnets) {
                if (matches(s, e.getValue())) {
                    pools.get(s).aux.put(e.getKey(), e.getValue());
                    match = true;
                }
            }
            if (!match) {
                throw new CliException(1, "no matching subnet for aux-address " + e.getValue());
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Pool p : pools.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Subnet", p.subnet);
            m.put("Gateway", p.gateway);
            m.put("IPRange", p.range);
            m.put("AuxiliaryAddresses", p.aux);
            out.add(m);
        }
        return out;
    }

    /**
     * docker's subnetMatches: whether {@code data} (an address, or {@code addr/bits} by its address) lies in
     * {@code subnet}. A subnet that does not parse is {@code invalid subnet: invalid CIDR address: S}; data with a
     * slash that does not parse is Go's bare {@code invalid CIDR address: D}; an address that does not parse matches
     * nothing.
     */
    static boolean matches(String subnet, String data) {
        GoNet.Cidr net = GoNet.parseCidr(subnet);
        if (net == null) {
            throw new CliException(1, "invalid subnet: invalid CIDR address: " + subnet);
        }
        byte[] ip;
        if (data.contains("/")) {
            GoNet.Cidr d = GoNet.parseCidr(data);
            if (d == null) {
                throw new CliException(1, "invalid CIDR address: " + data);
            }
            ip = d.ip();
        } else {
            ip = GoNet.parseIp(data);
        }
        return net.contains(ip);
    }

    private static final class Pool {
        final String subnet;
        String gateway = "";
        String range = "";
        final Map<String, String> aux = new LinkedHashMap<>();

        Pool(String subnet) {
            this.subnet = subnet;
        }
    }
}
