package dev.jdock.daemon.container;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdock.api.Json;
import dev.jdock.daemon.content.FileTrees;
import dev.jdock.daemon.errors.EngineException;
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
 * All containers, in memory and on disk under {@code <data-root>/containers/<id>/}: {@code config.json} (the record)
 * and {@code state.json} (the run state), each written atomically. Lookups by full ID, unique ID prefix or name.
 */
public final class ContainerStore {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerStore.class);
    private static final ObjectMapper JSON = Json.mapper();

    private final Path root;
    private final Map<String, Container> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idByName = new ConcurrentHashMap<>();

    public ContainerStore(Path containersDir) {
        this.root = containersDir;
    }

    public Path root() {
        return root;
    }

    /** Loads every container found on disk; a directory without a readable config (a crash mid-create) is removed. */
    public void load() {
        try {
            Files.createDirectories(root);
            try (Stream<Path> dirs = Files.list(root)) {
                for (Path d : (Iterable<Path>) dirs::iterator) {
                    loadOne(d);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void loadOne(Path d) {
        Path cfg = d.resolve("config.json");
        try {
            ContainerRecord rec = JSON.readValue(cfg.toFile(), ContainerRecord.class);
            Path st = d.resolve("state.json");
            ContainerRunState state = Files.exists(st) ? JSON.readValue(st.toFile(), ContainerRunState.class)
                    : ContainerRunState.created();
            Container c = new Container(rec, state, d);
            byId.put(rec.id(), c);
            idByName.put(rec.name(), rec.id());
        } catch (IOException e) {
            LOG.warn("removing incomplete container directory {}: {}", d, e.getMessage());
            deleteTree(d);
        }
    }

    /** Reserves the name and writes the new container; fails with 409 when the name is taken. */
    public Container add(ContainerRecord rec) {
        String existing = idByName.putIfAbsent(rec.name(), rec.id());
        if (existing != null) {
            throw EngineException.conflict("Conflict. The container name \"/" + rec.name()
                    + "\" is already in use by container \"" + existing
                    + "\". You have to remove (or rename) that container to be able to reuse that name.");
        }
        Path d = root.resolve(rec.id());
        try {
            Files.createDirectories(d, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    dev.jdock.daemon.store.DataRootModes.DIRECTORY)); // root's alone, as its parent
            Container c = new Container(rec, ContainerRunState.created(), d);
            writeState(c, c.state());
            writeRecord(c, rec);
            byId.put(rec.id(), c);
            return c;
        } catch (IOException | RuntimeException e) {
            idByName.remove(rec.name(), rec.id());
            deleteTree(d);
            throw e instanceof RuntimeException re ? re : new UncheckedIOException((IOException) e);
        }
    }

    public boolean nameTaken(String name) {
        return idByName.containsKey(name);
    }

    /** Replaces the run state, on disk first. */
    /** Replaces the state, on disk first; an unchanged state is not written again (one fsync less per start). */
    public void update(Container c, ContainerRunState s) {
        if (s.equals(c.state())) {
            return;
        }
        writeState(c, s);
        c.setState(s);
    }

    /** Replaces the record (update), on disk first. */
    public void updateRecord(Container c, ContainerRecord r) {
        writeRecord(c, r);
        c.setRecord(r);
    }

    public void rename(Container c, String newName) {
        String existing = idByName.putIfAbsent(newName, c.id());
        if (existing != null && !existing.equals(c.id())) {
            throw EngineException.conflict("Conflict. The container name \"/" + newName
                    + "\" is already in use by container \"" + existing
                    + "\". You have to remove (or rename) that container to be able to reuse that name.");
        }
        String old = c.name();
        ContainerRecord r = c.record().withName(newName);
        writeRecord(c, r);
        c.setRecord(r);
        idByName.remove(old, c.id());
    }

    public void remove(Container c) {
        byId.remove(c.id());
        idByName.remove(c.name(), c.id());
        deleteTree(c.dir());
    }

    public Collection<Container> all() {
        List<Container> list = new ArrayList<>(byId.values());
        list.sort(Comparator.comparing((Container c) -> c.record().created()).reversed());
        return list;
    }

    public Optional<Container> find(String ref) {
        if (ref == null || ref.isEmpty()) {
            return Optional.empty();
        }
        String key = ref.startsWith("/") ? ref.substring(1) : ref;
        Container c = byId.get(key);
        if (c != null) {
            return Optional.of(c);
        }
        String id = idByName.get(key);
        if (id != null) {
            return Optional.ofNullable(byId.get(id));
        }
        Container found = null;
        for (Container x : byId.values()) {
            if (x.id().startsWith(key)) {
                if (found != null) {
                    throw EngineException.invalid("multiple IDs found with provided prefix: " + key);
                }
                found = x;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The container, or Docker's 404 "No such container: ref". */
    public Container get(String ref) {
        return find(ref).orElseThrow(() -> EngineException.notFound("No such container: " + ref));
    }

    private void writeRecord(Container c, ContainerRecord r) {
        try {
            AtomicFiles.write(c.dir().resolve("config.json"), JSON.writeValueAsBytes(r));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeState(Container c, ContainerRunState s) {
        try {
            AtomicFiles.write(c.dir().resolve("state.json"), JSON.writeValueAsBytes(s));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a directory tree, tolerating files that vanish meanwhile (a monitor removing its own run files). */
    static void deleteTree(Path d) {
        try {
            FileTrees.deleteRecursively(d);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", d, e.getMessage());
        }
    }
}
