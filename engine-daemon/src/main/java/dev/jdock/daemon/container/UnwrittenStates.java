package dev.jdock.daemon.container;

import dev.jdock.daemon.store.AtomicFiles;
import dev.jdock.daemon.store.StateFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Container states the data root's disk did not take (full, read-only): which ones, a copy of each on another file
 * system ({@code <exec-root>/unwritten/<id>.json}, a tmpfs) for a daemon restarted before the disk takes them, and
 * the timer that retries them ({@link ContainerStore#update} keeps them in memory meanwhile).
 */
final class UnwrittenStates {
    private static final Logger LOG = LoggerFactory.getLogger(UnwrittenStates.class);
    private static final long RETRY_SECONDS = 2;

    private final Path dir;
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean retrying = new AtomicBoolean();
    /** Made at the first failed write: most daemons never need it. */
    private ScheduledExecutorService retry;

    /** @param dir where copies are kept; null: in memory only */
    UnwrittenStates(Path dir) {
        this.dir = dir;
    }

    boolean isEmpty() {
        return ids.isEmpty();
    }

    boolean contains(String id) {
        return ids.contains(id);
    }

    List<String> ids() {
        return List.copyOf(ids);
    }

    /** The write of {@code json} failed; returns true the first time for this container (to log it once). */
    boolean failed(String id, byte[] json) {
        if (dir != null) {
            try {
                AtomicFiles.write(dir.resolve(id + ".json"), json);
            } catch (UncheckedIOException e) {
                LOG.debug("keeping the state of {} in {}: {}", id, dir, e.getMessage());
            }
        }
        return ids.add(id);
    }

    /** The data root took the container's state (or the container is gone): its copy is dropped. */
    void written(String id) {
        if (ids.remove(id) && dir != null) {
            deleteQuietly(dir.resolve(id + ".json"));
        }
    }

    /** The copy kept for {@code id}, if newer than {@code onDisk}; the container is then unwritten again. */
    Optional<ContainerRunState> load(String id, Path onDisk) {
        Path f = dir == null ? null : dir.resolve(id + ".json");
        if (f == null || !Files.exists(f)) {
            return Optional.empty();
        }
        try {
            if (Files.exists(onDisk) && Files.getLastModifiedTime(onDisk).compareTo(Files.getLastModifiedTime(f)) > 0) {
                deleteQuietly(f); // the data root took a later state after all
                return Optional.empty();
            }
            ContainerRunState s = StateFormat.read(f, ContainerRunState.class);
            ids.add(id);
            return Optional.of(s);
        } catch (IOException e) {
            LOG.warn("ignoring unreadable {}: {}", f, e.getMessage());
            return Optional.empty();
        }
    }

    /** Copies kept for containers that are gone (removed before the disk took their state) are dropped. */
    void dropUnknown(Set<String> known) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (!known.contains(name.endsWith(".json") ? name.substring(0, name.length() - 5) : name)) {
                    deleteQuietly(f);
                }
            }
        }
    }

    /** Runs {@code writeAll} in a few seconds, unless already scheduled. */
    void retryLater(Runnable writeAll) {
        if (retrying.compareAndSet(false, true)) {
            retryExecutor().schedule(() -> {
                retrying.set(false);
                writeAll.run();
            }, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Daemon shutdown: a pending retry is dropped; the kept copies are read again at the next start. */
    synchronized void close() {
        if (retry != null) {
            retry.shutdownNow();
        }
    }

    private synchronized ScheduledExecutorService retryExecutor() {
        if (retry == null) {
            retry = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "state-retry");
                t.setDaemon(true);
                return t;
            });
        }
        return retry;
    }

    private static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            LOG.warn("removing {}: {}", f, e.getMessage());
        }
    }
}
