package dev.jdock.daemon.network.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class NlMessageTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void setLinkUpWithMasterEncodesAsTheKernelExpects() {
        byte[] m = RtNetlink.setLink(1, 5, true, 3);
        assertArrayEquals(hex("28000000 1000 0500 01000000 00000000"
                + "00 00 0000 05000000 01000000 01000000"
                + "0800 0a00 03000000"), m);
    }

    @Test
    void stringAttributesAreNulTerminatedAndPadded() {
        byte[] m = new NlMessage(18, 1, 7).ifinfo(0, 0, 0, 0).attrString(3, "eth0").bytes();
        assertEquals(16 + 16 + 12, m.length);
        assertArrayEquals(hex("0900 0300 65746830 00 000000"), java.util.Arrays.copyOfRange(m, 32, 44));
    }

    @Test
    void nestedAttributesCarryTheirTotalLengthAndNestedFlag() {
        byte[] m = new NlMessage(16, 1, 1).beginNested(18).attrString(1, "veth").endNested().bytes();
        // nest header (len 16, type 18|0x8000) + kind attr (len 9, padded to 12)
        assertArrayEquals(hex("1000 1280 0900 0100 76657468 00 000000"), java.util.Arrays.copyOfRange(m, 16, 32));
    }

    @Test
    void vethRequestPutsThePeerInTheNamespaceFd() {
        byte[] m = RtNetlink.newVeth(2, "vethA", 0, "eth0", 42, 0, null);
        String h = HexFormat.of().formatHex(m);
        // IFLA_NET_NS_FD (28) = 42 inside the peer
        assertEquals(true, h.contains("08001c002a000000"));
        assertEquals(false, h.contains("08000a00"), "no IFLA_MASTER without a bridge");
        assertEquals(m.length, java.nio.ByteBuffer.wrap(m).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0));
    }

    @Test
    void vethRequestBringsTheHostEndUp_andEnslavesIt_notThePeer() {
        byte[] m = RtNetlink.newVeth(2, "vethA", 7, "eth0", 42, 0, null);
        // the host end's ifinfomsg: ifi_flags = ifi_change = IFF_UP
        assertArrayEquals(hex("00 00 0000 00000000 01000000 01000000"), java.util.Arrays.copyOfRange(m, 16, 32));
        String h = HexFormat.of().formatHex(m);
        assertEquals(true, h.contains("08000a0007000000"), "IFLA_MASTER (10) = 7 at the top level");
        // the peer's ifinfomsg (right after VETH_INFO_PEER's nest header, type 1 | NLA_F_NESTED) has no flags: the
        // kernel would open the peer before the pair is linked (ENOTCONN)
        assertEquals(true, h.contains("0180" + "00000000" + "00000000" + "00000000" + "00000000"), h);
    }

    @Test
    void hairpinIsTheBridgePortModeInTheSlaveData() {
        byte[] m = RtNetlink.setHairpinOn(4, "vethA");
        String h = HexFormat.of().formatHex(m);
        // IFLA_INFO_SLAVE_KIND (4) "bridge", then IFLA_INFO_SLAVE_DATA (5, nested) { IFLA_BRPORT_MODE (4) u8 1 }
        assertEquals(true, h.contains("0b000400" + "62726964676500" + "00"), h);
        assertEquals(true, h.contains("0c000580" + "05000400" + "01000000"), h);
        assertEquals(m.length, java.nio.ByteBuffer.wrap(m).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0));
    }

    @Test
    void setLinkUpByName_hasNoIndex() {
        byte[] m = RtNetlink.setLinkUp(3, "lo");
        assertArrayEquals(hex("00 00 0000 00000000 01000000 01000000 0700 0300 6c6f00 00"),
                java.util.Arrays.copyOfRange(m, 16, 40));
    }

    @Test
    void kindOf_readsInfoKindFromTheLinkReply() {
        byte[] bridge = new NlMessage(16, 0, 1).ifinfo(0, 7, 0, 0).attrString(3, "br0").beginNested(18)
                .attrString(1, "bridge").endNested().bytes();
        assertEquals("bridge", RtNetlink.kindOf(bridge));
        byte[] nic = new NlMessage(16, 0, 1).ifinfo(0, 2, 0, 0).attrString(3, "eth0").bytes();
        assertEquals("", RtNetlink.kindOf(nic));
    }

    private static Inet6Address v6(String s) throws Exception {
        return (Inet6Address) InetAddress.getByName(s);
    }

    private static final String FD00_2 = "fd000000000000000000000000000002";
    private static final String FD00_1 = "fd000000000000000000000000000001";

    @Test
    void newAddress6_isNodadWithIfaAddressOnly() throws Exception {
        byte[] m = RtNetlink.newAddress6(5, 7, v6("fd00::2"), 64);
        // RTM_NEWADDR (20), REQUEST|ACK|REPLACE|CREATE; ifaddrmsg AF_INET6 (10) /64, IFA_F_NODAD, scope universe,
        // index 7; IFA_ADDRESS (1) 16 bytes; IFA_FLAGS (8) u32 IFA_F_NODAD
        assertArrayEquals(hex("34000000 1400 0505 05000000 00000000"
                + "0a 40 02 00 07000000"
                + "1400 0100" + FD00_2
                + "0800 0800 02000000"), m);
    }

    @Test
    void delAddress6_namesTheAddressAndPrefix() throws Exception {
        byte[] m = RtNetlink.delAddress6(6, 7, v6("fd00::2"), 64);
        assertArrayEquals(hex("2c000000 1500 0500 06000000 00000000"
                + "0a 40 00 00 07000000"
                + "1400 0100" + FD00_2), m);
    }

    @Test
    void defaultRoute6_isExclusive_andItsReplacementReplaces() throws Exception {
        // rtmsg: AF_INET6, dst len 0, src len 0, tos 0, table main (254), proto boot (3), scope universe, unicast
        String body = "0a 00 00 00 fe 03 00 01 00000000" + "1400 0500" + FD00_1 + "0800 0400 07000000";
        assertArrayEquals(hex("38000000 1800 0506 08000000 00000000" + body),
                RtNetlink.newDefaultRoute6(8, v6("fd00::1"), 7), "NLM_F_CREATE|NLM_F_EXCL: EEXIST when one is there");
        assertArrayEquals(hex("38000000 1800 0505 09000000 00000000" + body),
                RtNetlink.replacingDefaultRoute6(9, v6("fd00::1"), 7));
    }

    @Test
    void getAddresses6_isAnInet6Dump() {
        assertArrayEquals(hex("18000000 1600 0103 0a000000 00000000" + "0a 00 00 00 00000000"),
                RtNetlink.getAddresses6(10));
    }

    private static byte[] newAddr(int index, int scope, int prefix, String address, String local) throws Exception {
        NlMessage m = new NlMessage(RtNetlink.RTM_NEWADDR, 2, 1).ifaddr(10, prefix, 0x80, scope, index)
                .attr(RtNetlink.IFA_ADDRESS, v6(address).getAddress());
        if (local != null) {
            m.attr(RtNetlink.IFA_LOCAL, v6(local).getAddress());
        }
        return m.attrInt(RtNetlink.IFA_FLAGS, 0x80).bytes();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void addresses6In_keepsTheGlobalAddressesOfTheLink_untilDone() throws Exception {
        byte[] first = concat(newAddr(7, 0, 64, "fd00::2", null), newAddr(7, 253, 64, "fe80::1", null),
                newAddr(8, 0, 64, "fd00::9", null), newAddr(1, 254, 128, "::1", null));
        byte[] second = concat(newAddr(7, 0, 128, "fd01::1", "fd01::3"),
                hex("14000000 0300 0200 01000000 00000000 00000000"));
        List<Netlink.Address6> out = new ArrayList<>();
        assertFalse(RtNetlink.addresses6In(first, 7, out), "no NLMSG_DONE yet");
        assertEquals(List.of(new Netlink.Address6(v6("fd00::2"), 64)), out);
        assertTrue(RtNetlink.addresses6In(second, 7, out));
        assertEquals(List.of(new Netlink.Address6(v6("fd00::2"), 64), new Netlink.Address6(v6("fd01::3"), 128)),
                out, "IFA_LOCAL before IFA_ADDRESS (the peer of a point-to-point link)");
    }

    @Test
    void addresses6In_throwsTheKernelsErrno() {
        // NLMSG_ERROR: errno -1 (EPERM), then the request's header
        byte[] err = hex("24000000 0200 0000 01000000 00000000 ffffffff 18000000 1600 0103 01000000 00000000");
        NetlinkException e = assertThrows(NetlinkException.class,
                () -> RtNetlink.addresses6In(err, 7, new ArrayList<>()));
        assertEquals(1, e.errno());
    }
}
