package dev.jdock.daemon.network;

import dev.jdock.daemon.errors.EngineException;
import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An IPv6 address as two unsigned 64-bit halves, parsed and formatted without DNS lookups (formatted as RFC 5952,
 * which Go's {@code netip.Addr.String} writes too). No zone: endpoints and pools never carry one.
 */
public record Ip6(long hi, long lo) implements Comparable<Ip6> {

    /** A client's address: malformed is a 400 {@code invalid IPv6 address: X}. */
    public static Ip6 parse(String s) {
        return tryParse(s).orElseThrow(() -> EngineException.invalid("invalid IPv6 address: " + s));
    }

    /** An IPv6 address in text (no brackets, no zone), else empty; an IPv4 address is not one. */
    public static Optional<Ip6> tryParse(String s) {
        if (s == null || s.indexOf(':') < 0 || s.indexOf('%') >= 0 || s.indexOf('[') >= 0
                || !NetUtil.isValidIpV6Address(s)) {
            return Optional.empty();
        }
        byte[] b = NetUtil.createByteArrayFromIpAddressString(s);
        return b == null || b.length != 16 ? Optional.empty() : Optional.of(of(b));
    }

    public static boolean isIpv6(String s) {
        return tryParse(s).isPresent();
    }

    static Ip6 of(byte[] b) {
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (b[i] & 0xff);
            lo = (lo << 8) | (b[i + 8] & 0xff);
        }
        return new Ip6(hi, lo);
    }

    public byte[] bytes() {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[i + 8] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }

    /**
     * As an Inet6Address, also an IPv4-mapped one ({@code ::ffff:a.b.c.d}), which InetAddress.getByAddress would turn
     * into an Inet4Address.
     */
    public Inet6Address inet() {
        try {
            return Inet6Address.getByAddress(null, bytes(), -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This address plus {@code n} (unsigned), carried into the high half; wraps at the top of the space. */
    public Ip6 plus(long n) {
        long l = lo + n;
        return new Ip6(Long.compareUnsigned(l, lo) < 0 ? hi + 1 : hi, l);
    }

    @Override
    public int compareTo(Ip6 o) {
        int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    /** RFC 5952, an IPv4-mapped address as {@code ::ffff:a.b.c.d} (section 5; Go's netip writes it so too). */
    @Override
    public String toString() {
        if (hi == 0 && (lo >>> 32) == 0xffffL) {
            return "::ffff:" + (lo >>> 24 & 0xff) + "." + (lo >>> 16 & 0xff) + "." + (lo >>> 8 & 0xff) + "."
                    + (lo & 0xff);
        }
        return NetUtil.bytesToIpAddress(bytes());
    }
}
