package dev.jdock.daemon.network.netlink;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * An in-memory kernel for unit tests of the network feature: {@link Netlink} and {@link HostNetFs} answered from one
 * model of network namespaces (the host's, {@link #HOST}, and those added by {@link #addNetns}), each with its links,
 * their IPv4 and IPv6 addresses and a default route of each family. It refuses what the kernel refuses, with its
 * errno: EEXIST for a name taken in that netns or a second default route, ENODEV for an unknown link or index, ENOENT
 * for a netns that does not exist, EADDRNOTAVAIL for an address the link lacks, ENETUNREACH (IPv4) or EHOSTUNREACH
 * (IPv6) for a gateway outside the subnets of the link or on a link that is down. Deleting one end of a veth deletes
 * the other, and so does destroying the netns of one end ({@link #destroyNetns}: a container's last process exits).
 * Every request is recorded ({@link #calls}) as {@code "<netns> <request> <arguments>"}, and {@link #failNext} makes a
 * request fail. Thread safe.
 */
public final class FakeNetlink implements Netlink, HostNetFs {
    public static final String HOST = "host";
    static final int ENOENT = 2;
    static final int EEXIST = 17;
    static final int ENODEV = 19;
    static final int EINVAL = 22;
    static final int EOPNOTSUPP = 95;
    static final int EADDRNOTAVAIL = 99;
    static final int ENETUNREACH = 101;
    static final int EHOSTUNREACH = 113;

    /** A link as the model keeps it (read its fields in assertions; only the model changes them). */
    public static final class Link {
        public final String netns;
        public final String name;
        public final int index;
        public final String kind;
        public final int mtu;
        public final byte[] mac;
        public final List<Address> addresses = new ArrayList<>();
        public final List<Address6> addresses6 = new ArrayList<>();
        public boolean up;
        /** The index of the bridge it is enslaved to, 0 for none. */
        public int master;
        public boolean hairpin;
        public boolean routeLocalnet;
        /** {@code disable_ipv6} set on it ({@link Netlink.Session#disableIpv6}). */
        public boolean ipv6Disabled;
        /** The other end of a veth. */
        public Link peer;
        /** The index of a macvlan's parent link, 0 for none. */
        public int parent;

        Link(String netns, String name, int index, String kind, int mtu, byte[] mac) {
            this.netns = netns;
            this.name = name;
            this.index = index;
            this.kind = kind;
            this.mtu = mtu;
            this.mac = mac;
        }
    }

    /** The default route of a netns. */
    public record DefaultRoute(Inet4Address gateway, int oif) {
    }

    /** The IPv6 default route of a netns. */
    public record DefaultRoute6(Inet6Address gateway, int oif) {
    }

    private static final class Ns {
        final Map<String, Link> links = new LinkedHashMap<>();
        DefaultRoute defaultRoute;
        DefaultRoute6 defaultRoute6;
    }

    private final Map<String, Ns> namespaces = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private final List<Route> extraRoutes = new ArrayList<>();
    private int nextIndex = 1;
    private boolean forwarding;
    private boolean ipv6Forwarding;
    private boolean ipv6Available = true;
    private final Set<String> ipv6Enabled = new LinkedHashSet<>();

    public FakeNetlink() {
        addNetns(HOST);
    }

    /** A new netns with its {@code lo} (down), as a new container process has. */
    public synchronized FakeNetlink addNetns(String path) {
        Ns ns = new Ns();
        namespaces.put(path, ns);
        ns.links.put("lo", new Link(path, "lo", nextIndex++, "", 65536, null));
        return this;
    }

    /** The netns goes (its last process exited): its links go, and with them the other end of each veth. */
    public synchronized void destroyNetns(String path) {
        Ns ns = namespaces.remove(path);
        if (ns != null) {
            for (Link l : ns.links.values()) {
                if (l.peer != null) {
                    remove(l.peer);
                }
            }
        }
    }

    /** A link of the host that jdock did not make (a NIC, a user's bridge). */
    public synchronized Link addHostLink(String name, String kind) {
        Link l = new Link(HOST, name, nextIndex++, kind, 1500, null);
        namespaces.get(HOST).links.put(name, l);
        return l;
    }

    /** Adds an address to a link as {@code ip addr add} would, outside the recorded requests. */
    public synchronized void addAddressOutside(String netns, String link, Inet4Address addr, int prefix) {
        ns(netns).links.get(link).addresses.add(new Address(addr, prefix));
    }

    /** Adds an IPv6 address to a link as {@code ip -6 addr add} would, outside the recorded requests. */
    public synchronized void addAddress6Outside(String netns, String link, Inet6Address addr, int prefix) {
        ns(netns).links.get(link).addresses6.add(new Address6(addr, prefix));
    }

    /** Whether the kernel of the model has IPv6 ({@link #ipv6Available}); it has unless a test says otherwise. */
    public synchronized FakeNetlink ipv6Available(boolean available) {
        ipv6Available = available;
        return this;
    }

    /** A route of the host other than the connected routes of its links' addresses. */
    public synchronized void addHostRoute(int destination, int prefix) {
        extraRoutes.add(new Route(destination, prefix));
    }

    /** The next {@code request} (a {@link Netlink.Session} method name) fails with {@code errno}. */
    public synchronized void failNext(String request, int errno) {
        failures.put(request, errno);
    }

    /** The recorded requests, in order. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** The link {@code name} of {@code netns}, if there is one. */
    public synchronized Optional<Link> link(String netns, String name) {
        Ns ns = namespaces.get(netns);
        return ns == null ? Optional.empty() : Optional.ofNullable(ns.links.get(name));
    }

    /** The link names of {@code netns}, in creation order. */
    public synchronized List<String> links(String netns) {
        return List.copyOf(ns(netns).links.keySet());
    }

    public synchronized Optional<DefaultRoute> defaultRoute(String netns) {
        return Optional.ofNullable(ns(netns).defaultRoute);
    }

    public synchronized boolean forwarding() {
        return forwarding;
    }

    public synchronized Optional<DefaultRoute6> defaultRoute6(String netns) {
        return Optional.ofNullable(ns(netns).defaultRoute6);
    }

    /** Whether {@link #enableIpv6Forwarding} was called. */
    public synchronized boolean ipv6Forwarding() {
        return ipv6Forwarding;
    }

    /** The host links {@link #enableIpv6} was called for, in order of the first call. */
    public synchronized Set<String> ipv6EnabledLinks() {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(ipv6Enabled));
    }

    @Override
    public Session open() {
        return new FakeSession(HOST);
    }

    @Override
    public <T> T inNetns(String nsPath, Function<Session, T> work) {
        synchronized (this) {
            if (!namespaces.containsKey(nsPath)) {
                throw new NetlinkException("open " + nsPath, ENOENT);
            }
        }
        try (Session s = new FakeSession(nsPath)) {
            return work.apply(s);
        }
    }

    @Override
    public synchronized boolean linkExists(String name) {
        return namespaces.get(HOST).links.containsKey(name);
    }

    @Override
    public synchronized void routeLocalnet(String link) {
        Link l = namespaces.get(HOST).links.get(link);
        if (l != null) {
            l.routeLocalnet = true;
        }
    }

    @Override
    public synchronized Map<String, String> masters() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Link l : namespaces.get(HOST).links.values()) {
            if (l.master > 0) {
                out.put(l.name, byIndex(HOST, l.master).name);
            }
        }
        return out;
    }

    @Override
    public synchronized void enableForwarding() {
        forwarding = true;
    }

    @Override
    public synchronized boolean enableIpv6Forwarding() {
        boolean was = ipv6Forwarding;
        ipv6Forwarding = true;
        return !was;
    }

    /** Records the link (it need not exist: the real one logs a missing file), after the real one's name check. */
    @Override
    public synchronized void enableIpv6(String link) {
        if (!LinuxHostNetFs.isLinkName(link)) {
            throw new IllegalArgumentException("not an interface name: \"" + link + "\"");
        }
        ipv6Enabled.add(link);
    }

    @Override
    public synchronized boolean ipv6Available() {
        return ipv6Available;
    }

    /** The connected route of every address on a host link that is up, then the routes added by the test. */
    @Override
    public synchronized List<Route> routes() {
        List<Route> out = new ArrayList<>();
        for (Link l : namespaces.get(HOST).links.values()) {
            for (Address a : l.addresses) {
                if (l.up) {
                    out.add(new Route(network(a), a.prefix()));
                }
            }
        }
        out.addAll(extraRoutes);
        return out;
    }

    private Ns ns(String netns) {
        Ns ns = namespaces.get(netns);
        if (ns == null) {
            throw new IllegalArgumentException("no netns " + netns + " in the model");
        }
        return ns;
    }

    private Ns nsOrEnoent(String netns) {
        Ns ns = namespaces.get(netns);
        if (ns == null) {
            throw new NetlinkException("open " + netns, ENOENT);
        }
        return ns;
    }

    private Link byIndex(String netns, int index) {
        for (Link l : ns(netns).links.values()) {
            if (l.index == index) {
                return l;
            }
        }
        throw new NetlinkException("link " + index, ENODEV);
    }

    private void remove(Link l) {
        Ns ns = namespaces.get(l.netns);
        if (ns != null && ns.links.get(l.name) == l) {
            ns.links.remove(l.name);
            if (ns.defaultRoute != null && ns.defaultRoute.oif() == l.index) {
                ns.defaultRoute = null;
            }
            if (ns.defaultRoute6 != null && ns.defaultRoute6.oif() == l.index) {
                ns.defaultRoute6 = null;
            }
            for (Link port : ns.links.values()) {
                if (port.master == l.index) {
                    port.master = 0;
                }
            }
        }
    }

    private static int network(Address a) {
        int mask = a.prefix() == 0 ? 0 : -1 << (32 - a.prefix());
        return toInt(a.address()) & mask;
    }

    /** Whether {@code b} is in the subnet of address {@code a}. */
    private static boolean sameSubnet(Address6 a, Inet6Address b) {
        byte[] x = a.address().getAddress();
        byte[] y = b.getAddress();
        for (int bit = 0; bit < a.prefix(); bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((x[bit / 8] & mask) != (y[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static int toInt(Inet4Address a) {
        byte[] b = a.getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    /** A session in one netns of the model; requests are checked and applied under the model's lock. */
    private final class FakeSession implements Session {
        private final String netns;
        private boolean closed;

        FakeSession(String netns) {
            this.netns = netns;
        }

        private Ns begin(String request, Object... args) {
            if (closed) {
                throw new IllegalStateException("session closed");
            }
            StringBuilder sb = new StringBuilder(netns).append(' ').append(request);
            for (Object a : args) {
                sb.append(' ').append(a instanceof InetAddress i ? i.getHostAddress() : a);
            }
            calls.add(sb.toString());
            Integer errno = failures.remove(request);
            if (errno != null) {
                throw new NetlinkException(request + " (injected)", errno);
            }
            return nsOrEnoent(netns);
        }

        private void create(Ns ns, String netns, Link l) {
            if (ns.links.containsKey(l.name)) {
                throw new NetlinkException("create " + l.name + " in " + netns, EEXIST);
            }
            ns.links.put(l.name, l);
        }

        @Override
        public Optional<String> linkKind(String name) {
            synchronized (FakeNetlink.this) {
                Link l = begin("linkKind", name).links.get(name);
                return l == null ? Optional.empty() : Optional.of(l.kind);
            }
        }

        @Override
        public int linkIndex(String name) {
            synchronized (FakeNetlink.this) {
                Link l = begin("linkIndex", name).links.get(name);
                return l == null ? -1 : l.index;
            }
        }

        @Override
        public void createBridge(String name, int mtu, byte[] mac) {
            synchronized (FakeNetlink.this) {
                Ns ns = begin("createBridge", name, mtu);
                create(ns, netns, new Link(netns, name, nextIndex++, "bridge", mtu, mac));
            }
        }

        @Override
        public void createVeth(String host, int master, String peer, String peerNsPath, int mtu, byte[] peerMac) {
            synchronized (FakeNetlink.this) {
                Ns ns = begin("createVeth", host, master, peer, peerNsPath, mtu);
                Ns peerNs = nsOrEnoent(peerNsPath);
                if (ns.links.containsKey(host) || peerNs.links.containsKey(peer)) {
                    throw new NetlinkException("create veth " + host, EEXIST);
                }
                if (master > 0 && !byIndex(netns, master).kind.equals("bridge")) {
                    throw new NetlinkException("master " + master + " is not a bridge", EINVAL);
                }
                Link h = new Link(netns, host, nextIndex++, "veth", mtu, null);
                Link p = new Link(peerNsPath, peer, nextIndex++, "veth", mtu, peerMac);
                h.peer = p;
                p.peer = h;
                h.master = master;
                h.up = true;
                create(ns, netns, h);
                create(peerNs, peerNsPath, p);
            }
        }

        @Override
        public void createMacvlan(String name, int parentIndex, int mode, String nsPath, int mtu, byte[] mac) {
            synchronized (FakeNetlink.this) {
                begin("createMacvlan", name, parentIndex, mode, nsPath, mtu);
                Link parent = byIndex(netns, parentIndex);
                Ns target = nsOrEnoent(nsPath);
                Link l = new Link(nsPath, name, nextIndex++, "macvlan", mtu > 0 ? mtu : parent.mtu, mac);
                l.parent = parent.index;
                create(target, nsPath, l);
            }
        }

        @Override
        public void setUp(int index, int master) {
            synchronized (FakeNetlink.this) {
                begin("setUp", index, master);
                Link l = byIndex(netns, index);
                if (master > 0) {
                    if (!byIndex(netns, master).kind.equals("bridge")) {
                        throw new NetlinkException("master " + master + " is not a bridge", EINVAL);
                    }
                    l.master = master;
                }
                l.up = true;
            }
        }

        @Override
        public void setUp(String name) {
            synchronized (FakeNetlink.this) {
                Link l = begin("setUp", name).links.get(name);
                if (l == null) {
                    throw new NetlinkException("set link " + name + " up", ENODEV);
                }
                l.up = true;
            }
        }

        @Override
        public void setHairpin(String name) {
            synchronized (FakeNetlink.this) {
                Link l = begin("setHairpin", name).links.get(name);
                if (l == null) {
                    throw new NetlinkException("hairpin on " + name, ENODEV);
                }
                if (l.master == 0) {
                    throw new NetlinkException("hairpin on " + name + ": not a bridge port", EOPNOTSUPP);
                }
                l.hairpin = true;
            }
        }

        @Override
        public void addAddress(int index, Inet4Address addr, int prefix, Inet4Address broadcast) {
            synchronized (FakeNetlink.this) {
                begin("addAddress", index, addr, prefix);
                Link l = byIndex(netns, index);
                l.addresses.removeIf(a -> a.address().equals(addr) && a.prefix() == prefix);
                l.addresses.add(new Address(addr, prefix));
            }
        }

        @Override
        public void deleteAddress(int index, Inet4Address addr, int prefix) {
            synchronized (FakeNetlink.this) {
                begin("deleteAddress", index, addr, prefix);
                Link l = byIndex(netns, index);
                if (!l.addresses.removeIf(a -> a.address().equals(addr) && a.prefix() == prefix)) {
                    throw new NetlinkException("delete address " + addr.getHostAddress(), EADDRNOTAVAIL);
                }
            }
        }

        @Override
        public List<Address> addresses(String name) {
            synchronized (FakeNetlink.this) {
                Link l = begin("addresses", name).links.get(name);
                return l == null ? List.of() : List.copyOf(l.addresses);
            }
        }

        @Override
        public void addDefaultRoute(Inet4Address gateway, int oif) {
            synchronized (FakeNetlink.this) {
                Ns ns = begin("addDefaultRoute", gateway, oif);
                Link l = byIndex(netns, oif);
                if (ns.defaultRoute != null) {
                    throw new NetlinkException("add default route", EEXIST);
                }
                int gw = toInt(gateway);
                if (!l.up || l.addresses.stream().noneMatch(a -> network(a) == (gw & (a.prefix() == 0 ? 0
                        : -1 << (32 - a.prefix()))))) {
                    throw new NetlinkException("add default route via " + gateway.getHostAddress(), ENETUNREACH);
                }
                ns.defaultRoute = new DefaultRoute(gateway, oif);
            }
        }

        @Override
        public void replaceDefaultRoute(Inet4Address gateway, int oif) {
            synchronized (FakeNetlink.this) {
                Ns ns = begin("replaceDefaultRoute", gateway, oif);
                byIndex(netns, oif);
                ns.defaultRoute = new DefaultRoute(gateway, oif);
            }
        }

        @Override
        public void addAddress6(int index, Inet6Address addr, int prefix) {
            synchronized (FakeNetlink.this) {
                begin("addAddress6", index, addr, prefix);
                Link l = byIndex(netns, index);
                l.addresses6.removeIf(a -> a.address().equals(addr) && a.prefix() == prefix);
                l.addresses6.add(new Address6(addr, prefix));
            }
        }

        @Override
        public void deleteAddress6(int index, Inet6Address addr, int prefix) {
            synchronized (FakeNetlink.this) {
                begin("deleteAddress6", index, addr, prefix);
                Link l = byIndex(netns, index);
                if (!l.addresses6.removeIf(a -> a.address().equals(addr) && a.prefix() == prefix)) {
                    throw new NetlinkException("delete address " + addr.getHostAddress(), EADDRNOTAVAIL);
                }
            }
        }

        /** The link's IPv6 addresses but link-local ones (the model keeps only what was added). */
        @Override
        public List<Address6> addresses6(String name) {
            synchronized (FakeNetlink.this) {
                Link l = begin("addresses6", name).links.get(name);
                return l == null ? List.of() : l.addresses6.stream()
                        .filter(a -> !a.address().isLinkLocalAddress()).toList();
            }
        }

        /**
         * As the kernel: EEXIST for a second default route, EHOSTUNREACH for a gateway outside the link's IPv6
         * subnets or on a link that is down.
         */
        @Override
        public void addDefaultRoute6(Inet6Address gateway, int oif) {
            synchronized (FakeNetlink.this) {
                Ns ns = begin("addDefaultRoute6", gateway, oif);
                Link l = byIndex(netns, oif);
                if (ns.defaultRoute6 != null) {
                    throw new NetlinkException("add default route", EEXIST);
                }
                if (!l.up || l.addresses6.stream().noneMatch(a -> sameSubnet(a, gateway))) {
                    throw new NetlinkException("add default route via " + gateway.getHostAddress(), EHOSTUNREACH);
                }
                ns.defaultRoute6 = new DefaultRoute6(gateway, oif);
            }
        }

        @Override
        public void replaceDefaultRoute6(Inet6Address gateway, int oif) {
            synchronized (FakeNetlink.this) {
                Ns ns = begin("replaceDefaultRoute6", gateway, oif);
                byIndex(netns, oif);
                ns.defaultRoute6 = new DefaultRoute6(gateway, oif);
            }
        }

        @Override
        public void disableIpv6(String name) {
            synchronized (FakeNetlink.this) {
                Link l = begin("disableIpv6", name).links.get(name);
                if (l == null) {
                    throw new IllegalStateException("no link " + name + " in " + netns); // the sysctl file is missing
                }
                l.ipv6Disabled = true;
                l.addresses6.clear();
            }
        }

        @Override
        public void deleteLink(String name) {
            synchronized (FakeNetlink.this) {
                Link l = begin("deleteLink", name).links.get(name);
                if (l == null) {
                    throw new NetlinkException("delete link " + name, ENODEV);
                }
                remove(l);
                if (l.peer != null) {
                    remove(l.peer);
                }
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
