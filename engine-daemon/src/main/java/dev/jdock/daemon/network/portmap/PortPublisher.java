package dev.jdock.daemon.network.portmap;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binds the host ports of each running container through the {@link PortProxy} (or only holds them, without the
 * userland proxy): a taken port fails the start with Docker's error, and the container's bindings are released
 * together.
 */
public final class PortPublisher {
    private final PortProxy proxy;
    private final boolean userlandProxy;
    private final Map<String, List<PortProxy.Binding>> byContainer = new ConcurrentHashMap<>();

    /** With the userland proxy serving the ports beside the kernel's DNAT (dockerd's default). */
    public PortPublisher(PortProxy proxy) {
        this(proxy, true);
    }

    /** @param userlandProxy daemon.json's {@code userland-proxy}: false only holds the ports, DNAT serves them */
    public PortPublisher(PortProxy proxy, boolean userlandProxy) {
        this.proxy = proxy;
        this.userlandProxy = userlandProxy;
    }

    /** Binds every request for {@code containerId} → {@code containerIp}; all or nothing. */
    public List<PublishedPort> publish(String containerId, List<PortRequest> requests, String containerIp) {
        List<PortProxy.Binding> bound = new ArrayList<>();
        List<PublishedPort> out = new ArrayList<>();
        try {
            for (PortRequest r : requests) {
                PortProxy.Binding b = bindOne(r, containerIp);
                bound.add(b);
                out.add(new PublishedPort(r.proto(), r.hostIp(), b.port(), r.containerPort()));
            }
        } catch (RuntimeException e) {
            bound.forEach(PortProxy.Binding::close);
            throw e;
        }
        byContainer.put(containerId, bound);
        return out;
    }

    private PortProxy.Binding bindOne(PortRequest r, String containerIp) {
        if (!PortRequest.isIpLiteral(r.hostIp())) { // else the proxy would look the name up, and fail as a bug
            throw EngineException.invalid("invalid host IP address: " + r.hostIp());
        }
        if ("sctp".equals(r.proto())) {
            // a limit of jdock, not a bug: 501, with the text the attach gave it
            throw new EngineException(ErrorKind.NOT_IMPLEMENTED,
                    "failed to set up container networking: sctp port publishing is not supported");
        }
        if (r.random()) {
            return bindPort(r, 0, containerIp);
        }
        PortInUseException last = null;
        for (int p = r.hostPortFirst(); p <= r.hostPortLast(); p++) {
            try {
                return bindPort(r, p, containerIp);
            } catch (PortInUseException e) {
                last = e;
            }
        }
        throw last;
    }

    private PortProxy.Binding bindPort(PortRequest r, int hostPort, String containerIp) {
        return userlandProxy ? proxy.bind(r.proto(), r.hostIp(), hostPort, containerIp, r.containerPort())
                : proxy.reserve(r.proto(), r.hostIp(), hostPort);
    }

    public void unpublish(String containerId) {
        List<PortProxy.Binding> bound = byContainer.remove(containerId);
        if (bound != null) {
            bound.forEach(PortProxy.Binding::close);
        }
    }
}
