package dev.jdock.daemon.container;

import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.Ulimit;
import dev.jdock.daemon.errors.EngineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Refuses, at create time and with Docker's messages, the HostConfig values jdock cannot honour. */
final class HostConfigValidator {
    private static final long MIN_MEMORY = 6L * 1024 * 1024;
    private static final Set<String> RLIMITS = Set.of("core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue",
            "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack", "as");

    /** The daemon's cgroup driver: with {@code systemd} a cgroup parent must be a slice name (dockerd's check). */
    private final String cgroupDriver;

    HostConfigValidator() {
        this("cgroupfs");
    }

    HostConfigValidator(String cgroupDriver) {
        this.cgroupDriver = cgroupDriver;
    }

    void validate(HostConfig hc) {
        if (cgroupDriver.equals("systemd")) {
            try {
                dev.jdock.runtime.cgroup.systemd.SystemdNames.sliceOf(hc.cgroupParent());
            } catch (IllegalArgumentException e) {
                throw EngineException.invalid(e.getMessage());
            }
        }
        String isolation = hc.isolation() == null ? "" : hc.isolation();
        if (!isolation.isEmpty() && !isolation.equalsIgnoreCase("default")) { // moby's Isolation.IsValid on Linux
            throw EngineException.invalid("Invalid isolation: \"" + isolation + "\" - linux only supports 'default'");
        }
        if (hc.memory() != 0 && hc.memory() < MIN_MEMORY) {
            throw EngineException.invalid("Minimum memory limit allowed is 6MB");
        }
        if (hc.memorySwap() > 0 && hc.memory() > 0 && hc.memorySwap() < hc.memory()) {
            throw EngineException.invalid(
                    "Minimum memoryswap limit should be larger than memory limit, see usage");
        }
        if (hc.memorySwap() > 0 && hc.memory() == 0) {
            throw EngineException.invalid(
                    "You should always set the Memory limit when using Memoryswap limit, see usage");
        }
        if (hc.memory() > 0 && hc.memoryReservation() > 0 && hc.memory() < hc.memoryReservation()) {
            throw EngineException.invalid(
                    "Minimum memory limit can not be less than memory reservation limit, see usage");
        }
        if (hc.nanoCpus() != 0 && hc.cpuPeriod() != 0) {
            throw EngineException.invalid("Conflicting options: Nano CPUs and CPU Period cannot both be set");
        }
        if (hc.nanoCpus() != 0 && hc.cpuQuota() != 0) {
            throw EngineException.invalid("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
        }
        CpuLimits.validate(hc);
        if (hc.oomScoreAdj() < -1000 || hc.oomScoreAdj() > 1000) {
            throw EngineException.invalid("Invalid value " + hc.oomScoreAdj()
                    + ", range for oom score adj is [-1000, 1000]");
        }
        if (hc.nanoCpus() < 0) {
            throw EngineException.invalid("Range of CPUs is from 0.01 to " + Runtime.getRuntime().availableProcessors()
                    + ".00, as there are only " + Runtime.getRuntime().availableProcessors() + " CPUs available");
        }
        // availableProcessors() reads the cgroup quota files on each call: only for a CPU count that is set
        if (hc.nanoCpus() > 0 && hc.nanoCpus() > Runtime.getRuntime().availableProcessors() * 1_000_000_000L) {
            throw EngineException.invalid("Range of CPUs is from 0.01 to " + Runtime.getRuntime().availableProcessors()
                    + ".00, as there are only " + Runtime.getRuntime().availableProcessors() + " CPUs available");
        }
        ConsoleSizes.check(hc.consoleSize(), "HostConfig.HostConfig");
        MobyCreateChecks.capabilities(hc);
        MobyCreateChecks.extraHosts(hc.extraHosts());
        if (hc.ulimits() != null) {
            for (Ulimit u : hc.ulimits()) {
                if (!RLIMITS.contains(u.name())) {
                    throw EngineException.invalid("invalid ulimit type: " + u.name());
                }
                if (u.soft() > u.hard() && u.hard() >= 0) {
                    throw EngineException.invalid("ulimit soft limit must be less than or equal to hard limit: "
                            + u.soft() + " > " + u.hard());
                }
            }
        }
        SecurityOptions.parse(orEmpty(hc.securityOpt()));
        SysctlPolicy.validate(hc);
        NamespaceModes.validate(hc);
        TmpfsMounts.validate(hc);
        DeviceAccess.validate(hc);
        ExtraResources.validate(hc, Path.of("/sys/fs/cgroup"));
        // the network mode is checked by ContainerNetworking.validateCreate (the network feature)
    }

    static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }

    /** The seccomp profile file named by seccomp=PATH must exist at create time, as Docker's CLI reads it then. */
    static void checkReadable(Path p) {
        if (!Files.isReadable(p)) {
            throw EngineException.invalid("opening seccomp profile (" + p + ") failed: no such file or directory");
        }
    }
}
