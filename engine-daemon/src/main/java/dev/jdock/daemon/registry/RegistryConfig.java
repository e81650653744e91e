package dev.jdock.daemon.registry;

import java.nio.file.Path;
import java.util.List;

/**
 * The daemon's registry settings: {@code registry-mirrors} (for docker.io pulls, tried in order before
 * registry-1.docker.io), {@code insecure-registries} (host[:port] or CIDR: plain HTTP allowed, TLS not verified) and
 * the certificate directories searched for {@code <host:port>/} subdirectories.
 */
public record RegistryConfig(List<String> mirrors, List<String> insecureRegistries, List<Path> certsRoots) {
    public static final List<Path> DEFAULT_CERTS_ROOTS = List.of(Path.of("/etc/jdock/certs.d"),
            Path.of("/etc/docker/certs.d"));

    public RegistryConfig {
        mirrors = mirrors == null ? List.of() : List.copyOf(mirrors);
        insecureRegistries = insecureRegistries == null ? List.of() : List.copyOf(insecureRegistries);
        certsRoots = certsRoots == null ? DEFAULT_CERTS_ROOTS : List.copyOf(certsRoots);
    }

    public static RegistryConfig defaults() {
        return new RegistryConfig(List.of(), List.of(), DEFAULT_CERTS_ROOTS);
    }
}
