package dev.jdock.daemon.network;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Dotted-quad parsing and formatting without DNS lookups. */
public final class Ipv4 {
    private Ipv4() {
    }

    public static int parse(String s) {
        String[] p = s.trim().split("\\.", -1);
        if (p.length != 4) {
            throw new IllegalArgumentException("invalid IPv4 address: " + s);
        }
        int v = 0;
        for (String part : p) {
            int b;
            try {
                b = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid IPv4 address: " + s);
            }
            if (b < 0 || b > 255 || part.isEmpty()) {
                throw new IllegalArgumentException("invalid IPv4 address: " + s);
            }
            v = (v << 8) | b;
        }
        return v;
    }

    public static boolean isIpv4(String s) {
        try {
            parse(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static String format(int v) {
        return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }

    public static Inet4Address inet(int v) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16),
                    (byte) (v >>> 8), (byte) v});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Docker's MAC address for an IPv4 address: 02:42 followed by the address bytes. */
    public static byte[] mac(int v) {
        return new byte[] {0x02, 0x42, (byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    public static String macString(int v) {
        StringBuilder sb = new StringBuilder();
        for (byte b : mac(v)) {
            if (sb.length() > 0) {
                sb.append(':');
            }
            sb.append(String.format("%02x", b & 0xff));
        }
        return sb.toString();
    }
}
