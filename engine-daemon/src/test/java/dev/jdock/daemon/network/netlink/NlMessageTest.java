package dev.jdock.daemon.network.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
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
}
