package dev.jdock.daemon.cri;

import io.grpc.BindableService;
import io.grpc.HandlerRegistry;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CRI's services, bound at the first call instead of at start: binding a service builds its methods' marshallers,
 * which load every request and response message class of the CRI API and protobuf's runtime (~380 classes, ~3.4 MiB of
 * metaspace, class space and symbols) that a daemon nobody asks over the CRI never needs (docs/performance.md, "The
 * CRI's cost here"). The first call pays the loading once (tens of milliseconds). Given to the server as its fallback
 * registry, with no service registered directly.
 */
final class LazyServices extends HandlerRegistry {
    private final List<BindableService> services;
    private volatile Bound bound;

    /** The bound services and their methods by full name. */
    private record Bound(List<ServerServiceDefinition> services, Map<String, ServerMethodDefinition<?, ?>> methods) {
    }

    LazyServices(List<BindableService> services) {
        this.services = List.copyOf(services);
    }

    @Override
    public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
        return bound().methods().get(methodName);
    }

    @Override
    public List<ServerServiceDefinition> getServices() {
        return bound().services();
    }

    /** Whether a call (or a look at the services) has bound them (tests). */
    boolean isBound() {
        return bound != null;
    }

    private Bound bound() {
        Bound b = bound;
        if (b == null) {
            synchronized (this) {
                b = bound;
                if (b == null) {
                    List<ServerServiceDefinition> defs = services.stream().map(BindableService::bindService).toList();
                    Map<String, ServerMethodDefinition<?, ?>> methods = new HashMap<>();
                    for (ServerServiceDefinition d : defs) {
                        for (ServerMethodDefinition<?, ?> m : d.getMethods()) {
                            methods.put(m.getMethodDescriptor().getFullMethodName(), m);
                        }
                    }
                    b = bound = new Bound(defs, Map.copyOf(methods));
                }
            }
        }
        return b;
    }
}
