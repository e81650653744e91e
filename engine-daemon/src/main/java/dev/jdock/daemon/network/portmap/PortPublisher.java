package dev.jdock.daemon.network.portmap;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binds the host ports of each running container through the {@link PortProxy}: a taken port fails the start with
 * Docker's error, and the container's bindings are released together.
 */
public final class PortPublisher {
    private final PortProxy proxy;
    private final Map<String, List<PortProxy.Binding>> byContainer = new ConcurrentHashMap<>();

    public PortPublisher(PortProxy proxy) {
        this.proxy = proxy;
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
            return proxy.bind(r.proto(), r.hostIp(), 0, containerIp, r.containerPort());
        }
        PortInUseException last = null;
        for (int p = r.hostPortFirst(); p <= r.hostPortLast(); p++) {
            try {
                return proxy.bind(r.proto(), r.hostIp(), p, containerIp, r.containerPort());
            } catch (PortInUseException e) {
                last = e;
            }
        }
        throw last;
    }

    public void unpublish(String containerId) {
        List<PortProxy.Binding> bound = byContainer.remove(containerId);
        if (bound != null) {
            bound.forEach(PortProxy.Binding::close);
        }
    }
}
