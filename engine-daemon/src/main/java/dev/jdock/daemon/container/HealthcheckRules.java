package dev.jdock.daemon.container;

import dev.jdock.api.types.container.HealthConfig;
import dev.jdock.daemon.errors.EngineException;

/** moby's validateHealthCheck at create: durations (ns) are 0 (inherit) or at least 1 ms; retries not negative. */
final class HealthcheckRules {
    private static final long MIN_NANOS = 1_000_000L;

    private HealthcheckRules() {
    }

    static void validate(HealthConfig h) {
        if (h == null) {
            return;
        }
        atLeastMin("Interval", h.interval());
        atLeastMin("Timeout", h.timeout());
        if (h.retries() != null && h.retries() < 0) {
            throw EngineException.invalid("Retries in Healthcheck cannot be negative");
        }
        atLeastMin("StartPeriod", h.startPeriod());
        atLeastMin("StartInterval", h.startInterval());
    }

    private static void atLeastMin(String field, Long nanos) {
        if (nanos != null && nanos != 0 && nanos < MIN_NANOS) {
            throw EngineException.invalid(field + " in Healthcheck cannot be less than 1ms");
        }
    }
}
