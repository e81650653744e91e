package dev.jdock.daemon.store;

import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named instants at which the fault tests kill jdockd (etcd's gofail, TiKV's fail-rs, much reduced): a point listed
 * in the environment variable {@code JDOCKD_FAILPOINTS} (comma-separated) logs {@code failpoint <name> reached} and
 * parks the thread that reached it for good, so that a test can {@code kill -9} the daemon exactly there (between
 * a monitor's launch and START, between START and the state write, in the middle of a removal). Unset, as in
 * production, a point costs one set lookup.
 */
public final class Failpoints {
    private static final Logger LOG = LoggerFactory.getLogger(Failpoints.class);
    private static final Set<String> ACTIVE = parse(System.getenv("JDOCKD_FAILPOINTS"));

    private Failpoints() {
    }

    /** Parks the calling thread forever if {@code name} is active. */
    public static void reach(String name) {
        if (ACTIVE.isEmpty() || !ACTIVE.contains(name)) {
            return;
        }
        LOG.warn("failpoint {} reached: this thread stops here", name);
        for (;;) {
            LockSupport.park();
        }
    }

    static Set<String> parse(String env) {
        if (env == null || env.isBlank()) {
            return Set.of();
        }
        return Set.of(env.trim().split("\\s*,\\s*"));
    }
}
