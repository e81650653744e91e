package dev.jdock.daemon.container;

import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.RestartPolicy;
import dev.jdock.daemon.errors.EngineException;

/** Restart policy names and moby's validation of them (validateRestartPolicy, and the --rm conflict). */
final class RestartPolicies {
    static final String NO = "no";
    static final String ALWAYS = "always";
    static final String UNLESS_STOPPED = "unless-stopped";
    static final String ON_FAILURE = "on-failure";

    private RestartPolicies() {
    }

    static RestartPolicy of(HostConfig hc) {
        RestartPolicy p = hc == null ? null : hc.restartPolicy();
        return p == null ? new RestartPolicy("", 0) : p;
    }

    static boolean isNone(RestartPolicy p) {
        return p == null || p.name().isEmpty() || p.name().equals(NO);
    }

    static void validate(RestartPolicy p) {
        if (p == null) {
            return;
        }
        switch (p.name()) {
            case ALWAYS, UNLESS_STOPPED, NO -> {
                if (p.maximumRetryCount() != 0) {
                    String msg = "invalid restart policy: maximum retry count can only be used with 'on-failure'";
                    throw EngineException.invalid(p.maximumRetryCount() < 0 ? msg + " and cannot be negative" : msg);
                }
            }
            case ON_FAILURE -> {
                if (p.maximumRetryCount() < 0) {
                    throw EngineException.invalid("invalid restart policy: maximum retry count cannot be negative");
                }
            }
            case "" -> {
                // before v25 the default was an empty name
            }
            default -> throw EngineException.invalid("invalid restart policy: unknown policy '" + p.name()
                    + "'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
        }
    }

    /** moby 25+ at create: no policy (or an empty name) is recorded as {@code {"Name":"no"}}, shown so by inspect. */
    static HostConfig withDefault(HostConfig hc) {
        RestartPolicy p = hc.restartPolicy();
        if (p != null && p.name() != null && !p.name().isEmpty()) {
            return hc;
        }
        return hc.toBuilder().restartPolicy(new RestartPolicy(NO, p == null ? 0 : p.maximumRetryCount())).build();
    }

    /** At create: the policy is valid and does not go with AutoRemove. */
    static void validateCreate(HostConfig hc) {
        if (hc == null) {
            return;
        }
        validate(hc.restartPolicy());
        if (hc.autoRemove() && !isNone(hc.restartPolicy())) {
            throw EngineException.invalid("can't create 'AutoRemove' container with restart policy");
        }
    }
}
