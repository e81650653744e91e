package dev.jdock.daemon.network.portmap;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the host ports of each running container through the {@link PortProxy} (or only holds them, without the
 * userland proxy): a taken port fails the start with Docker's error, and the container's bindings are released
 * together.
 *
 * <p>As moby 28's bridge driver: a binding without a host IP is bound on 0.0.0.0 and on :: (when the host can listen
 * on IPv6), both on the same host port (a random or ranged port is chosen free on both); the :: side, and an explicit
 * IPv6 host IP, reach the container's IPv4 address through the proxy (containers have no IPv6 here), so without the
 * userland proxy they are left out, as moby leaves them out for an IPv4-only container.
 */
public final class PortPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(PortPublisher.class);
    /** moby's maxAllocatePortAttempts: a random port taken on the second family is chosen again this many times. */
    static final int RANDOM_ATTEMPTS = 10;

    private final PortProxy proxy;
    private final boolean userlandProxy;
    private final boolean ipv6;
    private final Map<String, List<PortProxy.Binding>> byContainer = new ConcurrentHashMap<>();

    /** With the userland proxy serving the ports beside the kernel's DNAT (dockerd's default). */
    public PortPublisher(PortProxy proxy) {
        this(proxy, true);
    }

    /** @param userlandProxy daemon.json's {@code userland-proxy}: false only holds the ports, DNAT serves them */
    public PortPublisher(PortProxy proxy, boolean userlandProxy) {
        this(proxy, userlandProxy, HostIp.ipv6Listenable());
    }

    /** @param ipv6 whether the host can listen on IPv6 ({@link HostIp#ipv6Listenable}): else no implicit :: */
    public PortPublisher(PortProxy proxy, boolean userlandProxy, boolean ipv6) {
        this.proxy = proxy;
        this.userlandProxy = userlandProxy;
        this.ipv6 = ipv6;
    }

    /** Binds every request for {@code containerId} → {@code containerIp}; all or nothing. */
    public List<PublishedPort> publish(String containerId, List<PortRequest> requests, String containerIp) {
        List<PortProxy.Binding> bound = new ArrayList<>();
        List<PublishedPort> out = new ArrayList<>();
        try {
            for (PortRequest r : requests) {
                List<String> ips = hostIps(r);
                List<PortProxy.Binding> group = ips.isEmpty() ? List.of() : bindGroup(r, ips, containerIp);
                for (int i = 0; i < group.size(); i++) {
                    bound.add(group.get(i));
                    out.add(new PublishedPort(r.proto(), ips.get(i), group.get(i).port(), r.containerPort()));
                }
            }
        } catch (RuntimeException e) {
            bound.forEach(PortProxy.Binding::close);
            throw e;
        }
        byContainer.put(containerId, bound);
        return out;
    }

    /**
     * Binds again, after a restart, what a running container had published: each binding on its own, so one that
     * another process took while the daemon was down (its [::] side is not served then) loses only itself, logged,
     * and the container's other ports are held and served again. Returns the bindings restored.
     */
    public List<PublishedPort> restore(String containerId, List<PublishedPort> had, String containerIp) {
        List<PortProxy.Binding> bound = new ArrayList<>();
        List<PublishedPort> out = new ArrayList<>();
        for (PublishedPort p : had) {
            PortRequest r = new PortRequest(p.proto(), p.containerPort(), p.hostIp(), p.hostPort(), p.hostPort());
            try {
                List<String> ips = hostIps(r);
                if (!ips.isEmpty()) {
                    bound.addAll(bindGroup(r, ips, containerIp));
                    out.add(p);
                }
            } catch (RuntimeException e) {
                LOG.warn("restoring published port {} of {}: {}", p.display(), containerId, e.getMessage());
            }
        }
        byContainer.put(containerId, bound);
        return out;
    }

    /** The host addresses of one request, IPv4 first: none, one, or 0.0.0.0 and :: for a request without one. */
    private List<String> hostIps(PortRequest r) {
        if (r.anyHost()) {
            return ipv6 && userlandProxy ? List.of(HostIp.ANY4, HostIp.ANY6) : List.of(HostIp.ANY4);
        }
        if (!PortRequest.isIpLiteral(r.hostIp())) { // else the proxy would look the name up, and fail as a bug
            throw EngineException.invalid("invalid host IP address: " + r.hostIp());
        }
        String ip = HostIp.canonical(r.hostIp());
        if (HostIp.isV6(ip) && !userlandProxy) {
            LOG.info("not publishing {} on {}: cannot map from IPv6 to an IPv4-only container because the userland"
                    + " proxy is disabled", r.containerPort() + "/" + r.proto(), ip);
            return List.of();
        }
        return List.of(ip);
    }

    /** Binds every address of {@code ips} on one host port: the first free one of the range, or a random one. */
    private List<PortProxy.Binding> bindGroup(PortRequest r, List<String> ips, String containerIp) {
        if ("sctp".equals(r.proto())) {
            // a limit of jdock, not a bug: 501, with the text the attach gave it
            throw new EngineException(ErrorKind.NOT_IMPLEMENTED,
                    "failed to set up container networking: sctp port publishing is not supported");
        }
        PortInUseException last = null;
        if (r.random()) {
            for (int attempt = 0; attempt < RANDOM_ATTEMPTS; attempt++) {
                try {
                    return bindAll(r, ips, 0, containerIp);
                } catch (PortInUseException e) {
                    last = e; // the kernel's port was taken on the other family: ask again
                }
            }
            throw last;
        }
        for (int p = r.hostPortFirst(); p <= r.hostPortLast(); p++) {
            try {
                return bindAll(r, ips, p, containerIp);
            } catch (PortInUseException e) {
                last = e;
            }
        }
        throw last;
    }

    /** Binds {@code ips} in order on {@code port} (0: the first one's port, chosen by the kernel); all or none. */
    private List<PortProxy.Binding> bindAll(PortRequest r, List<String> ips, int port, String containerIp) {
        List<PortProxy.Binding> group = new ArrayList<>(ips.size());
        try {
            for (String ip : ips) {
                PortProxy.Binding b = bindPort(r, ip, port, containerIp);
                group.add(b);
                port = b.port();
            }
        } catch (RuntimeException e) {
            group.forEach(PortProxy.Binding::close);
            throw e;
        }
        return group;
    }

    private PortProxy.Binding bindPort(PortRequest r, String hostIp, int hostPort, String containerIp) {
        return userlandProxy ? proxy.bind(r.proto(), hostIp, hostPort, containerIp, r.containerPort())
                : proxy.reserve(r.proto(), hostIp, hostPort);
    }

    public void unpublish(String containerId) {
        List<PortProxy.Binding> bound = byContainer.remove(containerId);
        if (bound != null) {
            bound.forEach(PortProxy.Binding::close);
        }
    }
}
