package dev.jdock.daemon.cri.pod;

import dev.jdock.daemon.store.AtomicFiles;
import dev.jdock.daemon.store.StateFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod sandboxes, in memory and one file each under {@code dir} (0600, written atomically and synced: a record
 * is what a restarted jdockd reconciles its netns, CNI attachment and infra process with; the first steps of a
 * RunPodSandbox are written {@linkplain #putUnsynced unsynced}). An unreadable file is
 * skipped with a warning, as the network store does.
 */
public final class PodSandboxStore {
    private static final Logger LOG = LoggerFactory.getLogger(PodSandboxStore.class);
    private static final long MAX_FILE = 1 << 20;

    private final Path dir;
    private final Map<String, PodSandbox> byId = new ConcurrentHashMap<>();
    /** Records written by {@link #putUnsynced} whose directory entry no synced write has made durable yet. */
    private final java.util.Set<String> unsynced = ConcurrentHashMap.newKeySet();

    public PodSandboxStore(Path dir) {
        this.dir = dir;
    }

    public void load() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("creating " + dir, e);
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                read(f).ifPresent(s -> byId.put(s.id(), s));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + dir, e);
        }
    }

    private static Optional<PodSandbox> read(Path f) {
        try {
            if (!Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.size(f) > MAX_FILE) {
                LOG.warn("ignoring {}: not a regular file of at most {} bytes", f, MAX_FILE);
                return Optional.empty();
            }
            return Optional.of(StateFormat.read(f, PodSandbox.class));
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring unreadable {}: {}", f, e.getMessage());
            return Optional.empty();
        }
    }

    /** Writes the record and waits for the disk (its directory entry too, when an unsynced write made it). */
    public void put(PodSandbox s) {
        AtomicFiles.write(dir.resolve(s.id() + ".json"), StateFormat.bytes(s));
        if (unsynced.remove(s.id())) {
            try {
                AtomicFiles.fsyncDirectory(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("syncing " + dir, e);
            }
        }
        byId.put(s.id(), s);
    }

    /**
     * Writes the record without waiting for the disk: for a step whose effects a power cut undoes as well (an infra
     * process, a netns mount on the exec root), when a synced {@link #put} follows before the call answers. A kill -9
     * still never tears it (temp file and rename); after a power cut it may be missing, and so is what it recorded.
     */
    public void putUnsynced(PodSandbox s) {
        unsynced.add(s.id());
        AtomicFiles.writeDerived(dir.resolve(s.id() + ".json"), StateFormat.bytes(s), AtomicFiles.PRIVATE);
        byId.put(s.id(), s);
    }

    public Optional<PodSandbox> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<PodSandbox> all() {
        return new ArrayList<>(byId.values());
    }

    public void remove(String id) {
        byId.remove(id);
        unsynced.remove(id);
        try {
            Files.deleteIfExists(dir.resolve(id + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException("removing sandbox " + id, e);
        }
    }
}
