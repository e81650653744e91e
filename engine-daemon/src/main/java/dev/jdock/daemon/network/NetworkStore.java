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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Networks and per-container network state on disk (atomic JSON files) and in memory. A container's state is two
 * files: its configuration ({@code containers/<id>.json}: endpoints, aliases, requested addresses; synced, written
 * only when it changes) and, while it runs, its run-time part ({@code active/<id>.json}, {@link RunningNet}: never
 * synced), so a start and an exit cost no fsync. Files of an earlier jdockd, with the addresses in the
 * configuration, load as they are.
 */
public final class NetworkStore {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkStore.class);

    private final Path networksDir;
    private final Path containersDir;
    private final Path activeDir;
    private final Map<String, NetworkRecord> networks = new ConcurrentHashMap<>();
    /** {@link #networks}' values, made again after each change ({@link #networksView}). */
    private volatile List<NetworkRecord> snapshot = List.of();
    private final Map<String, ContainerNet> containers = new ConcurrentHashMap<>();
    /** Each container's configuration file as last written or read (a write that would not change it is skipped). */
    private final Map<String, ContainerNet> onDisk = new ConcurrentHashMap<>();
    /** Containers with a run-time file. */
    private final Set<String> active = ConcurrentHashMap.newKeySet();

    public NetworkStore(Path root) {
        this.networksDir = root.resolve("networks");
        this.containersDir = root.resolve("containers");
        this.activeDir = root.resolve("active");
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
        snapshot();
        for (Path f : list(containersDir)) {
            read(f, ContainerNet.class).ifPresent(c -> {
                containers.put(c.containerId(), c);
                onDisk.put(c.containerId(), c);
            });
        }
        for (Path f : list(activeDir)) {
            Optional<RunningNet> r = read(f, RunningNet.class);
            ContainerNet c = r.map(x -> containers.get(x.containerId())).orElse(null);
            if (c == null || !f.getFileName().toString().equals(c.containerId() + ".json")) {
                delete(f); // unreadable (a power cut), or its container's configuration is gone
                continue;
            }
            containers.put(c.containerId(), r.get().applyTo(c));
            active.add(c.containerId());
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

    /**
     * The networks as of the last change, for a lookup: an immutable list made again after each change (networks
     * are few and change seldom; ps looks host or none up for every container, and walking the map's table took a
     * twentieth of a list on a daemon that had not compiled it yet).
     */
    Collection<NetworkRecord> networksView() {
        return snapshot;
    }

    /** Makes {@link #snapshot} again; under the lock, so that the last one made has seen the last change. */
    private synchronized void snapshot() {
        snapshot = List.copyOf(networks.values());
    }

    public Optional<NetworkRecord> network(String id) {
        return Optional.ofNullable(networks.get(id));
    }

    public void putNetwork(NetworkRecord n) {
        write(networksDir.resolve(n.id() + ".json"), n);
        networks.put(n.id(), n);
        snapshot();
    }

    public void removeNetwork(String id) {
        networks.remove(id);
        snapshot();
        delete(networksDir.resolve(id + ".json"));
    }

    public Collection<ContainerNet> containers() {
        return new ArrayList<>(containers.values());
    }

    public Optional<ContainerNet> container(String id) {
        return Optional.ofNullable(containers.get(id));
    }

    /**
     * Records {@code c}: its configuration synced when it changed, its run-time part ({@link RunningNet}) renamed into
     * place unsynced, or deleted when nothing runs.
     */
    public void putContainer(ContainerNet c) {
        putContainer(c, false);
    }

    /**
     * As {@link #putContainer(ContainerNet)}; with {@code derivable}, the configuration is one the network feature
     * derives again when the file is missing or unreadable (a created container's endpoint on the default bridge
     * without settings), so it is renamed into place unsynced too: a power cut may lose it, never tear what matters.
     */
    public void putContainer(ContainerNet c, boolean derivable) {
        String id = c.containerId();
        ContainerNet config = RunningNet.configOf(c);
        if (!config.equals(onDisk.get(id))) {
            if (derivable) {
                AtomicFiles.writeDerived(containersDir.resolve(id + ".json"), StateFormat.bytes(config),
                        AtomicFiles.PRIVATE);
            } else {
                write(containersDir.resolve(id + ".json"), config);
            }
            onDisk.put(id, config);
        }
        RunningNet run = RunningNet.of(c);
        if (!run.isEmpty()) {
            AtomicFiles.writeDerived(activeDir.resolve(id + ".json"), StateFormat.bytes(run), AtomicFiles.PRIVATE);
            active.add(id);
        } else if (active.remove(id)) {
            delete(activeDir.resolve(id + ".json"));
        }
        containers.put(id, c);
    }

    public void removeContainer(String id) {
        containers.remove(id);
        onDisk.remove(id);
        if (active.remove(id)) {
            delete(activeDir.resolve(id + ".json"));
        }
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
