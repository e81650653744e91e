package dev.jdock.daemon.network.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Builds one netlink message (header, fixed family header, attributes with nesting) in host byte order (x86-64:
 * little endian). Pure: no kernel, so the encoding is unit tested against known bytes.
 */
public final class NlMessage {
    public static final int NLM_F_REQUEST = 0x1;
    public static final int NLM_F_ACK = 0x4;
    /** NLM_F_ROOT | NLM_F_MATCH: every object of the kind, in one or more datagrams ended by NLMSG_DONE. */
    public static final int NLM_F_DUMP = 0x300;
    public static final int NLM_F_REPLACE = 0x100;
    public static final int NLM_F_EXCL = 0x200;
    public static final int NLM_F_CREATE = 0x400;
    public static final int NLA_F_NESTED = 0x8000;

    private final ByteBuffer buf = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());
    private final Deque<Integer> nests = new ArrayDeque<>();

    public NlMessage(int type, int flags, int seq) {
        buf.putInt(0); // length, patched in bytes()
        buf.putShort((short) type);
        buf.putShort((short) flags);
        buf.putInt(seq);
        buf.putInt(0); // port id: the kernel fills it in
    }

    /** struct ifinfomsg. */
    public NlMessage ifinfo(int family, int index, int flags, int change) {
        buf.put((byte) family).put((byte) 0).putShort((short) 0).putInt(index).putInt(flags).putInt(change);
        return this;
    }

    /** struct ifaddrmsg. */
    public NlMessage ifaddr(int family, int prefixLen, int flags, int scope, int index) {
        buf.put((byte) family).put((byte) prefixLen).put((byte) flags).put((byte) scope).putInt(index);
        return this;
    }

    /** struct rtmsg. */
    public NlMessage rtmsg(int family, int dstLen, int table, int protocol, int scope, int type) {
        buf.put((byte) family).put((byte) dstLen).put((byte) 0).put((byte) 0).put((byte) table)
                .put((byte) protocol).put((byte) scope).put((byte) type).putInt(0);
        return this;
    }

    public NlMessage attr(int type, byte[] data) {
        buf.putShort((short) (4 + data.length)).putShort((short) type).put(data);
        pad();
        return this;
    }

    public NlMessage attrInt(int type, int value) {
        return attr(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
    }

    /** A NUL-terminated string attribute. */
    public NlMessage attrString(int type, String value) {
        byte[] s = value.getBytes(StandardCharsets.UTF_8);
        return attr(type, Arrays.copyOf(s, s.length + 1));
    }

    public NlMessage beginNested(int type) {
        nests.push(buf.position());
        buf.putShort((short) 0).putShort((short) (type | NLA_F_NESTED));
        return this;
    }

    public NlMessage endNested() {
        int start = nests.pop();
        buf.putShort(start, (short) (buf.position() - start));
        return this;
    }

    private void pad() {
        while (buf.position() % 4 != 0) {
            buf.put((byte) 0);
        }
    }

    public byte[] bytes() {
        if (!nests.isEmpty()) {
            throw new IllegalStateException("unclosed nested attribute");
        }
        buf.putInt(0, buf.position());
        return Arrays.copyOf(buf.array(), buf.position());
    }
}
