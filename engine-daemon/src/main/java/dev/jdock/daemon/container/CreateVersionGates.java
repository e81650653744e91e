package dev.jdock.daemon.container;

import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.EndpointSettings;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.NetworkingConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.jdock.api.types.container.Mount;
import dev.jdock.api.ApiVersion;
import dev.jdock.daemon.errors.EngineException;

/**
 * What moby's create route does by API version before the backend sees the request (moby 27's
 * postContainersCreate): below 1.25 the client removes its container itself (AutoRemove dropped), below 1.44 a
 * container is created on one network only and a bind is not forced recursively read-only, below 1.45 a volume
 * mount has no Subpath, below 1.48 there is no image mount and an endpoint's {@code GwPriority} is ignored.
 */
final class CreateVersionGates {
    private CreateVersionGates() {
    }

    static ContainerCreateRequest apply(ContainerCreateRequest req, ApiVersion v) {
        return hostConfig(withoutGwPriority(req, v), v);
    }

    /** Below API 1.48 the endpoints' {@code GwPriority} is zeroed, as moby's router does. */
    static ContainerCreateRequest withoutGwPriority(ContainerCreateRequest req, ApiVersion v) {
        NetworkingConfig nc = req.networkingConfig();
        if (v.atLeast("1.48") || nc == null || nc.endpointsConfig() == null
                || nc.endpointsConfig().values().stream().allMatch(e -> e == null || e.gwPriority() == 0)) {
            return req;
        }
        Map<String, EndpointSettings> eps = new LinkedHashMap<>();
        nc.endpointsConfig().forEach((k, e) -> eps.put(k, e == null ? null : e.toBuilder().gwPriority(0).build()));
        return ContainerCreateRequest.of(req.toConfig(), req.hostConfig(), new NetworkingConfig(eps));
    }

    private static ContainerCreateRequest hostConfig(ContainerCreateRequest req, ApiVersion v) {
        HostConfig hc = req.hostConfig();
        if (!v.atLeast("1.44") && req.networkingConfig() != null && req.networkingConfig().endpointsConfig() != null
                && req.networkingConfig().endpointsConfig().size() > 1) {
            throw EngineException.invalid("Container cannot be created with multiple network endpoints: "
                    + String.join(", ", req.networkingConfig().endpointsConfig().keySet()));
        }
        if (hc == null) {
            return req;
        }
        if (!v.atLeast("1.44") && hc.mounts() != null) {
            for (Mount m : hc.mounts()) { // an old client may set it expecting it enforced: refused, not ignored
                if (m != null && "bind".equals(m.type()) && m.bindOptions() != null
                        && Boolean.TRUE.equals(m.bindOptions().readOnlyForceRecursive())) {
                    throw EngineException.invalid("BindOptions.ReadOnlyForceRecursive needs API v1.44 or newer");
                }
            }
        }
        if (!v.atLeast("1.45") && hc.mounts() != null) {
            for (Mount m : hc.mounts()) {
                if (m != null && m.volumeOptions() != null && m.volumeOptions().subpath() != null
                        && !m.volumeOptions().subpath().isEmpty()) {
                    throw EngineException.invalid("VolumeOptions.Subpath needs API v1.45 or newer");
                }
            }
        }
        if (!v.atLeast("1.48") && hc.mounts() != null) {
            for (Mount m : hc.mounts()) {
                if (m != null && "image".equals(m.type())) {
                    throw EngineException.invalid("Mount type \"Image\" needs API v1.48 or newer");
                }
            }
        }
        HostConfig changed = hc;
        if (!v.atLeast("1.25") && hc.autoRemove()) {
            changed = changed.toBuilder().autoRemove(false).build();
        }
        if (!v.atLeast("1.44") && hc.mounts() != null
                && hc.mounts().stream().anyMatch(CreateVersionGates::readOnlyBind)) {
            changed = changed.toBuilder().mounts(hc.mounts().stream()
                    .map(m -> readOnlyBind(m) ? nonRecursivelyReadOnly(m) : m).toList()).build();
        }
        return changed == hc ? req : ContainerCreateRequest.of(req.toConfig(), changed, req.networkingConfig());
    }

    /**
     * moby 28's handleVolumeDriverBC: from API 1.48 the daemon, not the CLI, warns that the container-wide
     * {@code VolumeDriver} does not apply to a volume of {@code Mounts} without a driver of its own.
     */
    static java.util.Optional<String> volumeDriverWarning(HostConfig hc, ApiVersion v) {
        if (hc == null || hc.volumeDriver() == null || hc.volumeDriver().isEmpty() || !v.atLeast("1.48")
                || hc.mounts() == null) {
            return java.util.Optional.empty();
        }
        for (Mount m : hc.mounts()) {
            if (m == null || !"volume".equals(m.type())) {
                continue;
            }
            if (m.volumeOptions() != null && m.volumeOptions().driverConfig() != null
                    && m.volumeOptions().driverConfig().name() != null
                    && !m.volumeOptions().driverConfig().name().isEmpty()) {
                continue;
            }
            return java.util.Optional.of("WARNING: the container-wide volume-driver configuration is ignored for "
                    + "volumes specified via 'mount'. Use '--mount type=volume,volume-driver=...' instead");
        }
        return java.util.Optional.empty();
    }

    private static boolean readOnlyBind(Mount m) {
        return m != null && "bind".equals(m.type()) && Boolean.TRUE.equals(m.readOnly());
    }

    /**
     * Before API 1.44 a read-only bind was read-only at its top only (the API's ReadOnlyNonRecursive "defaults to
     * true for clients on versions prior to v1.44"). {@code -v src:dst:ro} binds of such clients are not changed:
     * they are made read-only all the way down, stricter than dockerd for them.
     */
    private static Mount nonRecursivelyReadOnly(Mount m) {
        Mount.BindOptions o = m.bindOptions();
        Mount.BindOptions ro = o == null ? new Mount.BindOptions(null, null, null, true, null)
                : new Mount.BindOptions(o.propagation(), o.nonRecursive(), o.createMountpoint(), true,
                        o.readOnlyForceRecursive());
        return new Mount(m.type(), m.source(), m.target(), m.readOnly(), m.consistency(), ro, m.volumeOptions(),
                m.tmpfsOptions());
    }
}
