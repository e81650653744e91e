package dev.jdock.daemon.volume;

import dev.jdock.daemon.store.FileTrees;
import dev.jdock.daemon.store.AtomicFiles;
import dev.jdock.daemon.store.DiskErrors;
import dev.jdock.daemon.store.Failpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Docker's copy of an image's content into a new, empty volume, made all-or-nothing: a marker beside the volume's
 * data ({@code volumes/<name>/copying}, an empty file: it needs no data block) exists while a copy runs. A copy cut
 * short (a full disk, a killed daemon) is therefore never taken for the volume's content: what it wrote is removed,
 * at once or at the next start of a container using the volume, and the copy is done again. Content is removed only
 * while no other running container uses the volume (it may have written there meanwhile).
 */
final class VolumeContentCopy {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeContentCopy.class);
    static final String MARKER = "copying";

    /** The copy itself: copies the image's content into the directory; false when there is nothing to copy. */
    interface Copier {
        boolean copy(Path data);
    }

    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /**
     * Copies into {@code data} (the volume's directory) if it is empty, or if an earlier copy was cut short.
     *
     * @param shared whether another running container uses the volume right now
     */
    void copyIfNew(String volume, Path data, BooleanSupplier shared, Copier copier) {
        Path marker = data.resolveSibling(MARKER);
        synchronized (locks.computeIfAbsent(volume, k -> new Object())) {
            boolean interrupted = Files.exists(marker);
            if (interrupted && shared.getAsBoolean()) {
                LOG.warn("volume {}: an earlier copy of image content was cut short, but another container uses "
                        + "the volume: its content is kept as it is", volume);
                dropMarker(marker);
                return;
            }
            if (!interrupted && !isEmpty(data)) {
                return;
            }
            try {
                if (interrupted) {
                    clear(data);
                    LOG.info("volume {}: removed an image content copy that was cut short; copying again", volume);
                } else {
                    mark(marker);
                }
                copier.copy(data);
                Failpoints.reach("volume.copied");
            } catch (RuntimeException e) {
                if (!shared.getAsBoolean() && clearQuietly(data)) {
                    dropMarker(marker);
                }
                throw DiskErrors.system("copying image content into volume " + volume, e);
            }
            dropMarker(marker);
        }
    }

    private static void mark(Path marker) {
        try {
            Files.newByteChannel(marker, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
            AtomicFiles.fsyncDirectory(marker.getParent());
        } catch (IOException e) {
            throw DiskErrors.system("marking the copy into " + marker.getParent(), e);
        }
    }

    private static void dropMarker(Path marker) {
        try {
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            LOG.warn("removing {}: {}", marker, e.getMessage());
        }
    }

    /** Removes everything in {@code data}, never {@code data} itself (it may be a mount point). */
    private static void clear(Path data) {
        List<Path> children;
        try (Stream<Path> s = Files.list(data)) {
            children = s.toList();
            for (Path p : children) {
                FileTrees.deleteRecursively(p);
            }
        } catch (IOException e) {
            throw DiskErrors.system("removing a cut-short copy from " + data, e);
        }
    }

    private static boolean clearQuietly(Path data) {
        try {
            clear(data);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("{}", e.getMessage());
            return false;
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
