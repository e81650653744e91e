package dev.jdock.daemon.server;

import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening socket systemd passed (see {@link ListenFds}) as a Netty epoll server channel: a UNIX stream socket
 * ({@code ListenStream=/path}) or a TCP one ({@code ListenStream=[addr:]port}), already bound and listening, so
 * the channel is registered, never bound. Anything else (a datagram socket, a FIFO, a socket not listening) is
 * refused with what it is.
 */
final class ActivatedSockets {
    private static final Logger LOG = LoggerFactory.getLogger(ActivatedSockets.class);
    private static final int SOL_SOCKET = 1;
    private static final int SO_TYPE = 3;
    private static final int SO_ACCEPTCONN = 30;
    private static final int SO_DOMAIN = 39;
    private static final int SOCK_STREAM = 1;
    private static final int AF_UNIX = 1;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    private ActivatedSockets() {
    }

    static ServerChannel wrap(ListenFds.Fd fd) throws IOException {
        Epoll.ensureAvailability();
        Socket probe = new Socket(fd.fd());
        int domain;
        int type;
        int listening;
        try {
            domain = probe.getIntOpt(SOL_SOCKET, SO_DOMAIN);
            type = probe.getIntOpt(SOL_SOCKET, SO_TYPE);
            listening = probe.getIntOpt(SOL_SOCKET, SO_ACCEPTCONN);
        } catch (IOException e) {
            throw new IOException("socket activated fd " + fd.fd() + " (" + fd.name() + ") is not a socket: "
                    + e.getMessage(), e);
        }
        if (type != SOCK_STREAM || listening == 0) {
            throw new IOException("socket activated fd " + fd.fd() + " (" + fd.name()
                    + ") is not a listening stream socket (use ListenStream=)");
        }
        return switch (domain) {
            case AF_UNIX -> {
                LOG.info("API listening on socket-activated fd {} ({}): {}", fd.fd(), fd.name(),
                        probe.localDomainSocketAddress());
                yield new EpollServerDomainSocketChannel(fd.fd(), true);
            }
            case AF_INET, AF_INET6 -> {
                LOG.info("API listening on socket-activated fd {} ({}): {}", fd.fd(), fd.name(), probe.localAddress());
                yield new EpollServerSocketChannel(fd.fd());
            }
            default -> throw new IOException("socket activated fd " + fd.fd() + " (" + fd.name()
                    + ") has unsupported address family " + domain);
        };
    }
}
