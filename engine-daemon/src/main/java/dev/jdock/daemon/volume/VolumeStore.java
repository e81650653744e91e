package dev.jdock.daemon.volume;

import dev.jdock.daemon.store.FileTrees;
import dev.jdock.daemon.store.AtomicFiles;
import dev.jdock.daemon.store.StateFormat;
import dev.jdock.daemon.store.DiskErrors;
import dev.jdock.daemon.store.Failpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
    /** A removed volume's directory is renamed to this prefix + name, then deleted (at the next start if need be). */
    static final String TOMBSTONE = ".removed-";

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
        if (dir.getFileName().toString().startsWith(TOMBSTONE)) {
            deleteQuietly(dir); // a removal killed while deleting
            return;
        }
        Path meta = dir.resolve(META);
        if (!Files.exists(meta)) {
            if (isEmptyCreation(dir)) {
                deleteQuietly(dir); // a create that did not finish (a full disk, a killed daemon)
                LOG.info("removed the directory of a volume whose creation did not finish: {}", dir);
            } else {
                LOG.warn("ignoring volume directory without {}: {}", META, dir);
            }
            return;
        }
        try {
            Volume v = StateFormat.read(meta, Volume.class);
            byName.put(v.name(), v);
        } catch (IOException e) {
            LOG.warn("ignoring unreadable volume {}: {}", dir, e.getMessage());
        }
    }

    /**
     * Creates {@code _data} and writes the metadata; the volume is visible only once both exist. A failure (a full
     * disk) leaves nothing behind; a daemon killed in between leaves an empty directory that {@link #load} removes.
     */
    public void add(Volume v) {
        Path dir = root.resolve(v.name());
        boolean existed = Files.exists(dir);
        try {
            Files.createDirectories(dir.resolve(DATA));
            AtomicFiles.write(dir.resolve(META), StateFormat.bytes(v));
        } catch (IOException | UncheckedIOException e) {
            if (!existed) {
                deleteQuietly(dir);
            }
            throw new UncheckedIOException("creating volume " + v.name() + ": " + DiskErrors.describe(e),
                    e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
        byName.put(v.name(), v);
    }

    /** A volume directory holding nothing but an empty {@code _data} (or not even that). */
    private static boolean isEmptyCreation(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                boolean emptyData = p.getFileName().toString().equals(DATA) && Files.isDirectory(p,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS) && isEmpty(p);
                if (!emptyData && !p.getFileName().toString().startsWith("." + META + ".tmp-")) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            FileTrees.deleteRecursively(dir);
        } catch (IOException e) {
            LOG.warn("removing {}: {}", dir, e.getMessage());
        }
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

    /**
     * Forgets the volume and deletes its directory: renamed away first (atomic, needs no space), so that a daemon
     * killed while the data is deleted never finds half a volume, nor gives its data to a new volume of the same
     * name; the rest is deleted at its next start.
     */
    public void remove(String name) {
        Path dir = root.resolve(name);
        Path tomb = root.resolve(TOMBSTONE + name + "-" + Long.toHexString(System.nanoTime()));
        try {
            Files.move(dir, tomb, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            byName.remove(name);
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("removing volume " + name + ": " + DiskErrors.describe(e), e);
        }
        byName.remove(name);
        Failpoints.reach("volume.tombstoned");
        deleteQuietly(tomb);
    }
}
