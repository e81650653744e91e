package dev.jdock.daemon.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes directories that were already renamed out of the way ({@code del-*} beside the store's entries): inline,
 * or on one background thread so that a request does not wait for thousands of unlinks (a build step's discarded
 * snapshot, a layer that already existed). What a killed daemon left is removed by the store's sweep at start.
 */
public final class Reaper {
    private static final Logger LOG = LoggerFactory.getLogger(Reaper.class);
    private final ExecutorService thread;

    private Reaper(ExecutorService thread) {
        this.thread = thread;
    }

    /** Deletes at once, in the caller's thread. */
    public static Reaper inline() {
        return new Reaper(null);
    }

    /** Deletes on one daemon thread, in the order given. */
    public static Reaper background() {
        return new Reaper(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "reaper");
            t.setDaemon(true);
            return t;
        }));
    }

    /** Deletes {@code dir} (no longer reachable under its old name) and everything below it. */
    public void delete(Path dir) {
        if (thread == null) {
            deleteNow(dir);
        } else {
            thread.execute(() -> deleteNow(dir));
        }
    }

    private static void deleteNow(Path dir) {
        try {
            FileTrees.deleteRecursively(dir);
        } catch (IOException | RuntimeException e) {
            LOG.warn("removing {}: {} (removed at the next start)", dir, e.getMessage());
        }
    }
}
