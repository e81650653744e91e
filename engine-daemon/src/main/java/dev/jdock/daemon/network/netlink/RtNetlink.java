package dev.jdock.daemon.network.netlink;

import com.sun.jna.LastErrorException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A NETLINK_ROUTE socket in the network namespace of the thread that opened it, with the few requests jdock needs:
 * links (bridge, veth with its peer in another netns), addresses, routes. Every request waits for the kernel's ACK.
 * Not thread safe: one user at a time. The kernel side of {@link Netlink.Session}.
 */
public final class RtNetlink implements Netlink.Session {
    private static final Logger LOG = LoggerFactory.getLogger(RtNetlink.class);
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;
    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_GETLINK = 18;
    static final int RTM_NEWADDR = 20;
    static final int RTM_DELADDR = 21;
    static final int RTM_GETADDR = 22;
    static final int RTM_NEWROUTE = 24;
    static final int AF_UNSPEC = 0;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int IFF_UP = 1;
    static final int IFLA_ADDRESS = 1;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_MTU = 4;
    static final int IFLA_LINK = 5;
    static final int IFLA_MACVLAN_MODE = 1;
    static final int IFLA_MASTER = 10;
    static final int IFLA_LINKINFO = 18;
    static final int IFLA_NET_NS_FD = 28;
    static final int IFLA_INFO_KIND = 1;
    static final int IFLA_INFO_DATA = 2;
    static final int VETH_INFO_PEER = 1;
    static final int IFLA_INFO_SLAVE_KIND = 4;
    static final int IFLA_INFO_SLAVE_DATA = 5;
    static final int IFLA_BRPORT_MODE = 4;
    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_BROADCAST = 4;
    static final int IFA_FLAGS = 8;
    static final int IFA_F_NODAD = 0x02;
    static final int RTA_OIF = 4;
    static final int RTA_GATEWAY = 5;
    static final int RT_TABLE_MAIN = 254;
    static final int RTPROT_BOOT = 3;
    static final int RT_SCOPE_UNIVERSE = 0;
    static final int RT_SCOPE_LINK = 253;
    static final int RTN_UNICAST = 1;

    /** Enough of a reply for its header, an error code or an ifinfomsg's index (nlmsghdr 16 + 16). */
    private static final int HEAD = 64;

    private final int fd;
    private int seq;

    private RtNetlink(int fd) {
        this.fd = fd;
    }

    /** Opens a socket in the calling thread's network namespace. */
    public static RtNetlink open() {
        try {
            return new RtNetlink(NetLib.C.socket(NetLib.AF_NETLINK, NetLib.SOCK_RAW | NetLib.SOCK_CLOEXEC,
                    NetLib.NETLINK_ROUTE));
        } catch (LastErrorException e) {
            throw new NetlinkException("netlink socket", e.getErrorCode());
        }
    }

    /** RTM_NEWLINK for a bridge, created down. */
    public static byte[] newBridge(int seq, String name, int mtu, byte[] mac) {
        NlMessage m = new NlMessage(RTM_NEWLINK, NlMessage.NLM_F_REQUEST | NlMessage.NLM_F_ACK
                | NlMessage.NLM_F_CREATE | NlMessage.NLM_F_EXCL, seq).ifinfo(AF_UNSPEC, 0, 0, 0)
                .attrString(IFLA_IFNAME, name);
        if (mtu > 0) {
            m.attrInt(IFLA_MTU, mtu);
        }
        if (mac != null) {
            m.attr(IFLA_ADDRESS, mac);
        }
        return m.beginNested(IFLA_LINKINFO).attrString(IFLA_INFO_KIND, "bridge").endNested().bytes();
    }

