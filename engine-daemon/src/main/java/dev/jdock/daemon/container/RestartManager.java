package dev.jdock.daemon.container;

import dev.jdock.api.types.container.RestartPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether an exited container is restarted and after which delay, as moby's restartmanager: the delay starts
 * at 100 ms and doubles at each restart up to one minute, back to 100 ms once the container ran for 10 s or more;
 * on-failure counts restarts against MaximumRetryCount; a container the user stopped is not restarted (cancel).
 * In memory only: a restarted daemon starts with fresh back-offs, as dockerd does.
 */
final class RestartManager {
    static final Duration INITIAL = Duration.ofMillis(100);
    static final Duration MAX = Duration.ofMinutes(1);
    static final Duration RESET_AFTER = Duration.ofSeconds(10);

    private final Map<String, Backoff> backoffs = new ConcurrentHashMap<>();

    /** One container's back-off: the last delay (zero before the first restart), cancelled by a user stop. */
    private static final class Backoff {
        Duration timeout = Duration.ZERO;
        boolean cancelled;
    }

    /**
     * @param restartCount restarts so far (State.RestartCount)
     * @param manuallyStopped the user stopped it (matters for unless-stopped)
     * @param ranFor how long the process ran
     * @return the delay before restarting, or null to leave it stopped
     */
    Duration shouldRestart(String id, RestartPolicy policy, int exitCode, int restartCount, boolean manuallyStopped,
            Duration ranFor) {
        if (RestartPolicies.isNone(policy)) {
            return null;
        }
        Backoff b = backoffs.computeIfAbsent(id, k -> new Backoff());
        synchronized (b) {
            if (b.cancelled) {
                return null;
            }
            if (ranFor.compareTo(RESET_AFTER) >= 0) {
                b.timeout = Duration.ZERO;
            }
            if (b.timeout.isZero()) {
                b.timeout = INITIAL;
            } else if (b.timeout.compareTo(MAX) < 0) {
                b.timeout = b.timeout.multipliedBy(2);
            }
            if (b.timeout.compareTo(MAX) > 0) {
                b.timeout = MAX;
            }
            boolean restart = switch (policy.name()) {
                case RestartPolicies.ALWAYS -> true;
                case RestartPolicies.UNLESS_STOPPED -> !manuallyStopped;
                case RestartPolicies.ON_FAILURE -> exitCode != 0
                        && (policy.maximumRetryCount() == 0 || restartCount < policy.maximumRetryCount());
                default -> false;
            };
            return restart ? b.timeout : null;
        }
    }

    /** The user stopped, killed or removed the container: no restart until its next start. */
    void cancel(String id) {
        Backoff b = backoffs.computeIfAbsent(id, k -> new Backoff());
        synchronized (b) {
            b.cancelled = true;
        }
    }

    boolean isCancelled(String id) {
        Backoff b = backoffs.get(id);
        if (b == null) {
            return false;
        }
        synchronized (b) {
            return b.cancelled;
        }
    }

    /** A start by the user: a fresh back-off (moby's ResetRestartManager). */
    void reset(String id) {
        backoffs.remove(id);
    }

    /** moby's Container.ShouldRestart at daemon start: would the policy restart the container as it last exited? */
    static boolean restartOnDaemonStart(RestartPolicy policy, int exitCode, int restartCount,
            boolean manuallyStopped) {
        return switch (RestartPolicies.isNone(policy) ? "" : policy.name()) {
            case RestartPolicies.ALWAYS -> true;
            case RestartPolicies.UNLESS_STOPPED -> !manuallyStopped;
            case RestartPolicies.ON_FAILURE -> exitCode != 0 && !manuallyStopped
                    && (policy.maximumRetryCount() == 0 || restartCount < policy.maximumRetryCount());
            default -> false;
        };
    }
}
