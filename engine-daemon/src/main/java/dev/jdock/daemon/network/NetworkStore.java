package dev.jdock.daemon.network;

import dev.jdock.daemon.store.AtomicFiles;
import dev.jdock.daemon.store.StateFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Networks and per-container network state on disk (atomic JSON files) and in memory. */
public final class NetworkStore {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkStore.class);

    private final Path networksDir;
    private final Path containersDir;
    private final Map<String, NetworkRecord> networks = new ConcurrentHashMap<>();
    private final Map<String, ContainerNet> containers = new ConcurrentHashMap<>();

    public NetworkStore(Path root) {
        this.networksDir = root.resolve("networks");
        this.containersDir = root.resolve("containers");
    }

    public void load() {
        try {
            Files.createDirectories(networksDir);
            Files.createDirectories(containersDir);
        } catch (IOException e) {
            throw new IllegalStateException("creating " + networksDir + ": " + e.getMessage(), e);
        }
        for (Path f : list(networksDir)) {
            read(f, NetworkRecord.class).ifPresent(n -> networks.put(n.id(), n));
        }
        for (Path f : list(containersDir)) {
            read(f, ContainerNet.class).ifPresent(c -> containers.put(c.containerId(), c));
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private <T> Optional<T> read(Path f, Class<T> type) {
        try {
            return Optional.of(StateFormat.read(f, type));
        } catch (IOException e) {
            LOG.warn("ignoring unreadable {}: {}", f, e.getMessage());
            return Optional.empty();
        }
    }

    private void write(Path f, Object value) {
        AtomicFiles.write(f, StateFormat.bytes(value));
    }

    public Collection<NetworkRecord> networks() {
        return new ArrayList<>(networks.values());
    }

    public Optional<NetworkRecord> network(String id) {
        return Optional.ofNullable(networks.get(id));
    }

    public void putNetwork(NetworkRecord n) {
        write(networksDir.resolve(n.id() + ".json"), n);
        networks.put(n.id(), n);
    }

    public void removeNetwork(String id) {
        networks.remove(id);
        delete(networksDir.resolve(id + ".json"));
    }

    public Collection<ContainerNet> containers() {
        return new ArrayList<>(containers.values());
    }

    public Optional<ContainerNet> container(String id) {
        return Optional.ofNullable(containers.get(id));
    }

    public void putContainer(ContainerNet c) {
        write(containersDir.resolve(c.containerId() + ".json"), c);
        containers.put(c.containerId(), c);
    }

    public void removeContainer(String id) {
        containers.remove(id);
        delete(containersDir.resolve(id + ".json"));
    }

    private static void delete(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            LOG.warn("removing {}: {}", f, e.getMessage());
        }
    }
}