    /**
     * RTM_NEWLINK for a veth pair: {@code host} here, up and enslaved to {@code master} when above 0 (the kernel
     * applies both once the pair exists, as {@code ip link add ... master B up}), and {@code peer} created directly in
     * the netns {@code nsFd}, down: the kernel configures the peer before the pair is linked, and a veth without its
     * peer refuses to open (ENOTCONN).
     */
    public static byte[] newVeth(int seq, String host, int master, String peer, int nsFd, int mtu, byte[] peerMac) {
        NlMessage m = new NlMessage(RTM_NEWLINK, NlMessage.NLM_F_REQUEST | NlMessage.NLM_F_ACK
                | NlMessage.NLM_F_CREATE | NlMessage.NLM_F_EXCL, seq).ifinfo(AF_UNSPEC, 0, IFF_UP, IFF_UP)
                .attrString(IFLA_IFNAME, host);
        if (mtu > 0) {
            m.attrInt(IFLA_MTU, mtu);
        }
        if (master > 0) {
            m.attrInt(IFLA_MASTER, master);
        }
        m.beginNested(IFLA_LINKINFO).attrString(IFLA_INFO_KIND, "veth").beginNested(IFLA_INFO_DATA)
                .beginNested(VETH_INFO_PEER).ifinfo(AF_UNSPEC, 0, 0, 0).attrString(IFLA_IFNAME, peer)
                .attrInt(IFLA_NET_NS_FD, nsFd);
        if (mtu > 0) {
            m.attrInt(IFLA_MTU, mtu);
        }
        if (peerMac != null) {
            m.attr(IFLA_ADDRESS, peerMac);
        }
        return m.endNested().endNested().endNested().bytes();
    }

    /**
     * RTM_NEWLINK for a macvlan link on {@code parentIndex} (a link of this netns), created directly in the netns
     * {@code nsFd} under {@code name}; {@code mtu} 0 keeps the parent's.
     */
    public static byte[] newMacvlan(int seq, String name, int parentIndex, int mode, int nsFd, int mtu, byte[] mac) {
        NlMessage m = new NlMessage(RTM_NEWLINK, NlMessage.NLM_F_REQUEST | NlMessage.NLM_F_ACK
                | NlMessage.NLM_F_CREATE | NlMessage.NLM_F_EXCL, seq).ifinfo(AF_UNSPEC, 0, 0, 0)
                .attrString(IFLA_IFNAME, name).attrInt(IFLA_LINK, parentIndex).attrInt(IFLA_NET_NS_FD, nsFd);
        if (mtu > 0) {
            m.attrInt(IFLA_MTU, mtu);
        }
        if (mac != null) {
            m.attr(IFLA_ADDRESS, mac);
        }
        return m.beginNested(IFLA_LINKINFO).attrString(IFLA_INFO_KIND, "macvlan").beginNested(IFLA_INFO_DATA)
                .attrInt(IFLA_MACVLAN_MODE, mode).endNested().endNested().bytes();
    }

    /** RTM_NEWLINK on an existing link: up, and optionally its master (0 = leave). */
    public static byte[] setLink(int seq, int index, boolean up, int master) {
        NlMessage m = new NlMessage(RTM_NEWLINK, NlMessage.NLM_F_REQUEST | NlMessage.NLM_F_ACK, seq)
                .ifinfo(AF_UNSPEC, index, up ? IFF_UP : 0, IFF_UP);
        if (master > 0) {
            m.attrInt(IFLA_MASTER, master);
        }
        return m.bytes();
    }

    /** RTM_NEWLINK on an existing link named {@code name}: up. */
    public static byte[] setLinkUp(int seq, String name) {
        return new NlMessage(RTM_NEWLINK, NlMessage.NLM_F_REQUEST | NlMessage.NLM_F_ACK, seq)
                .ifinfo(AF_UNSPEC, 0, IFF_UP, IFF_UP).attrString(IFLA_IFNAME, name).bytes();
    }

    /**
     * RTM_NEWLINK on the bridge port named {@code name}: its {@code IFLA_BRPORT_MODE} (hairpin) on, as {@code ip link
     * set NAME type bridge_slave hairpin on}. The kernel takes the RTNL mutex for it like any request; the sysfs file
     * {@code brport/hairpin_mode} instead retries its syscall while another task holds the RTNL (a netns being
     * dismantled after a container's exit does, for milliseconds), burning the CPU the start needs.
     */
    public static byte[] setHairpinOn(int seq, String name) {
        return new NlMessage(RTM_NEWLINK, NlMessage.NLM_F_REQUEST | NlMessage.NLM_F_ACK, seq)
                .ifinfo(AF_UNSPEC, 0, 0, 0).attrString(IFLA_IFNAME, name).beginNested(IFLA_LINKINFO)
                .attrString(IFLA_INFO_SLAVE_KIND, "bridge").beginNested(IFLA_INFO_SLAVE_DATA)
                .attr(IFLA_BRPORT_MODE, new byte[] {1}).endNested().endNested().bytes();
    }

