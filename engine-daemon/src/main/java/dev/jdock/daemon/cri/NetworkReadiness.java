package dev.jdock.daemon.cri;

import dev.jdock.daemon.cri.cni.CniConfigs;
import java.nio.file.Path;

/**
 * NetworkReady, decided as containerd's CNI plugin does: the pod network is ready once the CNI configuration
 * directory (/etc/cni/net.d) holds a network configuration, the first of its {@code .conf}, {@code .conflist} and
 * {@code .json} files in name order that is a valid one. The choice is {@link CniConfigs}', the same that pod
 * networking makes, so a network reported ready is one RunPodSandbox can set up. Until then the kubelet keeps the
 * node NotReady and schedules only host-network pods.
 */
final class NetworkReadiness {
    static final String NOT_READY = "NetworkPluginNotReady";

    private final CniConfigs configs;

    NetworkReadiness(Path confDir) {
        this.configs = new CniConfigs(confDir);
    }

    Readiness check() {
        CniConfigs.Selection s = configs.load();
        if (s.network().isPresent()) {
            return Readiness.READY;
        }
        return Readiness.notReady(NOT_READY, "Network plugin returns error: cni plugin not initialized: no network"
                + " config found in " + configs.dir() + (s.skipped().isEmpty() ? ""
                : " (" + String.join("; ", s.skipped()) + ")"));
    }
}
