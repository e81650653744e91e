package dev.jdock.daemon.container;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.types.container.ContainerInspect;
import dev.jdock.api.types.container.EndpointSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The version gates moby's container inspect route applies to the 1.47 shape for older clients. */
final class InspectVersions {
    private static final ApiVersion ALIASES_WITHOUT_ID = new ApiVersion(1, 45);
    private static final Set<String> PREDEFINED = Set.of("bridge", "host", "none", "default");

    private InspectVersions() {
    }

    /**
     * Below 1.45 an endpoint on a user-defined network lists the container's short ID and hostname among its
     * {@code Aliases} (moby 26+ adds them back for those clients; 1.45 lists them in {@code DNSNames} only).
     */
    static ContainerInspect forVersion(ContainerInspect in, ApiVersion version) {
        if (version.atLeast(ALIASES_WITHOUT_ID) || in.networkSettings() == null
                || in.networkSettings().networks() == null) {
            return in;
        }
        String shortId = in.id().length() > 12 ? in.id().substring(0, 12) : in.id();
        String hostname = in.config() == null ? "" : in.config().hostname();
        Map<String, EndpointSettings> networks = new LinkedHashMap<>();
        for (Map.Entry<String, EndpointSettings> e : in.networkSettings().networks().entrySet()) {
            EndpointSettings ep = e.getValue();
            if (ep != null && !PREDEFINED.contains(e.getKey())) {
                Set<String> aliases = new LinkedHashSet<>(ep.aliases() == null ? List.of() : ep.aliases());
                aliases.add(shortId);
                if (!hostname.isEmpty()) {
                    aliases.add(hostname);
                }
                ep = ep.toBuilder().aliases(new ArrayList<>(aliases)).build();
            }
            networks.put(e.getKey(), ep);
        }
        return in.toBuilder().networkSettings(in.networkSettings().toBuilder().networks(networks).build()).build();
    }
}