    public static byte[] newAddress(int seq, int index, Inet4Address addr, int prefix, Inet4Address broadcast) {
        NlMessage m = new NlMessage(RTM_NEWADDR, NlMessage.NLM_F_REQUEST | NlMessage.NLM_F_ACK
                | NlMessage.NLM_F_CREATE | NlMessage.NLM_F_REPLACE, seq)
                .ifaddr(AF_INET, prefix, 0, RT_SCOPE_UNIVERSE, index)
                .attr(IFA_LOCAL, addr.getAddress()).attr(IFA_ADDRESS, addr.getAddress());
        if (broadcast != null) {
            m.attr(IFA_BROADCAST, broadcast.getAddress());
        }
        return m.bytes();
    }

    public static byte[] delAddress(int seq, int index, Inet4Address addr, int prefix) {
        return new NlMessage(RTM_DELADDR, NlMessage.NLM_F_REQUEST | NlMessage.NLM_F_ACK, seq)
                .ifaddr(AF_INET, prefix, 0, RT_SCOPE_UNIVERSE, index)
                .attr(IFA_LOCAL, addr.getAddress()).attr(IFA_ADDRESS, addr.getAddress()).bytes();
    }

    /**
     * RTM_NEWADDR for an IPv6 address, as {@code ip -6 addr replace ADDR/PREFIX dev X nodad}: the kernel takes
     * {@code IFA_ADDRESS} as the local address when there is no {@code IFA_LOCAL}; {@code IFA_F_NODAD} both in the
     * ifaddrmsg and in {@code IFA_FLAGS}, so the address skips duplicate address detection and is never tentative.
     */
    public static byte[] newAddress6(int seq, int index, Inet6Address addr, int prefix) {
        return new NlMessage(RTM_NEWADDR, NlMessage.NLM_F_REQUEST | NlMessage.NLM_F_ACK
                | NlMessage.NLM_F_CREATE | NlMessage.NLM_F_REPLACE, seq)
                .ifaddr(AF_INET6, prefix, IFA_F_NODAD, RT_SCOPE_UNIVERSE, index)
                .attr(IFA_ADDRESS, addr.getAddress()).attrInt(IFA_FLAGS, IFA_F_NODAD).bytes();
    }

    public static byte[] delAddress6(int seq, int index, Inet6Address addr, int prefix) {
        return new NlMessage(RTM_DELADDR, NlMessage.NLM_F_REQUEST | NlMessage.NLM_F_ACK, seq)
                .ifaddr(AF_INET6, prefix, 0, RT_SCOPE_UNIVERSE, index).attr(IFA_ADDRESS, addr.getAddress()).bytes();
    }

    /** RTM_GETADDR dump of every IPv6 address of the netns, of every link (the reader filters: addresses6In). */
    public static byte[] getAddresses6(int seq) {
        return new NlMessage(RTM_GETADDR, NlMessage.NLM_F_REQUEST | NlMessage.NLM_F_DUMP, seq)
                .ifaddr(AF_INET6, 0, 0, 0, 0).bytes();
    }

    /**
     * Adds to {@code out} the global-scope IPv6 addresses of link {@code index} in one datagram of an RTM_GETADDR
     * dump (not those of link scope, {@code fe80::/10}, nor of host scope, {@code ::1}); the local address is
     * {@code IFA_LOCAL} when there is one (a point-to-point link, where {@code IFA_ADDRESS} is the peer), else
     * {@code IFA_ADDRESS}. True when the dump ends in this datagram (NLMSG_DONE); a refusal (NLMSG_ERROR) throws
     * {@link NetlinkException}.
     */
    static boolean addresses6In(byte[] datagram, int index, List<Netlink.Address6> out) {
        ByteBuffer b = ByteBuffer.wrap(datagram).order(ByteOrder.nativeOrder());
        int at = 0;
        while (at + 16 <= datagram.length) {
            int len = b.getInt(at);
            int type = b.getShort(at + 4) & 0xffff;
            if (len < 16 || at + len > datagram.length) {
                throw new NetlinkException("IPv6 addresses: malformed reply", 0);
            }
            if (type == NLMSG_DONE) {
                return true;
            }
            if (type == NLMSG_ERROR) {
                int err = -b.getInt(at + 16);
                if (err != 0) {
                    throw new NetlinkException("IPv6 addresses", err);
                }
                return true;
            }
            if (type == RTM_NEWADDR && len >= 16 + 8 && datagram[at + 16] == AF_INET6
                    && (datagram[at + 19] & 0xff) == RT_SCOPE_UNIVERSE && b.getInt(at + 20) == index) {
                int[] a = attribute(b, at + 24, at + len, IFA_LOCAL);
                if (a == null || a[1] != 16) {
                    a = attribute(b, at + 24, at + len, IFA_ADDRESS);
                }
                if (a != null && a[1] == 16) {
                    byte[] raw = java.util.Arrays.copyOfRange(datagram, a[0], a[0] + 16);
                    out.add(new Netlink.Address6(inet6(raw), datagram[at + 17] & 0xff));
                }
            }
            at += (len + 3) & ~3;
        }
        return false;
    }

