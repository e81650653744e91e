package dev.jdock.daemon.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes directories that were already renamed out of the way ({@code del-*} beside the store's entries): inline,
 * or on one background thread so that a request does not wait for thousands of unlinks (a build step's discarded
 * snapshot, a layer that already existed). What a killed daemon left is removed by the store's sweep at start.
 */
public final class Reaper {
    private static final Logger LOG = LoggerFactory.getLogger(Reaper.class);
    private final Executor thread;

    private Reaper(Executor thread) {
        this.thread = thread;
    }

    /** Deletes on {@code executor} (tests: one that runs the deletions when the test says). */
    public static Reaper on(Executor executor) {
        return new Reaper(executor);
    }

    /** Deletes at once, in the caller's thread. */
    public static Reaper inline() {
        return new Reaper(null);
    }

    /** Deletes on one daemon thread, in the order given; the thread ends after 10 s with nothing to delete. */
    public static Reaper background() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "reaper");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return new Reaper(pool);
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
