package dev.jdock.daemon.cri;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * NetworkReady, decided as containerd's CNI plugin does: the pod network is ready once the CNI configuration
 * directory (/etc/cni/net.d) holds a network configuration, the first of its {@code .conf}, {@code .conflist} and
 * {@code .json} files in name order that is a valid one (a conflist with plugins, or a single plugin's conf with
 * a type). Until then the kubelet keeps the node NotReady and schedules only host-network pods.
 */
final class NetworkReadiness {
    static final String NOT_READY = "NetworkPluginNotReady";
    private static final List<String> EXTENSIONS = List.of(".conf", ".conflist", ".json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path confDir;

    NetworkReadiness(Path confDir) {
        this.confDir = confDir;
    }

    Readiness check() {
        List<Path> files;
        try (Stream<Path> s = Files.list(confDir)) {
            files = s.filter(p -> EXTENSIONS.stream().anyMatch(p.getFileName().toString()::endsWith))
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            files = List.of();
        }
        for (Path f : files) {
            if (isNetwork(f)) {
                return Readiness.READY;
            }
        }
        return Readiness.notReady(NOT_READY, "Network plugin returns error: cni plugin not initialized: no network"
                + " config found in " + confDir);
    }

    private static boolean isNetwork(Path f) {
        try {
            JsonNode conf = JSON.readTree(f.toFile());
            if (conf == null || !conf.isObject() || !conf.path("name").isTextual()) {
                return false;
            }
            JsonNode plugins = conf.path("plugins");
            return f.toString().endsWith(".conflist")
                    ? plugins.isArray() && !plugins.isEmpty() && plugins.get(0).path("type").isTextual()
                    : conf.path("type").isTextual() || plugins.isArray() && !plugins.isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