    /** 16 bytes as an Inet6Address, even a v4-mapped one (InetAddress.getByAddress would make that IPv4). */
    private static Inet6Address inet6(byte[] raw) {
        try {
            return Inet6Address.getByAddress(null, raw, -1);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static byte[] newDefaultRoute(int seq, Inet4Address gateway, int oif) {
        return defaultRoute(seq, gateway, oif, NlMessage.NLM_F_EXCL);
    }

    /** The default route in place of the main table's (NLM_F_REPLACE). */
    public static byte[] replacingDefaultRoute(int seq, Inet4Address gateway, int oif) {
        return defaultRoute(seq, gateway, oif, NlMessage.NLM_F_REPLACE);
    }

    private static byte[] defaultRoute(int seq, Inet4Address gateway, int oif, int how) {
        return new NlMessage(RTM_NEWROUTE, NlMessage.NLM_F_REQUEST | NlMessage.NLM_F_ACK | NlMessage.NLM_F_CREATE
                | how, seq).rtmsg(AF_INET, 0, RT_TABLE_MAIN, RTPROT_BOOT, RT_SCOPE_UNIVERSE,
                RTN_UNICAST).attr(RTA_GATEWAY, gateway.getAddress()).attrInt(RTA_OIF, oif).bytes();
    }

    public static byte[] newDefaultRoute6(int seq, Inet6Address gateway, int oif) {
        return defaultRoute6(seq, gateway, oif, NlMessage.NLM_F_EXCL);
    }

    /** The IPv6 default route in place of the main table's (NLM_F_REPLACE). */
    public static byte[] replacingDefaultRoute6(int seq, Inet6Address gateway, int oif) {
        return defaultRoute6(seq, gateway, oif, NlMessage.NLM_F_REPLACE);
    }

    private static byte[] defaultRoute6(int seq, Inet6Address gateway, int oif, int how) {
        return new NlMessage(RTM_NEWROUTE, NlMessage.NLM_F_REQUEST | NlMessage.NLM_F_ACK | NlMessage.NLM_F_CREATE
                | how, seq).rtmsg(AF_INET6, 0, RT_TABLE_MAIN, RTPROT_BOOT, RT_SCOPE_UNIVERSE,
                RTN_UNICAST).attr(RTA_GATEWAY, gateway.getAddress()).attrInt(RTA_OIF, oif).bytes();
    }

    public static byte[] delLink(int seq, String name) {
        return new NlMessage(RTM_DELLINK, NlMessage.NLM_F_REQUEST | NlMessage.NLM_F_ACK, seq)
                .ifinfo(AF_UNSPEC, 0, 0, 0).attrString(IFLA_IFNAME, name).bytes();
    }

    public static byte[] getLink(int seq, String name) {
        return new NlMessage(RTM_GETLINK, NlMessage.NLM_F_REQUEST, seq).ifinfo(AF_UNSPEC, 0, 0, 0)
                .attrString(IFLA_IFNAME, name).bytes();
    }

    @Override
    public void createBridge(String name, int mtu, byte[] mac) {
        ack(newBridge(++seq, name, mtu, mac), "create bridge " + name);
    }

    @Override
    public void createVeth(String host, int master, String peer, String peerNsPath, int mtu, byte[] peerMac) {
        int nsFd = Netns.open(peerNsPath);
        try {
            ack(newVeth(++seq, host, master, peer, nsFd, mtu, peerMac), "create veth " + host);
        } finally {
            Netns.close(nsFd);
        }
    }

    @Override
    public void createMacvlan(String name, int parentIndex, int mode, String nsPath, int mtu, byte[] mac) {
        int nsFd = Netns.open(nsPath);
        try {
            ack(newMacvlan(++seq, name, parentIndex, mode, nsFd, mtu, mac), "create macvlan " + name);
        } finally {
            Netns.close(nsFd);
        }
    }

    @Override
    public void setUp(int index, int master) {
        ack(setLink(++seq, index, true, master), "set link " + index + " up");
    }

    @Override
    public void setUp(String name) {
        ack(setLinkUp(++seq, name), "set link " + name + " up");
    }

    @Override
    public void setHairpin(String name) {
        ack(setHairpinOn(++seq, name), "hairpin on " + name);
    }

    @Override
    public void addAddress(int index, Inet4Address addr, int prefix, Inet4Address broadcast) {
        ack(newAddress(++seq, index, addr, prefix, broadcast), "add address " + addr.getHostAddress());
    }

    @Override
    public void deleteAddress(int index, Inet4Address addr, int prefix) {
        ack(delAddress(++seq, index, addr, prefix), "delete address " + addr.getHostAddress());
    }

    @Override
    public void addDefaultRoute(Inet4Address gateway, int oif) {
        ack(newDefaultRoute(++seq, gateway, oif), "add default route via " + gateway.getHostAddress());
    }

    @Override
    public void replaceDefaultRoute(Inet4Address gateway, int oif) {
        ack(replacingDefaultRoute(++seq, gateway, oif), "replace default route via " + gateway.getHostAddress());
    }

    @Override
    public void addAddress6(int index, Inet6Address addr, int prefix) {
        ack(newAddress6(++seq, index, addr, prefix), "add address " + addr.getHostAddress());
    }

    @Override
    public void deleteAddress6(int index, Inet6Address addr, int prefix) {
        ack(delAddress6(++seq, index, addr, prefix), "delete address " + addr.getHostAddress());
    }

    @Override
    public void addDefaultRoute6(Inet6Address gateway, int oif) {
        ack(newDefaultRoute6(++seq, gateway, oif), "add default route via " + gateway.getHostAddress());
    }

    @Override
    public void replaceDefaultRoute6(Inet6Address gateway, int oif) {
        ack(replacingDefaultRoute6(++seq, gateway, oif), "replace default route via " + gateway.getHostAddress());
    }

    /** Through /proc/sys, whose net directory is the calling thread's netns (a session stays on its thread). */
    @Override
    public void disableIpv6(String name) {
        if (!LinuxHostNetFs.isLinkName(name)) {
            throw new IllegalArgumentException("not an interface name: \"" + name + "\"");
        }
        java.nio.file.Path f = java.nio.file.Path.of("/proc/sys/net/ipv6/conf", name, "disable_ipv6");
        try {
            java.nio.file.Files.writeString(f, "1");
        } catch (java.nio.file.NoSuchFileException e) {
            LOG.debug("{}: no IPv6 here", f);
        } catch (java.io.IOException e) {
            LOG.warn("turning IPv6 off on {}: {}", name, e.getMessage());
        }
    }

    /**
     * The global-scope IPv6 addresses of {@code name}, from an RTM_GETADDR dump in this socket's netns (the JDK reads
     * IPv6 addresses from {@code /proc/net/if_inet6}, which is the netns of the process, not of the thread).
     */
    @Override
    public List<Netlink.Address6> addresses6(String name) {
        int index = linkIndex(name);
        List<Netlink.Address6> out = new ArrayList<>();
        if (index < 0) {
            return out;
        }
        send(getAddresses6(++seq));
        while (!addresses6In(receive(65536), index, out)) {
            // the next datagram of the dump
        }
        return out;
    }

    @Override
    public void deleteLink(String name) {
        ack(delLink(++seq, name), "delete link " + name);
    }

    /** The interface index of {@code name}, or -1 when there is no such link. */
    @Override
    public int linkIndex(String name) {
        byte[] reply = exchange(getLink(++seq, name), HEAD);
        ByteBuffer b = ByteBuffer.wrap(reply).order(ByteOrder.nativeOrder());
        int type = b.getShort(4) & 0xffff;
        if (type == NLMSG_ERROR) {
            int err = -b.getInt(16);
            if (err == 19) { // ENODEV
                return -1;
            }
            throw new NetlinkException("get link " + name, err);
        }
        return b.getInt(16 + 4);
    }

    /**
     * What {@code name} is: empty when there is no such link, else its {@code IFLA_INFO_KIND} ("bridge", "veth",
     * "dummy", ...), or "" for a link without one (a physical NIC, lo).
     */
    @Override
    public Optional<String> linkKind(String name) {
        byte[] reply = exchange(getLink(++seq, name));
        ByteBuffer b = ByteBuffer.wrap(reply).order(ByteOrder.nativeOrder());
        if ((b.getShort(4) & 0xffff) == NLMSG_ERROR) {
            int err = -b.getInt(16);
            if (err == 19) { // ENODEV
                return Optional.empty();
            }
            throw new NetlinkException("get link " + name, err);
        }
        return Optional.of(kindOf(reply));
    }

    /**
     * The IPv4 addresses of {@code name} as the JDK reads them (getifaddrs, in the calling thread's netns); empty when
     * there is no such link or they cannot be read.
     */
    @Override
    public List<Netlink.Address> addresses(String name) {
        List<Netlink.Address> out = new ArrayList<>();
        try {
            NetworkInterface nif = NetworkInterface.getByName(name);
            if (nif != null) {
                for (InterfaceAddress a : nif.getInterfaceAddresses()) {
                    if (a.getAddress() instanceof Inet4Address v4) {
                        out.add(new Netlink.Address(v4, a.getNetworkPrefixLength()));
                    }
                }
            }
        } catch (SocketException e) {
            LOG.debug("addresses of {}: {}", name, e.getMessage());
        }
        return out;
    }

    /** The IFLA_INFO_KIND inside IFLA_LINKINFO of an RTM_NEWLINK message (header, ifinfomsg, attributes), or "". */
    static String kindOf(byte[] msg) {
        ByteBuffer b = ByteBuffer.wrap(msg).order(ByteOrder.nativeOrder());
        int end = Math.min(msg.length, b.getInt(0));
        int[] info = attribute(b, 16 + 16, end, IFLA_LINKINFO);
        if (info == null) {
            return "";
        }
        int[] kind = attribute(b, info[0], info[0] + info[1], IFLA_INFO_KIND);
        if (kind == null) {
            return "";
        }
        int len = kind[1];
        while (len > 0 && msg[kind[0] + len - 1] == 0) {
            len--;
        }
        return new String(msg, kind[0], len, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** {payload offset, payload length} of the first attribute of {@code type} in [from, to), or null. */
    private static int[] attribute(ByteBuffer b, int from, int to, int type) {
        int at = from;
        while (at + 4 <= to) {
            int len = b.getShort(at) & 0xffff;
            if (len < 4 || at + len > to) {
                return null;
            }
            if ((b.getShort(at + 2) & 0x3fff) == type) {
                return new int[] {at + 4, len - 4};
            }
            at += (len + 3) & ~3;
        }
        return null;
    }

    private void ack(byte[] msg, String what) {
        byte[] reply = exchange(msg, HEAD);
        ByteBuffer b = ByteBuffer.wrap(reply).order(ByteOrder.nativeOrder());
        if ((b.getShort(4) & 0xffff) != NLMSG_ERROR) {
            throw new NetlinkException(what + ": unexpected reply type " + b.getShort(4), 0);
        }
        int err = -b.getInt(16);
        if (err != 0) {
            throw new NetlinkException(what, err);
        }
    }

    private byte[] exchange(byte[] msg) {
        return exchange(msg, 65536);
    }

    /**
     * Sends {@code msg} and receives the one reply, of which at most {@code max} bytes are kept (a netlink datagram
     * longer than the buffer is cut, the rest dropped: JNA copies the whole array in and out of native memory, so an
     * ACK or an index needs no 64 KiB buffer).
     */
    private byte[] exchange(byte[] msg, int max) {
        send(msg);
        return receive(max);
    }

    private void send(byte[] msg) {
        try {
            NetLib.C.send(fd, msg, msg.length, 0);
        } catch (LastErrorException e) {
            throw new NetlinkException("netlink I/O", e.getErrorCode());
        }
    }

    /** The next datagram, of which at most {@code max} bytes are kept. */
    private byte[] receive(int max) {
        try {
            byte[] buf = new byte[max];
            long n = NetLib.C.recv(fd, buf, buf.length, 0);
            return java.util.Arrays.copyOf(buf, (int) n);
        } catch (LastErrorException e) {
            throw new NetlinkException("netlink I/O", e.getErrorCode());
        }
    }

    @Override
    public void close() {
        try {
            NetLib.C.close(fd);
        } catch (LastErrorException ignored) {
            // nothing to do
        }
    }
}
