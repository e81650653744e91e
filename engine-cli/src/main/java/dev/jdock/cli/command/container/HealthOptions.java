package dev.jdock.cli.command.container;

import dev.jdock.api.types.container.HealthConfig;
import dev.jdock.api.value.GoDuration;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.CliException;
import java.util.List;

/** run/create's {@code --health-*} and {@code --no-healthcheck} flags, checked and combined as the docker CLI does. */
final class HealthOptions {
    private HealthOptions() {
    }

    /** Adds the flags to a run/create spec. */
    static Args.Spec flags(Args.Spec spec) {
        return spec
                .option(null, "health-cmd", "string", "Command to run to check health")
                .option(null, "health-interval", "duration", "Time between running the check (ms|s|m|h)", "0s")
                .option(null, "health-timeout", "duration", "Maximum time to allow one check to run "
                    + "(ms|s|m|h)", "0s")
                .option(null, "health-retries", "int", "Consecutive failures needed to report unhealthy")
                .option(null, "health-start-period", "duration", "Start period for the container to "
                    + "initialize before starting health-retries countdown (ms|s|m|h)", "0s")
                .option(null, "health-start-interval", "duration", "Time between running the check during "
                    + "the start period (ms|s|m|h)", "0s")
                .flag(null, "no-healthcheck", "Disable any container-specified HEALTHCHECK");
    }

    /** The create body's Healthcheck, or null when no flag was given. */
    static HealthConfig build(Args a, Args.Spec spec) {
        String cmd = a.value("health-cmd", "");
        long interval = duration(a, spec, "health-interval");
        long timeout = duration(a, spec, "health-timeout");
        long startPeriod = duration(a, spec, "health-start-period");
        long startInterval = duration(a, spec, "health-start-interval");
        Long retriesValue = a.longValue(spec, "health-retries");
        long retries = retriesValue == null ? 0 : retriesValue;
        boolean any = !cmd.isEmpty() || interval != 0 || timeout != 0 || startPeriod != 0 || retries != 0
                || startInterval != 0;
        if (a.has("no-healthcheck")) {
            if (any) {
                throw new CliException(125, "jdock: --no-healthcheck conflicts with --health-* options");
            }
            return new HealthConfig(List.of("NONE"), null, null, null, null, null);
        }
        if (!any) {
            return null;
        }
        negative(interval, "--health-interval");
        negative(timeout, "--health-timeout");
        negative(retries, "--health-retries");
        negative(startPeriod, "--health-start-period");
        negative(startInterval, "--health-start-interval");
        return new HealthConfig(cmd.isEmpty() ? null : List.of("CMD-SHELL", cmd), interval, timeout, startPeriod,
                startInterval, retries);
    }

    private static void negative(long v, String flag) {
        if (v < 0) {
            throw new CliException(125, "jdock: " + flag + " cannot be negative");
        }
    }

    private static long duration(Args a, Args.Spec spec, String flag) {
        String v = a.value(flag);
        if (v == null) {
            return 0;
        }
        try {
            return GoDuration.parseNanos(v);
        } catch (IllegalArgumentException e) { // pflag's DurationVar: time.ParseDuration's own message
            throw Args.invalidArgument(spec, flag, v, e.getMessage());
        }
    }
}
