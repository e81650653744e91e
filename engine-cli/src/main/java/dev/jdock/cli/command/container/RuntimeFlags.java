package dev.jdock.cli.command.container;

import dev.jdock.api.types.container.DeviceMapping;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.cli.core.Args;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resource, namespace, device and attach flags of {@code run}/{@code create} that map one to one onto
 * HostConfig fields: {@code --oom-kill-disable}, {@code --oom-score-adj}, {@code --cpuset-cpus/-mems},
 * {@code --cpu-quota/-period}, {@code --memory-reservation}, {@code --device}, {@code --group-add}, {@code --sysctl},
 * {@code --ipc}, {@code --pid}, {@code --uts}, {@code --cgroupns}, {@code --cgroup-parent}, {@code --cidfile}.
 */
final class RuntimeFlags {
    private RuntimeFlags() {
    }

    static Args.Spec add(Args.Spec s) {
        return s
                .flag(null, "oom-kill-disable", "Disable OOM Killer")
                .option(null, "oom-score-adj", "int", "Tune host's OOM preferences (-1000 to 1000)")
                .option(null, "cpuset-cpus", "string", "CPUs in which to allow execution (0-3, 0,1)")
                .option(null, "cpuset-mems", "string", "MEMs in which to allow execution (0-3, 0,1)")
                .option(null, "cpu-quota", "int", "Limit CPU CFS (Completely Fair Scheduler) quota")
                .option(null, "cpu-period", "int", "Limit CPU CFS (Completely Fair Scheduler) period")
                .option(null, "memory-reservation", "bytes", "Memory soft limit")
                .option(null, "device", "list", "Add a host device to the container")
                .option(null, "group-add", "list", "Add additional groups to join")
                .option(null, "sysctl", "map", "Sysctl options", "map[]")
                .option(null, "ipc", "string", "IPC mode to use")
                .option(null, "pid", "string", "PID namespace to use")
                .option(null, "uts", "string", "UTS namespace to use")
                .option(null, "cgroupns", "string", "Cgroup namespace to use (host|private)\n"
                    + "'host':    Run the container in the Docker host's cgroup namespace\n"
                    + "'private': Run the container in its own private cgroup namespace\n"
                    + "'':        Use the cgroup namespace as configured by the\n"
                    + "           default-cgroupns-mode option on the daemon (default)")
                .option(null, "cidfile", "string", "Write the container ID to the file")
                .option(null, "cgroup-parent", "string", "Optional parent cgroup for the container");
    }

    static HostConfig.Builder apply(Args a, Args.Spec spec, HostConfig.Builder b) {
        Integer oom = a.intValue(spec, "oom-score-adj");
        if (oom != null) {
            b.oomScoreAdj(oom);
        }
        b.cpusetCpus(a.value("cpuset-cpus", "")).cpusetMems(a.value("cpuset-mems", ""));
        Integer quota = a.intValue(spec, "cpu-quota");
        Integer period = a.intValue(spec, "cpu-period");
        b.cpuQuota(quota == null ? 0 : quota).cpuPeriod(period == null ? 0 : period);
        String reservation = a.value("memory-reservation");
        if (reservation != null) {
            b.memoryReservation(RunOptions.memoryBytes(spec, "memory-reservation", reservation));
        }
        List<DeviceMapping> devices = new ArrayList<>();
        for (String d : a.values("device")) {
            devices.add(device(spec, d));
        }
        b.devices(devices);
        if (!a.values("group-add").isEmpty()) {
            b.groupAdd(List.copyOf(a.values("group-add")));
        }
        Map<String, String> sysctls = new LinkedHashMap<>();
        for (String s : a.values("sysctl")) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw Args.usage(spec, "invalid argument \"" + s + "\" for \"--sysctl\" flag: sysctl '" + s
                        + "' is not allowed");
            }
            sysctls.put(s.substring(0, eq), s.substring(eq + 1));
        }
        if (!sysctls.isEmpty()) {
            b.sysctls(sysctls);
        }
        b.ipcMode(a.value("ipc", "")).pidMode(a.value("pid", "")).utsMode(a.value("uts", ""))
                .cgroupnsMode(a.value("cgroupns", "")).containerIdFile(a.value("cidfile", ""))
                .cgroupParent(a.value("cgroup-parent", ""));
        return b;
    }

    /** docker's parseDevice: {@code host[:container][:perms]}, permissions {@code rwm} by default. */
    static DeviceMapping device(Args.Spec spec, String v) {
        String[] parts = v.split(":");
        String host = parts[0];
        String container = host;
        String perms = "rwm";
        if (parts.length == 2) {
            if (isPermissions(parts[1])) {
                perms = parts[1];
            } else {
                container = parts[1];
            }
        } else if (parts.length == 3) {
            container = parts[1];
            perms = parts[2];
        }
        if (parts.length > 3 || host.isEmpty() || !isPermissions(perms)) {
            throw Args.usage(spec, "invalid argument \"" + v + "\" for \"--device\" flag: invalid device "
                    + "specification: " + v);
        }
        return new DeviceMapping(host, container, perms);
    }

    private static boolean isPermissions(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c == 'r' || c == 'w' || c == 'm') && s.length() <= 3;
    }
}
