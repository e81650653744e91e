package dev.jdock.api.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Where the engine listens: {@code unix:///run/jdock.sock}, {@code tcp://host:port} or a bare socket path.
 * TLS ({@code DOCKER_CERT_PATH}, {@code --tls*}) is not supported yet.
 */
public record DockerHost(String scheme, Path socketPath, String tcpHost, int tcpPort) {
    public static final String DEFAULT = "unix:///run/jdock.sock";

    /** Parses a {@code -H} / {@code DOCKER_HOST} value. */
    public static DockerHost parse(String spec) {
        if (spec == null || spec.isBlank()) {
            spec = DEFAULT;
        }
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
        if (spec.startsWith("tcp://") || spec.startsWith("http://")) {
            URI u = URI.create(spec);
            if (u.getHost() == null) {
                throw new IllegalArgumentException("invalid host " + spec);
            }
            return new DockerHost("tcp", null, u.getHost(), u.getPort() < 0 ? 2375 : u.getPort());
        }
        if (spec.startsWith("https://") || spec.startsWith("ssh://") || spec.startsWith("npipe://")) {
            throw new IllegalArgumentException("unsupported host " + spec + " (only unix:// and plain tcp://)");
        }
        throw new IllegalArgumentException("invalid host " + spec);
    }

    public static DockerHost unix(Path socket) {
        return new DockerHost("unix", socket, null, 0);
    }

    /** Opens a new blocking connection. */
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
        SocketChannel ch = SocketChannel.open(new InetSocketAddress(tcpHost, tcpPort));
        ch.socket().setTcpNoDelay(true);
        return ch;
    }

    @Override
    public String toString() {
        return "unix".equals(scheme) ? "unix://" + socketPath : "tcp://" + tcpHost + ":" + tcpPort;
    }
}
