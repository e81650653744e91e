package dev.jdock.daemon.network;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.network.netlink.HostNetFs;
import dev.jdock.daemon.network.netlink.NetlinkException;
import dev.jdock.daemon.network.netlink.Netlink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kernel side of bridge networks through the {@link Netlink} seam: the Linux bridge with its gateway address, and per
 * endpoint a veth pair whose container end is created directly in the container's netns and configured there
 * ({@link Netlink#inNetns}). Host-netns requests run on the caller's thread, which must be in the host netns (pool
 * threads are). What is not netlink (hairpin, forwarding, routes, bridge ports) goes through {@link HostNetFs}.
 */
public final class BridgeOps {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeOps.class);
    private static final int ENODEV = 19;

    private final Netlink netlink;
    private final HostNetFs host;
    private volatile boolean ipv6ForwardingTurnedOn;

    public BridgeOps(Netlink netlink, HostNetFs host) {
        this.netlink = netlink;
        this.host = host;
    }

    /**
     * Makes the network's bridge ready: creates it when missing, else uses the existing link only if it is a bridge
     * (dockerd's "existing interface X is not a bridge" otherwise, and the link is left untouched); gives it the
     * gateway address, brings it up and (unless internal) turns on its route_localnet. Addresses other than the
     * gateway are removed only from a bridge jdock made.
     *
     * @return who made the bridge, to record: {@link NetworkRecord#BY_JDOCK} when jdock created it now or owned it
     *     already, else {@link NetworkRecord#BY_USER}
     */
    public String ensureBridge(NetworkRecord n) {
        Subnet s = n.subnetValue();
        int gw = Ipv4.parse(n.gateway());
        try (Netlink.Session rt = netlink.open()) {
            Optional<String> kind = rt.linkKind(n.bridge());
            String creator;
            int idx;
            if (kind.isEmpty()) {
                rt.createBridge(n.bridge(), n.mtu(), Ipv4.mac(gw));
                creator = NetworkRecord.BY_JDOCK;
                idx = rt.linkIndex(n.bridge());
            } else if (!kind.get().equals("bridge")) {
                throw EngineException.invalid("existing interface " + n.bridge() + " is not a bridge");
            } else {
                creator = n.ownsBridge() ? NetworkRecord.BY_JDOCK : NetworkRecord.BY_USER;
                idx = rt.linkIndex(n.bridge());
                if (creator.equals(NetworkRecord.BY_JDOCK)) {
                    removeStaleAddresses(rt, idx, n.bridge(), gw, s.prefix());
                }
            }
            rt.addAddress(idx, Ipv4.inet(gw), s.prefix(), Ipv4.inet(s.broadcast()));
            rt.setUp(idx, 0);
            if (!n.internal()) { // loopback DNATed to a published port leaves through it (see IptablesRules)
                host.routeLocalnet(n.bridge());
            }
            if (n.hasIpv6()) { // last: a host without IPv6 still gets the network's IPv4 side at boot
                ensureIpv6(rt, n, idx, creator.equals(NetworkRecord.BY_JDOCK));
            }
            return creator;
        }
    }

    /**
     * An IPv6 network's side of its bridge, as libnetwork's setupBridgeIPv6: IPv6 on for the bridge, IPv6 forwarding
     * on for the host (as dockerd turns it on), the gateway address with the subnet's prefix; on a bridge jdock made,
     * other global IPv6 addresses are removed (a wiped data root's, as {@link #removeStaleAddresses}).
     */
    private void ensureIpv6(Netlink.Session rt, NetworkRecord n, int idx, boolean ours) {
        if (!host.ipv6Available()) {
            throw EngineException.invalid("cannot enable IPv6 on network " + n.name()
                    + ": IPv6 is disabled on this host");
        }
        host.enableIpv6(n.bridge());
        if (host.enableIpv6Forwarding()) {
            ipv6ForwardingTurnedOn = true;
        }
        Subnet6 s6 = n.subnet6Value();
        Ip6 gw6 = Ip6.parse(n.gateway6());
        try {
            if (ours) {
                for (Netlink.Address6 a : rt.addresses6(n.bridge())) {
                    if (!Ip6.of(a.address().getAddress()).equals(gw6) || a.prefix() != s6.prefix()) {
                        LOG.info("removing stale address {}/{} from {}", a.address().getHostAddress(), a.prefix(),
                                n.bridge());
                        rt.deleteAddress6(idx, a.address(), a.prefix());
                    }
                }
            }
            rt.addAddress6(idx, gw6.inet(), s6.prefix());
        } catch (NetlinkException e) { // an EngineException: the boot logs it and brings up the other networks
            throw EngineException.system("IPv6 address of bridge " + n.bridge() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether a bridge made ready since the last call turned the host's IPv6 forwarding on (it was off): the caller
     * then sets the ip6tables FORWARD policy to DROP, as dockerd's setupIPv6Forwarding, so that the host does not
     * start routing IPv6 between its other links.
     */
    public boolean takeIpv6ForwardingTurnedOn() {
        boolean on = ipv6ForwardingTurnedOn;
        ipv6ForwardingTurnedOn = false;
        return on;
    }

    /** Whether the host's kernel has IPv6 (not booted with {@code ipv6.disable=1}). */
    public boolean ipv6Available() {
        return host.ipv6Available();
    }

    /** Removes the network's bridge if jdock made it; a bridge that existed before is left in place, as dockerd. */
    public void releaseBridge(NetworkRecord n) {
        if (n.isBridge() && n.ownsBridge()) {
            deleteLink(n.bridge());
        }
    }

    /**
     * A bridge left by an earlier life of the daemon (a wiped data root, a crash) may carry another subnet's address:
     * its route would shadow the network now given that subnet, so every IPv4 address but the gateway goes.
     */
    private static void removeStaleAddresses(Netlink.Session rt, int idx, String bridge, int gw, int prefix) {
        for (Netlink.Address a : rt.addresses(bridge)) {
            if (Ipv4.parse(a.address().getHostAddress()) != gw || a.prefix() != prefix) {
                LOG.info("removing stale address {}/{} from {}", a.address().getHostAddress(), a.prefix(), bridge);
                rt.deleteAddress(idx, a.address(), a.prefix());
            }
        }
    }

    /** Deletes a host link if it exists; best effort (a failure is logged). */
    public void deleteLink(String name) {
        try (Netlink.Session rt = netlink.open()) {
            if (rt.linkIndex(name) >= 0) {
                rt.deleteLink(name);
            }
        } catch (NetlinkException e) {
            LOG.debug("deleting {}: {}", name, e.getMessage());
        }
    }

    /** Whether a link of that name exists in the host netns. */
    public boolean linkExists(String name) {
        return host.linkExists(name);
    }

    /**
     * Creates the veth pair for an endpoint: {@code hostVeth} on the bridge (hairpin on), {@code ifName} in the
     * netns at {@code nsPath} with the address, MAC and (when {@code defaultRoute}) the default route via the gateway.
     * On a macvlan network: {@link #addMacvlanEndpoint}.
     */
    public void addEndpoint(NetworkRecord n, String nsPath, String hostVeth, String ifName, int ip,
            boolean defaultRoute) {
        addEndpoint(n, nsPath, hostVeth, ifName, ip, null, Ipv4.mac(ip), defaultRoute, false);
    }

    /**
     * As above, with the container end's IPv6 address ({@code ip6}, null on a network without IPv6), MAC address
     * ({@code --mac-address}, else {@link Ipv4#mac}) and, apart from the IPv4 one, whether it gives the IPv6 default
     * route ({@code defaultRoute6}: moby 28 picks each family's gateway endpoint on its own). All or nothing: a failure
     * after the pair exists deletes it again, so that a running container keeps no half-made interface.
     */
    public void addEndpoint(NetworkRecord n, String nsPath, String hostVeth, String ifName, int ip, Ip6 ip6,
            byte[] mac, boolean defaultRoute, boolean defaultRoute6) {
        if (n.isMacvlan()) {
            addMacvlanEndpoint(n, nsPath, ifName, ip, ip6, mac, defaultRoute, defaultRoute6);
            return;
        }
        try (Netlink.Session rt = netlink.open()) {
            int br = rt.linkIndex(n.bridge());
            if (br < 0) {
                throw new NetlinkException("bridge " + n.bridge() + " is missing", ENODEV);
            }
            rt.createVeth(hostVeth, br, ifName, nsPath, n.mtu(), mac); // the host end up and on the bridge
            try {
                hairpin(rt, hostVeth);
                configureInNetns(n, nsPath, ifName, ip, ip6, defaultRoute, defaultRoute6);
            } catch (RuntimeException e) {
                undo(e, () -> rt.deleteLink(hostVeth));
                throw e;
            }
        }
    }

    /**
     * A macvlan endpoint: {@code ifName} created in the netns at {@code nsPath} on the network's parent link, with
     * the address, MAC and (when {@code defaultRoute}) the default route via the gateway. No host-side link.
     */
    public void addMacvlanEndpoint(NetworkRecord n, String nsPath, String ifName, int ip, boolean defaultRoute) {
        addMacvlanEndpoint(n, nsPath, ifName, ip, null, Ipv4.mac(ip), defaultRoute, false);
    }

    private void addMacvlanEndpoint(NetworkRecord n, String nsPath, String ifName, int ip, Ip6 ip6, byte[] mac,
            boolean defaultRoute, boolean defaultRoute6) {
        try (Netlink.Session rt = netlink.open()) {
            int parent = rt.linkIndex(MacvlanOptions.parent(n));
            if (parent < 0) {
                throw new NetlinkException("parent interface " + MacvlanOptions.parent(n) + " of network " + n.name()
                        + " is missing", ENODEV);
            }
            rt.createMacvlan(ifName, parent, MacvlanOptions.mode(n), nsPath, MacvlanOptions.mtu(n), mac);
        }
        try {
            configureInNetns(n, nsPath, ifName, ip, ip6, defaultRoute, defaultRoute6);
        } catch (RuntimeException e) {
            undo(e, () -> removeEndpoint(nsPath, ifName));
            throw e;
        }
    }

    /** Hairpin mode on the host end, best effort as ever: a refusal leaves the endpoint working otherwise. */
    private static void hairpin(Netlink.Session rt, String hostVeth) {
        try {
            rt.setHairpin(hostVeth);
        } catch (NetlinkException e) {
            LOG.debug("hairpin on {}: {}", hostVeth, e.getMessage());
        }
    }

    /** Runs {@code undo} after {@code cause}; its own failure is attached to the cause. */
    private static void undo(RuntimeException cause, Runnable undo) {
        try {
            undo.run();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** A macvlan network's parent must exist when the network is created. */
    public void checkMacvlanParent(NetworkRecord n) {
        try (Netlink.Session rt = netlink.open()) {
            if (rt.linkIndex(MacvlanOptions.parent(n)) < 0) {
                throw EngineException.invalid("-o parent interface \"" + MacvlanOptions.parent(n)
                        + "\" was not found on the host");
            }
        }
    }

    /**
     * The container's end: up, its address (and IPv6 address, without duplicate address detection, as libnetwork
     * adds it: usable at once; without one, IPv6 off on it, as libnetwork) and the default routes via the network's
     * gateways it gives ({@code defaultRoute}: IPv4; {@code defaultRoute6}: IPv6, with an IPv6 address only).
     */
    private void configureInNetns(NetworkRecord n, String nsPath, String ifName, int ip, Ip6 ip6,
            boolean defaultRoute, boolean defaultRoute6) {
        Subnet s = n.subnetValue();
        netlink.inNetns(nsPath, rt -> {
            rt.setUp("lo");
            int eth = rt.linkIndex(ifName);
            if (ip6 == null) { // moby 26+: no link-local IPv6 past enable_icc=false; before it is up, so none at all
                rt.disableIpv6(ifName);
            }
            rt.setUp(eth, 0);
            rt.addAddress(eth, Ipv4.inet(ip), s.prefix(), Ipv4.inet(s.broadcast()));
            if (ip6 != null) {
                rt.addAddress6(eth, ip6.inet(), n.subnet6Value().prefix());
            }
            if (defaultRoute) {
                rt.addDefaultRoute(Ipv4.inet(Ipv4.parse(n.gateway())), eth);
            }
            if (defaultRoute6 && ip6 != null) {
                rt.addDefaultRoute6(Ip6.parse(n.gateway6()).inet(), eth);
            }
            return null;
        });
    }

    /**
     * Makes the endpoint {@code ifName} of network {@code n} the container's default gateway of IPv4 ({@code v4}) and
     * of IPv6 ({@code v6}, on an IPv6 network), in place of the default route there is (a connect whose
     * {@code GwPriority} wins, a disconnect of the gateway's endpoint).
     */
    public void setDefaultRoute(NetworkRecord n, String nsPath, String ifName, boolean v4, boolean v6) {
        netlink.inNetns(nsPath, rt -> {
            int eth = rt.linkIndex(ifName);
            if (v4) {
                rt.replaceDefaultRoute(Ipv4.inet(Ipv4.parse(n.gateway())), eth);
            }
            if (v6 && n.hasIpv6()) {
                rt.replaceDefaultRoute6(Ip6.parse(n.gateway6()).inet(), eth);
            }
            return null;
        });
    }

    /** Adds an endpoint's link-local addresses ({@code --link-local-ip}) to its interface, as /16 (dockerd's mask). */
    public void addLinkLocal(String nsPath, String ifName, List<Integer> ips) {
        if (ips.isEmpty()) {
            return;
        }
        netlink.inNetns(nsPath, rt -> {
            int eth = rt.linkIndex(ifName);
            for (int ip : ips) {
                rt.addAddress(eth, Ipv4.inet(ip), 16, Ipv4.inet(ip | 0xffff));
            }
            return null;
        });
    }

    /** Removes an endpoint's interface from inside the netns (deleting one end removes the pair). */
    public void removeEndpoint(String nsPath, String ifName) {
        netlink.inNetns(nsPath, rt -> {
            if (rt.linkIndex(ifName) >= 0) {
                rt.deleteLink(ifName);
            }
            return null;
        });
    }

    /**
     * Host veth ends attached to one of {@code bridges} that are not in {@code keep}: leftovers of a crash. Pass only
     * bridges jdock made: on a user's bridge a "veth..." may be anyone's.
     */
    public List<String> strayVeths(Set<String> bridges, Set<String> keep) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> port : host.masters().entrySet()) {
            String name = port.getKey();
            if (name.startsWith("veth") && !keep.contains(name) && bridges.contains(port.getValue())) {
                out.add(name);
            }
        }
        return out;
    }

    /** Enables IPv4 forwarding (as dockerd does) so that containers reach beyond the host. */
    public void enableForwarding() {
        host.enableForwarding();
    }

    /**
     * Subnets routed on the host, our own bridges' included (their routes match their networks' subnets; one that
     * does not is a leftover and must not be handed out again), to choose a free subnet.
     */
    public List<Subnet> hostRoutes() {
        return host.routes().stream().map(r -> new Subnet(r.destination(), r.prefix())).toList();
    }
}
