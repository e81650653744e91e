package dev.jdock.daemon.network.portmap;

import dev.jdock.api.value.GoIp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
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

    /** An IP literal (checked by {@link PortRequest#isIpLiteral}) in Go's form ({@link GoIp}); IPv4 as given (Go's). */
    public static String canonical(String ip) {
        if (ip.indexOf(':') < 0) {
            return ip;
        }
        String go = GoIp.string(ip);
        return go == null ? ip : go;
    }

    /** Whether {@code ip} (canonical) is an IPv6 address. */
    public static boolean isV6(String ip) {
        return ip.indexOf(':') >= 0;
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
