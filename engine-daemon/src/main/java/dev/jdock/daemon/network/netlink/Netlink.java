package dev.jdock.daemon.network.netlink;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The rtnetlink requests the network feature makes, as a seam: {@link LinuxNetlink} sends them to the kernel
 * ({@link RtNetlink}, {@link Netns}); unit tests use an in-memory model of links, addresses and routes per netns. A
 * refused request throws {@link NetlinkException} with the kernel's errno (EEXIST, ENODEV, ...).
 */
public interface Netlink {
    /** A session in the caller's netns: the host's for pool threads (they never setns). Close it after use. */
    Session open();

    /**
     * Calls {@code work} with a session in the netns at {@code nsPath} ({@code /proc/<pid>/ns/net}), on a disposable
     * thread that joined it, and waits for it; the session is closed afterwards.
     */
    <T> T inNetns(String nsPath, Function<Session, T> work);

    /** An IPv4 address of a link with its prefix length. */
    record Address(Inet4Address address, int prefix) {
    }

    /** An IPv6 address of a link with its prefix length. */
    record Address6(Inet6Address address, int prefix) {
    }

    /** One netlink socket; not thread safe. Links are named in this session's netns unless a method says otherwise. */
    interface Session extends AutoCloseable {
        /** Empty when there is no such link, else its kind ("bridge", "veth", ...; "" for a NIC or lo). */
        Optional<String> linkKind(String name);

        /** The interface index of {@code name}, or -1 when there is no such link. */
        int linkIndex(String name);

        /** A bridge, created down; {@code mtu} 0 keeps the kernel's, {@code mac} null lets it choose. */
        void createBridge(String name, int mtu, byte[] mac);

        /**
         * A veth pair in one request: {@code host} here, up and enslaved to the bridge {@code master} when it is
         * above 0, and {@code peer} created directly in the netns at {@code peerNsPath}, down.
         */
        void createVeth(String host, int master, String peer, String peerNsPath, int mtu, byte[] peerMac);

        /** A macvlan link on {@code parentIndex} (a link here) created directly in the netns at {@code nsPath}. */
        void createMacvlan(String name, int parentIndex, int mode, String nsPath, int mtu, byte[] mac);

        /** Sets the link up and, when {@code master} > 0, enslaves it to that bridge. */
        void setUp(int index, int master);

        /** Sets the link named {@code name} up (ENODEV when there is none): no lookup of its index first. */
        void setUp(String name);

        /**
         * Turns on hairpin mode of the bridge port named {@code name} (a container reaching its own published port
         * through the host comes back through the port it left by).
         */
        void setHairpin(String name);

        /** Adds (or replaces) an address with its broadcast address (null: none). */
        void addAddress(int index, Inet4Address addr, int prefix, Inet4Address broadcast);

        void deleteAddress(int index, Inet4Address addr, int prefix);

        /** The IPv4 addresses of {@code name}; empty when there is no such link. */
        List<Address> addresses(String name);

        /** The default route via {@code gateway} on link {@code oif}; EEXIST when there is one. */
        void addDefaultRoute(Inet4Address gateway, int oif);

        /** The default route via {@code gateway} on link {@code oif}, in place of the one there is (if any). */
        void replaceDefaultRoute(Inet4Address gateway, int oif);

        /**
         * Adds (or replaces) an IPv6 address, without duplicate address detection ({@code nodad}): it is usable at
         * once, never tentative.
         */
        void addAddress6(int index, Inet6Address addr, int prefix);

        void deleteAddress6(int index, Inet6Address addr, int prefix);

        /**
         * The global-scope IPv6 addresses of {@code name} (not its link-local ones); empty when there is no such
         * link.
         */
        List<Address6> addresses6(String name);

        /** The IPv6 default route via {@code gateway} on link {@code oif}; EEXIST when there is one. */
        void addDefaultRoute6(Inet6Address gateway, int oif);

        /** The IPv6 default route via {@code gateway} on link {@code oif}, in place of the one there is (if any). */
        void replaceDefaultRoute6(Inet6Address gateway, int oif);

        /**
         * Turns IPv6 off on link {@code name} of this session's netns ({@code net.ipv6.conf.<name>.disable_ipv6=1}, the
         * sysctl of the netns of the thread that opened the session), as libnetwork does for an endpoint without an
         * IPv6 address: no link-local address, so no IPv6 between containers that the IPv4 rules keep apart. A kernel
         * without IPv6 has nothing to turn off; a failure is logged.
         */
        void disableIpv6(String name);

        /** Deletes the link (a veth takes its peer with it). */
        void deleteLink(String name);

        @Override
        void close();
    }
}
