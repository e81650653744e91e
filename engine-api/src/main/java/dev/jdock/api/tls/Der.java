package dev.jdock.api.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** The few DER steps PEM keys need: read one element, write one (definite lengths only). */
final class Der {
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;

    /** One element of {@code der}: its tag, and where its content starts and ends. */
    record Element(int tag, int start, int end) {
        byte[] content(byte[] der) {
            byte[] out = new byte[end - start];
            System.arraycopy(der, start, out, 0, out.length);
            return out;
        }
    }

    private Der() {
    }

    /** The element at {@code pos}, which must end at or before {@code limit}. */
    static Element read(byte[] der, int pos, int limit) throws IOException {
        if (pos + 2 > limit) {
            throw new IOException("truncated DER");
        }
        int tag = der[pos] & 0xff;
        int len = der[pos + 1] & 0xff;
        int start = pos + 2;
        if (len > 0x80) {
            int n = len & 0x7f;
            if (n > 3 || start + n > limit) {
                throw new IOException("bad DER length");
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = len << 8 | der[start + i] & 0xff;
            }
            start += n;
        } else if (len == 0x80) {
            throw new IOException("indefinite DER length");
        }
        if (start + len > limit) {
            throw new IOException("truncated DER");
        }
        return new Element(tag, start, start + len);
    }

    static byte[] encode(int tag, byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            body.writeBytes(p);
        }
        int len = body.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + 6);
        out.write(tag);
        if (len < 0x80) {
            out.write(len);
        } else {
            int n = len > 0xffff ? 3 : len > 0xff ? 2 : 1;
            out.write(0x80 | n);
            for (int i = n - 1; i >= 0; i--) {
                out.write(len >>> (8 * i) & 0xff);
            }
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** The whole element (tag, length and content) at {@code e}'s place. */
    static byte[] whole(byte[] der, int pos, Element e) {
        byte[] out = new byte[e.end() - pos];
        System.arraycopy(der, pos, out, 0, out.length);
        return out;
    }
}
