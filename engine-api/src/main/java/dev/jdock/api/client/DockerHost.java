package dev.jdock.api.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Where the engine listens: {@code unix:///run/jdock.sock} (or a bare socket path), {@code tcp://host[:port]}
 * ({@code http://} is the same), {@code https://host[:port]} (TCP that must use TLS) or
 * {@code ssh://[user@]host[:port]} (reached through the system {@code ssh} client, {@link SshDialer}). A TCP host without a port uses 2376 when TLS is
 * on and 2375 otherwise; an ssh host without a port leaves it to ssh ({@code tcpPort} 0). TLS itself is the
 * {@link TlsDialer}'s business: this record only says where.
 */
public record DockerHost(String scheme, Path socketPath, String tcpHost, int tcpPort, String sshUser) {
    public static final String DEFAULT = "unix:///run/jdock.sock";
    public static final int HTTP_PORT = 2375;
    public static final int TLS_PORT = 2376;

    public DockerHost(String scheme, Path socketPath, String tcpHost, int tcpPort) {
        this(scheme, socketPath, tcpHost, tcpPort, null);
    }

    /** Parses a {@code -H} / {@code DOCKER_HOST} value; a TCP host without a port gets 2375. */
    public static DockerHost parse(String spec) {
        return parse(spec, false);
    }

    /** Parses a {@code -H} / {@code DOCKER_HOST} value; a TCP host without a port gets 2376 when {@code tls}. */
    public static DockerHost parse(String spec, boolean tls) {
        if (spec == null || spec.isBlank()) {
            spec = DEFAULT;
        }
        spec = spec.trim();
        if (spec.startsWith("/")) {
            return unix(Path.of(spec));
        }
        if (spec.startsWith("unix://")) {
            String p = spec.substring("unix://".length());
            if (p.isEmpty()) {
                throw new IllegalArgumentException("invalid host " + spec + ": no socket path");
            }
            return unix(Path.of(p));
        }
        if (spec.startsWith("tcp://") || spec.startsWith("http://") || spec.startsWith("https://")) {
            boolean https = spec.startsWith("https://");
            URI u = uri(spec);
            if (u.getHost() == null || u.getUserInfo() != null) {
                throw new IllegalArgumentException("invalid host " + spec);
            }
            int port = u.getPort() >= 0 ? u.getPort() : tls || https ? TLS_PORT : HTTP_PORT;
            return new DockerHost(https ? "https" : "tcp", null, u.getHost(), port, null);
        }
        if (spec.startsWith("ssh://")) {
            return ssh(spec);
        }
        if (spec.startsWith("npipe://") || spec.startsWith("fd://")) {
            throw new IllegalArgumentException("unsupported host " + spec
                    + " (use unix://, tcp://, https:// or ssh://)");
        }
        throw new IllegalArgumentException("invalid host " + spec);
    }

    private static DockerHost ssh(String spec) {
        URI u = uri(spec);
        if (u.getHost() == null) {
            throw new IllegalArgumentException("invalid ssh host " + spec + ": no host");
        }
        String path = u.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            throw new IllegalArgumentException("extra path after the host: \"" + path + "\"");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException("invalid ssh host " + spec);
        }
        String user = u.getUserInfo();
        if (user != null && (user.contains(":") || user.isEmpty())) {
            throw new IllegalArgumentException("plain-text password is not supported");
        }
        return new DockerHost("ssh", null, u.getHost(), Math.max(u.getPort(), 0), user);
    }

    private static URI uri(String spec) {
        try {
            return new URI(spec);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid host " + spec + ": " + e.getReason());
        }
    }

    public static DockerHost unix(Path socket) {
        return new DockerHost("unix", socket, null, 0, null);
    }

    /** A TCP host ({@code tcp://} or {@code https://}). */
    public boolean isTcp() {
        return "tcp".equals(scheme) || "https".equals(scheme);
    }

    /** Opens a new blocking socket: UNIX, or TCP for {@code tcp://} and {@code https://} (TLS goes on top). */
    public SocketChannel connect() throws IOException {
        if ("unix".equals(scheme)) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(socketPath));
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            return ch;
        }
        if (!isTcp()) {
            throw new IOException(this + " is not a socket address");
        }
        SocketChannel ch = SocketChannel.open(new InetSocketAddress(tcpHost, tcpPort));
        ch.socket().setTcpNoDelay(true);
        return ch;
    }

    /** Plain connections ({@code unix://}, {@code tcp://}); {@code https://} and {@code ssh://} need their dialers. */
    public Dialer plainDialer() {
        return new SocketDialer(this);
    }

    /** A named class rather than a lambda: nothing more to link on the CLI's start-up path. */
    private record SocketDialer(DockerHost host) implements Dialer {
        @Override
        public Connection dial() throws IOException {
            if (!"unix".equals(host.scheme) && !"tcp".equals(host.scheme)) {
                throw new IOException(host + " needs " + ("https".equals(host.scheme) ? "TLS" : "ssh"));
            }
            return new SocketConnection(host.connect());
        }
    }

    @Override
    public String toString() {
        return switch (scheme) {
            case "unix" -> "unix://" + socketPath;
            case "ssh" -> "ssh://" + (sshUser == null ? "" : sshUser + "@") + tcpHost
                    + (tcpPort > 0 ? ":" + tcpPort : "");
            default -> scheme + "://" + tcpHost + ":" + tcpPort;
        };
    }
}
