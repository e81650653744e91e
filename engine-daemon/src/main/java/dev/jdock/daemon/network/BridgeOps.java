package dev.jdock.daemon.network;

import dev.jdock.daemon.network.netlink.NetlinkException;
import dev.jdock.daemon.network.netlink.Netns;
import dev.jdock.daemon.network.netlink.RtNetlink;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kernel side of bridge networks through rtnetlink: the Linux bridge with its gateway address, and per endpoint a
 * veth pair whose container end is created directly in the container's netns and configured there on a disposable
 * setns'd thread. Host-netns requests run on the caller's thread, which must be in the host netns (pool threads are).
 */
public final class BridgeOps {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeOps.class);
    private static final Path SYS_NET = Path.of("/sys/class/net");

    /**
     * Makes the network's bridge ready: creates it when missing, else uses the existing link only if it is a bridge
     * (dockerd's "existing interface X is not a bridge" otherwise, and the link is left untouched); gives it the
     * gateway address and brings it up. Addresses other than the gateway are removed only from a bridge jdock made.
     *
     * @return who made the bridge, to record: {@link NetworkRecord#BY_JDOCK} when jdock created it now or owned it
     *     already, else {@link NetworkRecord#BY_USER}
     */
    public String ensureBridge(NetworkRecord n) {
        Subnet s = n.subnetValue();
        int gw = Ipv4.parse(n.gateway());
        try (RtNetlink rt = RtNetlink.open()) {
            java.util.Optional<String> kind = rt.linkKind(n.bridge());
            String creator;
            int idx;
            if (kind.isEmpty()) {
                rt.createBridge(n.bridge(), n.mtu(), Ipv4.mac(gw));
                creator = NetworkRecord.BY_JDOCK;
                idx = rt.linkIndex(n.bridge());
            } else if (!kind.get().equals("bridge")) {
                throw dev.jdock.daemon.errors.EngineException.invalid("existing interface " + n.bridge()
                        + " is not a bridge");
            } else {
                creator = n.ownsBridge() ? NetworkRecord.BY_JDOCK : NetworkRecord.BY_USER;
                idx = rt.linkIndex(n.bridge());
                if (creator.equals(NetworkRecord.BY_JDOCK)) {
                    removeStaleAddresses(rt, idx, n.bridge(), gw, s.prefix());
                }
            }
            rt.addAddress(idx, Ipv4.inet(gw), s.prefix(), Ipv4.inet(s.broadcast()));
            rt.setUp(idx, 0);
            return creator;
        }
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
    private static void removeStaleAddresses(RtNetlink rt, int idx, String bridge, int gw, int prefix) {
        NetworkInterface nif;
        try {
            nif = NetworkInterface.getByName(bridge);
        } catch (SocketException e) {
            LOG.debug("addresses of {}: {}", bridge, e.getMessage());
            return;
        }
        if (nif == null) {
            return;
        }
        for (InterfaceAddress a : nif.getInterfaceAddresses()) {
            if (a.getAddress() instanceof Inet4Address v4
                    && (Ipv4.parse(v4.getHostAddress()) != gw || a.getNetworkPrefixLength() != prefix)) {
                LOG.info("removing stale address {}/{} from {}", v4.getHostAddress(), a.getNetworkPrefixLength(),
                        bridge);
                rt.deleteAddress(idx, v4, a.getNetworkPrefixLength());
            }
        }
    }

    public void deleteLink(String name) {
        try (RtNetlink rt = RtNetlink.open()) {
            if (rt.linkIndex(name) >= 0) {
                rt.deleteLink(name);
            }
        } catch (NetlinkException e) {
            LOG.debug("deleting {}: {}", name, e.getMessage());
        }
    }

    /**
     * Creates the veth pair for an endpoint: {@code hostVeth} on the bridge (hairpin on), {@code ifName} in the
     * netns at {@code nsPath} with the address, MAC and (when {@code defaultRoute}) the default route via the gateway.
     * On a macvlan network: {@link #addMacvlanEndpoint}.
     */
    public void addEndpoint(NetworkRecord n, String nsPath, String hostVeth, String ifName, int ip,
            boolean defaultRoute) {
        addEndpoint(n, nsPath, hostVeth, ifName, ip, Ipv4.mac(ip), defaultRoute);
    }

    /** As above, with the container end's MAC address ({@code --mac-address}, else {@link Ipv4#mac}). */
    public void addEndpoint(NetworkRecord n, String nsPath, String hostVeth, String ifName, int ip, byte[] mac,
            boolean defaultRoute) {
        if (n.isMacvlan()) {
            addMacvlanEndpoint(n, nsPath, ifName, ip, mac, defaultRoute);
            return;
        }
        int nsFd = Netns.open(nsPath);
        try (RtNetlink rt = RtNetlink.open()) {
            rt.createVeth(hostVeth, ifName, nsFd, n.mtu(), mac);
            int br = rt.linkIndex(n.bridge());
            if (br < 0) {
                throw new NetlinkException("bridge " + n.bridge() + " is missing", 19);
            }
            rt.setUp(rt.linkIndex(hostVeth), br);
        } finally {
            Netns.close(nsFd);
        }
        hairpin(hostVeth);
        configureInNetns(n, nsPath, ifName, ip, defaultRoute);
    }

    /**
     * A macvlan endpoint: {@code ifName} created in the netns at {@code nsPath} on the network's parent link, with
     * the address, MAC and (when {@code defaultRoute}) the default route via the gateway. No host-side link.
     */
    public void addMacvlanEndpoint(NetworkRecord n, String nsPath, String ifName, int ip, boolean defaultRoute) {
        addMacvlanEndpoint(n, nsPath, ifName, ip, Ipv4.mac(ip), defaultRoute);
    }

    private void addMacvlanEndpoint(NetworkRecord n, String nsPath, String ifName, int ip, byte[] mac,
            boolean defaultRoute) {
        int nsFd = Netns.open(nsPath);
        try (RtNetlink rt = RtNetlink.open()) {
            int parent = rt.linkIndex(MacvlanOptions.parent(n));
            if (parent < 0) {
                throw new NetlinkException("parent interface " + MacvlanOptions.parent(n) + " of network " + n.name()
                        + " is missing", 19);
            }
            rt.createMacvlan(ifName, parent, MacvlanOptions.mode(n), nsFd, MacvlanOptions.mtu(n), mac);
        } finally {
            Netns.close(nsFd);
        }
        configureInNetns(n, nsPath, ifName, ip, defaultRoute);
    }

    /** A macvlan network's parent must exist when the network is created. */
    public void checkMacvlanParent(NetworkRecord n) {
        try (RtNetlink rt = RtNetlink.open()) {
            if (rt.linkIndex(MacvlanOptions.parent(n)) < 0) {
                throw dev.jdock.daemon.errors.EngineException.invalid("-o parent interface \""
                        + MacvlanOptions.parent(n) + "\" was not found on the host");
            }
        }
    }

    private static void configureInNetns(NetworkRecord n, String nsPath, String ifName, int ip, boolean defaultRoute) {
        Subnet s = n.subnetValue();
        Netns.run(nsPath, () -> {
            try (RtNetlink rt = RtNetlink.open()) {
                int lo = rt.linkIndex("lo");
                rt.setUp(lo, 0);
                int eth = rt.linkIndex(ifName);
                rt.setUp(eth, 0);
                rt.addAddress(eth, Ipv4.inet(ip), s.prefix(), Ipv4.inet(s.broadcast()));
                if (defaultRoute) {
                    rt.addDefaultRoute(Ipv4.inet(Ipv4.parse(n.gateway())), eth);
                }
            }
            return null;
        });
    }

    /** Removes an endpoint's interface from inside the netns (deleting one end removes the pair). */
    public void removeEndpoint(String nsPath, String ifName) {
        Netns.run(nsPath, () -> {
            try (RtNetlink rt = RtNetlink.open()) {
                if (rt.linkIndex(ifName) >= 0) {
                    rt.deleteLink(ifName);
                }
            }
            return null;
        });
    }

    private static void hairpin(String veth) {
        try {
            Files.writeString(SYS_NET.resolve(veth).resolve("brport/hairpin_mode"), "1");
        } catch (IOException e) {
            LOG.debug("hairpin on {}: {}", veth, e.getMessage());
        }
    }

    /**
     * Host veth ends attached to one of {@code bridges} that are not in {@code keep}: leftovers of a crash. Pass only
     * bridges jdock made: on a user's bridge a "veth..." may be anyone's.
     */
    public List<String> strayVeths(Set<String> bridges, Set<String> keep) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(SYS_NET)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                Path master = p.resolve("master");
                if (!name.startsWith("veth") || keep.contains(name) || !Files.exists(master)) {
                    continue;
                }
                String br = Files.readSymbolicLink(master).getFileName().toString();
                if (bridges.contains(br)) {
                    out.add(name);
                }
            }
        } catch (IOException e) {
            LOG.debug("listing {}: {}", SYS_NET, e.getMessage());
        }
        return out;
    }

    /** Enables IPv4 forwarding (as dockerd does) so that containers reach beyond the host. */
    public static void enableForwarding() {
        try {
            Path f = Path.of("/proc/sys/net/ipv4/ip_forward");
            if (!Files.readString(f).trim().equals("1")) {
                Files.writeString(f, "1");
            }
        } catch (IOException e) {
            LOG.warn("enabling ip_forward: {}", e.getMessage());
        }
    }

    /**
     * Subnets routed on the host, our own bridges' included (their routes match their networks' subnets; one that
     * does not is a leftover and must not be handed out again), to choose a free subnet.
     */
    public static List<Subnet> hostRoutes() {
        List<Subnet> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/route"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 8 || f[0].equals("Iface") || f[1].equals("00000000")) {
                    continue;
                }
                int dst = Integer.reverseBytes((int) Long.parseLong(f[1], 16));
                int mask = Integer.reverseBytes((int) Long.parseLong(f[7], 16));
                out.add(new Subnet(dst, Integer.bitCount(mask)));
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("reading host routes: {}", e.getMessage());
        }
        return out;
    }
}
