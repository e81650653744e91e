package dev.jdock.daemon.volume;

import dev.jdock.api.Json;
import dev.jdock.daemon.content.FileTrees;
import dev.jdock.daemon.store.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The volumes on disk: {@code <root>/<name>/volume.json} (written atomically) next to {@code <root>/<name>/_data},
 * the directory containers see. Loaded into memory once; every change goes to disk first.
 */
public final class VolumeStore {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeStore.class);
    static final String META = "volume.json";
    static final String DATA = "_data";

    private final Path root;
    private final Map<String, Volume> byName = new ConcurrentHashMap<>();

    public VolumeStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public void load() {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(Files::isDirectory).forEach(this::loadOne);
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + root, e);
        }
    }

    private void loadOne(Path dir) {
        Path meta = dir.resolve(META);
        if (!Files.exists(meta)) {
            LOG.warn("ignoring volume directory without {}: {}", META, dir);
            return;
        }
        try {
            Volume v = Json.mapper().readValue(meta.toFile(), Volume.class);
            byName.put(v.name(), v);
        } catch (IOException e) {
            LOG.warn("ignoring unreadable volume {}: {}", dir, e.getMessage());
        }
    }

    /** Creates {@code _data} and writes the metadata; the volume is visible only once both exist. */
    public void add(Volume v) {
        Path dir = root.resolve(v.name());
        try {
            Files.createDirectories(dir.resolve(DATA));
        } catch (IOException e) {
            throw new UncheckedIOException("creating " + dir, e);
        }
        try {
            AtomicFiles.write(dir.resolve(META), Json.mapper().writeValueAsBytes(v));
        } catch (IOException e) {
            throw new UncheckedIOException("writing volume " + v.name(), e);
        }
        byName.put(v.name(), v);
    }

    public Optional<Volume> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<Volume> all() {
        List<Volume> out = new ArrayList<>(byName.values());
        out.sort(Comparator.comparing(Volume::name));
        return out;
    }

    public Path dataDir(String name) {
        return root.resolve(name).resolve(DATA);
    }

    /** Forgets the volume, then deletes its metadata and data (the metadata first: a crash leaves no half volume). */
    public void remove(String name) {
        byName.remove(name);
        Path dir = root.resolve(name);
        try {
            Files.deleteIfExists(dir.resolve(META));
            FileTrees.deleteRecursively(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("removing volume " + name, e);
        }
    }
}
