package dev.jdock.daemon.network;

import dev.jdock.daemon.errors.EngineException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.OptionalInt;

/** Dotted-quad parsing and formatting without DNS lookups. */
public final class Ipv4 {
    private Ipv4() {
    }

    /**
     * A dotted quad; a client's malformed address is a 400 ({@code invalid IPv4 address: X}), the one answer of every
     * path that parses client input (requested --ip, gateway, aux-addresses, subnets).
     */
    public static int parse(String s) {
        return tryParse(s).orElseThrow(() -> EngineException.invalid("invalid IPv4 address: " + s));
    }

    public static boolean isIpv4(String s) {
        return tryParse(s).isPresent();
    }

    private static OptionalInt tryParse(String s) {
        String[] p = s.trim().split("\\.", -1);
        if (p.length != 4) {
            return OptionalInt.empty();
        }
        int v = 0;
        for (String part : p) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return OptionalInt.empty();
            }
            int b = Integer.parseInt(part);
            if (b > 255) {
                return OptionalInt.empty();
            }
            v = (v << 8) | b;
        }
        return OptionalInt.of(v);
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

    /** {@link #mac} as text ({@code 02:42:ac:11:00:02}): once per start, so no {@code String.format} per byte. */
    public static String macString(int v) {
        return MAC_TEXT.formatHex(mac(v));
    }

    private static final HexFormat MAC_TEXT = HexFormat.ofDelimiter(":");
}
