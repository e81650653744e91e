package dev.jdock.daemon.network.portmap;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;

/**
 * Host addresses of published ports as moby writes them (Go's {@code net.IP.String()}): IPv6 in RFC 5952's short form
 * ({@code ::}, {@code ::1}, {@code fe80::1}), an IPv4-mapped IPv6 address as its IPv4 address. Pure but for
 * {@link #ipv6Listenable}.
 */
public final class HostIp {
    public static final String ANY4 = "0.0.0.0";
    public static final String ANY6 = "::";

    private HostIp() {
    }

    /** An IP literal (checked by {@link PortRequest#isIpLiteral}) in Go's form; IPv4 is returned as given. */
    public static String canonical(String ip) {
        if (ip.indexOf(':') < 0) {
            return ip;
        }
        InetAddress a;
        try {
            a = InetAddress.getByName(ip); // a literal with ':' is parsed, never looked up
        } catch (UnknownHostException e) {
            return ip;
        }
        return a instanceof Inet4Address ? a.getHostAddress() : shortForm(a.getAddress());
    }

    /** Whether {@code ip} (canonical) is an IPv6 address. */
    public static boolean isV6(String ip) {
        return ip.indexOf(':') >= 0;
    }

    /** RFC 5952: lower-case hex groups, the longest run of two or more zero groups (the first of equals) as "::". */
    static String shortForm(byte[] a) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        int best = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                best = i;
                bestLen = j - i;
            }
            i = j > i ? j - 1 : i;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == best) {
                b.append("::");
                i += bestLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(g[i]));
        }
        return b.toString();
    }

    /**
     * Whether this host can listen on IPv6 (moby's {@code netutils.IsV6Listenable}: a listener on {@code [::1]:0});
     * false on a kernel booted with {@code ipv6.disable=1} or without an IPv6 loopback address.
     */
    public static boolean ipv6Listenable() {
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.INET6)) {
            ch.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
