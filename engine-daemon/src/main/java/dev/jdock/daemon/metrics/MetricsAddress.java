package dev.jdock.daemon.metrics;

import java.net.InetSocketAddress;

/**
 * {@code --metrics-addr}: {@code host:port} as dockerd takes it ({@code 127.0.0.1:9323}, {@code [::1]:9323},
 * {@code :9323} for every address). The host is a name or an IP literal; the port a number up to 65535.
 */
public record MetricsAddress(String host, int port) {
    public static MetricsAddress parse(String text) {
        String s = text == null ? "" : text.trim();
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("address " + s + ": missing port in address");
        }
        String host = s.substring(0, colon);
        String port = s.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":") || host.contains("[") || host.contains("]")) {
            throw new IllegalArgumentException("address " + s + ": too many colons in address");
        }
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("address " + s + ": invalid port");
        }
        return new MetricsAddress(host, Integer.parseInt(port));
    }

    /** What to bind: every address when the host is empty. */
    InetSocketAddress socketAddress() {
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
