package dev.jdock.daemon.network;

import dev.jdock.api.types.network.Ipam;
import dev.jdock.api.types.network.NetworkCreateRequest;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.util.Map;

/**
 * Config-only networks ({@code ConfigOnly}) and the networks made from one ({@code ConfigFrom}), with libnetwork's
 * rules and texts: a config-only network holds a configuration and nothing else (no operator fields, no endpoint);
 * a network made from it takes its subnet, gateway, range, aux addresses, options, labels and IPAM options, and may
 * set none of them itself (nor IPv6 or another IPAM driver).
 */
final class ConfigNetworks {
    static final String NO_ENDPOINT = "cannot create endpoint on configuration-only network";

    private ConfigNetworks() {
    }

    /** The name of the config network a request names ({@code ""}: none). */
    static String from(NetworkCreateRequest req) {
        return req.configFrom() == null || req.configFrom().network() == null ? "" : req.configFrom().network();
    }

    /** libnetwork's validateConfiguration: checked before the config network is looked up (all 403). */
    static void validate(NetworkCreateRequest req) {
        boolean only = Boolean.TRUE.equals(req.configOnly());
        if (only && (req.internal() || req.attachable() || Boolean.TRUE.equals(req.ingress())
                || (req.scope() != null && !req.scope().isEmpty()))) {
            throw forbidden("configuration network can only contain network specific fields. Network operator "
                    + "fields like [ ingress | internal | attachable | scope ] are not supported.");
        }
        if (from(req).isEmpty()) {
            return;
        }
        if (only) {
            throw forbidden("a configuration network cannot depend on another configuration network");
        }
        Ipam ipam = req.ipam();
        String ipamDriver = ipam == null || ipam.driver() == null ? "" : ipam.driver();
        if ((!ipamDriver.isEmpty() && !ipamDriver.equals(Ipam.DEFAULT_DRIVER)) || Boolean.TRUE.equals(req.enableIpv6())
                || notEmpty(req.labels()) || (ipam != null && notEmpty(ipam.options()))
                || (ipam != null && ipam.config() != null && !ipam.config().isEmpty())) {
            throw forbidden("user specified configurations are not supported if the network depends on a "
                    + "configuration network");
        }
        if (notEmpty(req.options())) {
            throw forbidden("network driver options are not supported if the network depends on a configuration "
                    + "network");
        }
    }

    /** The config-only network named {@code name} (by name, as libnetwork looks it up), or moby's 404. */
    static NetworkRecord lookup(NetworkService svc, String name) {
        return svc.byName(name).filter(NetworkRecord::configOnly).orElseThrow(() -> EngineException.notFound(
                "configuration network \"" + name + "\" does not exist"));
    }

    /** Removing {@code n}: a config-only network is refused while a network is made from it. */
    static void checkRemovable(NetworkService svc, NetworkRecord n) {
        if (n.configOnly() && svc.list().stream().anyMatch(o -> o.configFrom().equals(n.name()))) {
            throw forbidden("error while removing network: configuration network \"" + n.name() + "\" is in use");
        }
    }

    /** An endpoint (connect, or a container's start) on {@code n}. */
    static void checkEndpoint(NetworkRecord n) {
        if (n.configOnly()) {
            throw forbidden(NO_ENDPOINT);
        }
    }

    private static boolean notEmpty(Map<String, String> m) {
        return m != null && !m.isEmpty();
    }

    private static EngineException forbidden(String msg) {
        return new EngineException(ErrorKind.FORBIDDEN, msg);
    }
}
