package dev.jdock.daemon.container;

import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.fs.TreeSize;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /containers/prune} as moby's ContainersPrune: removes every container that is not running (nor
 * restarting) and matches {@code until} (created before) and {@code label}/{@code label!}; reports the IDs and the
 * size of their writable layers.
 */
final class ContainerPruner {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerPruner.class);
    private static final Set<String> FILTERS = Set.of("until", "label", "label!");

    private final ContainerStore store;
    private final ContainerLifecycle lifecycle;
    private final ImageSource images;

    ContainerPruner(ContainerStore store, ContainerLifecycle lifecycle, ImageSource images) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.images = images;
    }

    /** What was removed: container IDs and the bytes of their writable layers. */
    record Report(List<String> deleted, long spaceReclaimed) {
    }

    Report prune(Filters filters, Instant now) {
        filters.validate(FILTERS);
        Instant until = filters.values("until").isEmpty() ? null
                : dev.jdock.daemon.api.FilterTime.parse(filters.values("until").iterator().next(), now);
        List<String> deleted = new ArrayList<>();
        long space = 0;
        for (Container c : store.all()) {
            if (c.isRunning() || c.state().status() == dev.jdock.api.types.container.ContainerStatus.RESTARTING) {
                continue;
            }
            if (until != null && !Instant.parse(c.record().created()).isBefore(until)) {
                continue;
            }
            if (!labelsMatch(filters, c.record().config().labels())) {
                continue;
            }
            long size = upperSize(c);
            try {
                lifecycle.remove(c, false);
                deleted.add(c.id());
                space += size;
            } catch (EngineException e) {
                LOG.debug("prune: skipping {}: {}", c.id(), e.getMessage());
            }
        }
        return new Report(deleted, space);
    }

    static boolean labelsMatch(Filters f, Map<String, String> labels) {
        for (String l : f.values("label")) {
            if (!ContainerFilter.labelMatches(labels, l)) {
                return false;
            }
        }
        for (String l : f.values("label!")) {
            if (ContainerFilter.labelMatches(labels, l)) {
                return false;
            }
        }
        return true;
    }

    /** What moby's prune reclaims of a container: its writable layer's size, counted as {@link TreeSize} does. */
    private long upperSize(Container c) {
        try (Fd upper = Fs.open(images.rootfs(c.id()).upper(), Fs.DIR)) {
            return TreeSize.of(upper).bytes();
        } catch (IOException | RuntimeException e) {
            return 0; // no writable layer (never started or already gone)
        }
    }
}
