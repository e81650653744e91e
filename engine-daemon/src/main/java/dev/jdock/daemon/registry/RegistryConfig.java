package dev.jdock.daemon.registry;

import java.nio.file.Path;
import java.util.List;

/**
 * The daemon's registry settings: {@code registry-mirrors} (for docker.io pulls, tried in order before
 * registry-1.docker.io), {@code insecure-registries} (host[:port] or CIDR: plain HTTP allowed, TLS not verified), the
 * certificate directories searched for {@code <host:port>/} subdirectories, and how many layers a pull downloads and a
 * push uploads at once ({@code max-concurrent-downloads}, {@code max-concurrent-uploads}).
 */
public record RegistryConfig(List<String> mirrors, List<String> insecureRegistries, List<Path> certsRoots,
        int maxConcurrentDownloads, int maxConcurrentUploads) {
    public static final List<Path> DEFAULT_CERTS_ROOTS = List.of(Path.of("/etc/jdock/certs.d"),
            Path.of("/etc/docker/certs.d"));
    /** dockerd's defaults. */
    public static final int DEFAULT_DOWNLOADS = 3;
    public static final int DEFAULT_UPLOADS = 5;

    public RegistryConfig {
        mirrors = mirrors == null ? List.of() : List.copyOf(mirrors);
        insecureRegistries = insecureRegistries == null ? List.of() : List.copyOf(insecureRegistries);
        certsRoots = certsRoots == null ? DEFAULT_CERTS_ROOTS : List.copyOf(certsRoots);
        maxConcurrentDownloads = maxConcurrentDownloads <= 0 ? DEFAULT_DOWNLOADS : maxConcurrentDownloads;
        maxConcurrentUploads = maxConcurrentUploads <= 0 ? DEFAULT_UPLOADS : maxConcurrentUploads;
    }

    /** With dockerd's default transfer limits. */
    public RegistryConfig(List<String> mirrors, List<String> insecureRegistries, List<Path> certsRoots) {
        this(mirrors, insecureRegistries, certsRoots, DEFAULT_DOWNLOADS, DEFAULT_UPLOADS);
    }

    public static RegistryConfig defaults() {
        return new RegistryConfig(List.of(), List.of(), DEFAULT_CERTS_ROOTS);
    }
}
