package dev.jdock.daemon.container;

import dev.jdock.daemon.store.FileTrees;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.store.AtomicFiles;
import dev.jdock.daemon.store.Reaper;
import dev.jdock.daemon.store.StateFormat;
import dev.jdock.daemon.store.DiskErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import dev.jdock.api.types.container.ContainerStatus;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All containers, in memory and on disk under {@code <data-root>/containers/<id>/}: {@code config.json} (the record)
 * and {@code state.json} (the run state), each written atomically. Lookups by full ID, unique ID prefix or name.
 *
 * <p>Every record stays on the heap for its container's life, so what they weigh together is bounded
 * ({@link RecordWeights}): a create beyond it is refused with a 503 (a removal gives its weight back). Containers
 * loaded at start are counted, never refused; an update or a rename is counted, never refused (they change a few
 * fields, and a start records the hostname it shares). Each container's Config and HostConfig are bounded at create
 * ({@link ContainerCreator}).
 */
public final class ContainerStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerStore.class);
    /** In a container's directory: its removal began (an empty file: creating it needs no data block). */
    static final String REMOVING = "removing";
    /** A removed container's directory is renamed to this prefix + ID, then deleted (at the next start if need be). */
    static final String TOMBSTONE = ".removed-";
    private final Path root;
    private final Map<String, Container> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idByName = new ConcurrentHashMap<>();
    /** IDs of container directories whose record could not be read: left alone, with their root fs and run dir. */
    private final java.util.Set<String> unreadable = ConcurrentHashMap.newKeySet();
    /** Containers whose state in memory is newer than on disk (the write failed; retried). */
    private final UnwrittenStates unwritten;
    /** Containers whose state file holds a state {@link #writeAhead} wrote and memory does not show yet. */
    private final java.util.Set<String> ahead = ConcurrentHashMap.newKeySet();
    private final Reaper reaper;
    /** Counts the additions and removals of {@link #byId} (after each): whether {@link #sorted} is still right. */
    private final AtomicLong membership = new AtomicLong();
    private volatile Sorted sorted = new Sorted(-1, new Container[0]);
    /** What the records of {@link #byId} weigh together. */
    private final RecordWeights weights;

    public ContainerStore(Path containersDir) {
        this(containersDir, null, Reaper.inline());
    }

    /**
     * @param unwrittenDir where a state the data root's disk does not take is kept meanwhile, on another file system
     *                     (the exec root's tmpfs), so that a daemon restarted before the disk takes it again still
     *                     knows it (an exit code); null: in memory only
     * @param reaper       deletes a removed container's directory once it is renamed away (a big log can take a
     *                     while to free); what a killed daemon left is deleted at the next load
     */
    public ContainerStore(Path containersDir, Path unwrittenDir, Reaper reaper) {
        this(containersDir, unwrittenDir, reaper, RecordWeights.DEFAULT_MAX);
    }

    /** @param maxWeight what all records may weigh together ({@link RecordWeights}): creates past it are refused */
    ContainerStore(Path containersDir, Path unwrittenDir, Reaper reaper, long maxWeight) {
        this.root = containersDir;
        this.weights = new RecordWeights(maxWeight);
        this.unwritten = new UnwrittenStates(unwrittenDir);
        this.reaper = reaper;
    }

    public Path root() {
        return root;
    }

    /**
     * Loads every container found on disk; a directory without a readable config (a crash mid-create) is removed,
     * and so are the remains of removed ones. A container whose removal began is loaded {@code Dead}: its removal
     * is finished by {@link ContainerRestore}.
     */
    public void load() {
        try {
            Files.createDirectories(root);
            try (Stream<Path> dirs = Files.list(root)) {
                for (Path d : (Iterable<Path>) dirs::iterator) {
                    loadOne(d);
                }
            }
            unwritten.dropUnknown(byId.keySet());
            if (weights.over()) {
                LOG.warn("the configurations of the {} containers loaded weigh {} bytes, more than the {} they may "
                        + "weigh together: creates are refused until containers are removed", byId.size(),
                        weights.total(), weights.max());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void loadOne(Path d) {
        String name = d.getFileName().toString();
        if (name.startsWith(TOMBSTONE)) {
            deleteTree(d); // a removal killed while deleting
            return;
        }
        if (!ContainerIds.isFullId(name) || !Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            LOG.warn("ignoring {}: not a container directory", d); // not ours: never deleted
            return;
        }
        Path cfg = d.resolve("config.json");
        if (!Files.exists(cfg, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            LOG.warn("removing the directory of a container whose creation did not finish: {}", d);
            deleteTree(d); // the record is written last: a create killed before it
            return;
        }
        try {
            ContainerRecord rec = StateFormat.read(cfg, ContainerRecord.class);
            Path st = d.resolve("state.json");
            ContainerRunState state = Files.exists(st) ? StateFormat.read(st, ContainerRunState.class)
                    : ContainerRunState.created();
            state = unwritten.load(rec.id(), st).orElse(state); // written to the data root once it takes it
            if (Files.exists(d.resolve(REMOVING))) {
                state = state.withStatus(ContainerStatus.DEAD);
            }
            Container c = new Container(rec, state, d);
            c.weight(RecordWeights.weigh(rec)); // counted, never refused: a restart loses no container
            weights.add(c.weight());
            byId.put(rec.id(), c);
            membership.incrementAndGet();
            idByName.put(rec.name(), rec.id());
        } catch (IOException e) {
            // written atomically, so never torn by a crash: a damaged disk or a newer format; kept for the operator
            LOG.error("ignoring container {}: its record cannot be read: {}", d, e.getMessage());
            unreadable.add(name);
        }
    }

    /** Reserves the name and writes the new container; fails with 409 when the name is taken. */
    public Container add(ContainerRecord rec) {
        return add(rec, c -> { });
    }

    /**
     * Reserves the name and writes the new container: its directory, then what {@code prepare} makes (its root
     * filesystem, its files), then its record, last (its state is written at its first change): a container is
     * loaded only when its record is readable, so a daemon killed during a create never brings back half a container
     * (and {@link ContainerRestore} removes a root filesystem whose record never came). Fails with 409 when the name
     * is taken, with 503 when the record would take the records' weight past its bound ({@link RecordWeights});
     * on any failure nothing of the container is kept here (what {@code prepare} made elsewhere is the caller's to
     * undo).
     */
    public Container add(ContainerRecord rec, java.util.function.Consumer<Container> prepare) {
        String existing = idByName.putIfAbsent(rec.name(), rec.id());
        if (existing != null) {
            throw EngineException.conflict("Conflict. The container name \"/" + rec.name()
                    + "\" is already in use by container \"" + existing
                    + "\". You have to remove (or rename) that container to be able to reuse that name.");
        }
        long w;
        try {
            w = weights.reserve(rec, byId.size());
        } catch (RuntimeException e) {
            idByName.remove(rec.name(), rec.id());
            throw e;
        }
        Path d = root.resolve(rec.id());
        try {
            Files.createDirectories(d, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    dev.jdock.daemon.store.DataRootModes.DIRECTORY)); // root's alone, as its parent
            // no state.json yet: a record without one loads as created (one file and its fsync less per create)
            Container c = new Container(rec, ContainerRunState.created(), d);
            c.weight(w);
            // the record's temp file is synced while prepare syncs the root filesystem's; renamed into place last
            AtomicFiles.Staged record = AtomicFiles.stage(d.resolve("config.json"), StateFormat.bytes(rec));
            try {
                prepare.accept(c);
            } catch (RuntimeException e) {
                record.discard();
                throw e;
            }
            record.commit();
            byId.put(rec.id(), c);
            membership.incrementAndGet();
            return c;
        } catch (IOException | RuntimeException e) {
            weights.add(-w);
            idByName.remove(rec.name(), rec.id());
            deleteTree(d);
            throw e instanceof RuntimeException re ? re
                    : EngineException.system("creating " + d + ": " + DiskErrors.describe(e), e);
        }
    }

    /** What the records of all containers weigh together ({@link RecordWeights#weigh}). */
    public long weight() {
        return weights.total();
    }

    /** Shows {@code c}'s new record {@code r}, its weight counted in place of the old one's (never refused). */
    private void setRecord(Container c, ContainerRecord r) {
        long w = RecordWeights.weigh(r);
        synchronized (c) {
            if (byId.get(c.id()) == c) { // a removed one's weight was given back
                weights.add(w - c.weight());
            }
            c.weight(w);
            c.setRecord(r);
        }
    }

    /** The IDs of every container directory on disk: the loaded containers and those whose record is unreadable. */
    java.util.Set<String> idsOnDisk() {
        java.util.Set<String> ids = new java.util.HashSet<>(byId.keySet());
        ids.addAll(unreadable);
        return ids;
    }

    public boolean nameTaken(String name) {
        return idByName.containsKey(name);
    }

    /**
     * Replaces the state, on disk first; an unchanged state is not written again (one fsync less per start). When
     * the disk does not take it (full, read-only), the change still happens in memory, since it happened to the
     * process (an exit is a fact: wait, inspect, stop and rm must see it), and is written as soon as the disk takes
     * it again (retried every few seconds, and by any later write of the same state file). A daemon killed before
     * then reconciles the record with the processes at its start ({@link ContainerRestore}).
     */
    public void update(Container c, ContainerRunState s) {
        synchronized (c) {
            boolean diskAhead = ahead.remove(c.id());
            if (!diskAhead && s.equals(c.state()) && !unwritten.contains(c.id())) {
                return;
            }
            try {
                writeState(c, s);
            } catch (UncheckedIOException e) {
                if (unwritten.failed(c.id(), json(s))) {
                    LOG.warn("container {}: cannot record its state ({}): kept in memory, written once the disk "
                            + "takes it", c.id(), e.getMessage());
                }
                unwritten.retryLater(this::writeUnwritten);
            }
            c.setState(s);
        }
    }

    /**
     * Writes {@code s} to disk without showing it yet, so that the write overlaps what the caller waits for next (a
     * start records "running" while its process goes on to exec); {@link #publish} shows it once that happened, and
     * the next {@link #update} writes its state even when it equals the one shown (the disk holds another meanwhile).
     * Returns false when the disk did not take it: {@link #publish} then writes it as {@link #update} does.
     */
    public boolean writeAhead(Container c, ContainerRunState s) {
        synchronized (c) {
            try {
                writeState(c, s);
            } catch (UncheckedIOException e) {
                return false;
            }
            ahead.add(c.id());
            return true;
        }
    }

    /** Shows the state {@link #writeAhead} wrote (or writes it first, when that write did not happen). */
    public void publish(Container c, ContainerRunState s) {
        synchronized (c) {
            if (ahead.remove(c.id())) {
                c.setState(s);
            } else {
                update(c, s);
            }
        }
    }

    /** Whether some state changes are only in memory yet (the disk did not take them). */
    public boolean hasUnwrittenStates() {
        return !unwritten.isEmpty();
    }

    /** Writes the states the disk did not take; what still fails is tried again later. */
    void writeUnwritten() {
        for (String id : unwritten.ids()) {
            Container c = byId.get(id);
            if (c == null) {
                unwritten.written(id);
                continue;
            }
            synchronized (c) {
                try {
                    writeState(c, c.state());
                    LOG.info("container {}: its state is recorded again", id);
                } catch (UncheckedIOException e) {
                    // still full
                }
            }
        }
        if (!unwritten.isEmpty()) {
            unwritten.retryLater(this::writeUnwritten);
        }
    }

    /** Replaces the record (update), on disk first. */
    public void updateRecord(Container c, ContainerRecord r) {
        writeRecord(c, r);
        setRecord(c, r);
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
        try {
            writeRecord(c, r);
        } catch (RuntimeException e) {
            if (existing == null) {
                idByName.remove(newName, c.id()); // the name stays free when the disk refuses the new record
            }
            throw e;
        }
        setRecord(c, r);
        idByName.remove(old, c.id());
    }

    /**
     * Marks the container as being removed, on disk before anything is destroyed (an empty marker file, so that it
     * works on a full disk too), then in memory ({@code Removal In Progress}).
     */
    public void markRemoving(Container c) {
        Path marker = c.dir().resolve(REMOVING);
        try {
            if (!Files.exists(marker)) {
                Files.newByteChannel(marker, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
                AtomicFiles.fsyncDirectory(c.dir());
            }
        } catch (IOException e) {
            throw EngineException.system("marking container " + c.id() + " for removal: "
                    + DiskErrors.describe(e), e);
        }
        c.setState(c.state().withStatus(ContainerStatus.REMOVING));
    }

    /**
     * Forgets the container and deletes its directory: renamed away first (atomic), so that a daemon killed while
     * the tree is deleted never loads half a container; the tree is deleted by the reaper (the rest, if killed
     * meanwhile, at the next start).
     */
    public void remove(Container c) {
        Path tomb = root.resolve(TOMBSTONE + c.id());
        try {
            Files.move(c.dir(), tomb, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            throw EngineException.system("removing " + c.dir() + ": " + DiskErrors.describe(e), e);
        }
        synchronized (c) {
            if (byId.remove(c.id(), c)) {
                weights.add(-c.weight()); // given back once, however often a removal is retried
            }
        }
        membership.incrementAndGet();
        idByName.remove(c.name(), c.id());
        unwritten.written(c.id());
        ahead.remove(c.id());
        reaper.delete(tomb);
    }

    /**
     * Every container, newest first (a new list each time). The order is kept until a container is added or removed
     * (a container's creation time never changes): {@code docker ps} asks for it each time, and sorting N records
     * again took a twentieth of a list's time on a daemon that has not compiled the sort yet.
     */
    public Collection<Container> all() {
        long v = membership.get();
        Sorted s = sorted;
        if (s.version() != v) {
            Container[] a = byId.values().toArray(new Container[0]);
            Arrays.sort(a, (x, y) -> y.record().created().compareTo(x.record().created()));
            s = new Sorted(v, a);
            sorted = s; // a slower reader may put back an older one: its version no longer matches, it is redone
        }
        return new ArrayList<>(Arrays.asList(s.order()));
    }

    /** {@link #all()}'s order as of the {@link #membership} version it was made at. */
    private record Sorted(long version, Container[] order) {
    }

    /**
     * A full ID as given, else a name (with or without its "/"): two map lookups, no prefix (moby's idOrNameFilter,
     * which the {@code before}/{@code since} filters use).
     */
    public Optional<Container> findExact(String ref) {
        Container c = byId.get(ref);
        if (c != null) {
            return Optional.of(c);
        }
        String id = idByName.get(ref.startsWith("/") ? ref.substring(1) : ref);
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
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

    /** Daemon shutdown: stops the retry timer of state writes that failed (the disk was full). */
    @Override
    public void close() {
        unwritten.close();
    }

    /** The container, or Docker's 404 "No such container: ref". */
    public Container get(String ref) {
        return find(ref).orElseThrow(() -> EngineException.noSuchContainer(ref));
    }

    private void writeRecord(Container c, ContainerRecord r) {
        AtomicFiles.write(c.dir().resolve("config.json"), StateFormat.bytes(r));
    }

    /** Writes the state file; the container's kept copy, if any, is dropped once the data root took it. */
    private void writeState(Container c, ContainerRunState s) {
        AtomicFiles.write(c.dir().resolve("state.json"), json(s));
        unwritten.written(c.id());
    }

    private static byte[] json(ContainerRunState s) {
        return StateFormat.bytes(s);
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
