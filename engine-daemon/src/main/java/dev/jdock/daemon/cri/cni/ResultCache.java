package dev.jdock.daemon.cri.cni;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jdock.daemon.store.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The last ADD of each attachment, kept as libcni keeps it under {@code /var/lib/cni/results}, but in the daemon's
 * own state directory: one file per network, container and interface ({@code <network>-<id>-<ifname>}, names that
 * {@link NetworkConfigList} and {@link PodAttachment} validated), written atomically, 0600. It holds the network
 * configuration ADD ran and its capability arguments too, so that DEL and CHECK run the same plugins with the same
 * {@code runtimeConfig} (portmap's DEL needs the port mappings) even after /etc/cni/net.d changed.
 */
public final class ResultCache {
    static final String KIND = "jdockCniCacheV1";
    private static final int MAX_BYTES = 4 << 20;

    private final Path dir;

    public ResultCache(Path dir) {
        this.dir = dir;
    }

    /** One cache file. {@code config} is the network list; {@code result} the final ADD result as printed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String kind, String containerId, String ifName, String networkName, List<List<String>> cniArgs,
            RuntimeConfig runtimeConfig, ObjectNode config, ObjectNode result) {
    }

    Path file(String network, String containerId, String ifName) {
        return dir.resolve(network + "-" + containerId + "-" + ifName);
    }

    void put(Entry e) {
        try {
            AtomicFiles.write(file(e.networkName(), e.containerId(), e.ifName()),
                    CniConfigs.JSON.writeValueAsBytes(e));
        } catch (IOException | UncheckedIOException x) {
            throw CniException.local("writing the CNI result cache", x);
        }
    }

    /** The entry, or empty when there is none; an unreadable or foreign file is an error. */
    Optional<Entry> get(String network, String containerId, String ifName) {
        Path f = file(network, containerId, ifName);
        try {
            Entry e = CniConfigs.JSON.readValue(CniConfigs.readBounded(f, MAX_BYTES), Entry.class);
            if (!KIND.equals(e.kind()) || e.config() == null) {
                throw CniException.local("cached result " + f + " is not a " + KIND);
            }
            return Optional.of(e);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw CniException.local("reading cached result " + f, e);
        }
    }

    /** The cached entries of one container, whatever the network (the network at DEL may differ from ADD's). */
    List<String> networksOf(String containerId, String ifName) {
        String suffix = "-" + containerId + "-" + ifName;
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix) && !n.startsWith("."))
                    .map(n -> n.substring(0, n.length() - suffix.length())).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw CniException.local("listing " + dir, e);
        }
    }

    void remove(String network, String containerId, String ifName) {
        try {
            Files.deleteIfExists(file(network, containerId, ifName));
        } catch (IOException e) {
            throw CniException.local("removing the CNI result cache", e);
        }
    }
}
