package dev.jdock.cli.command.container;

import dev.jdock.api.client.HttpRequest;
import dev.jdock.cli.command.CommandSupport;
import dev.jdock.cli.command.Prompts;
import dev.jdock.cli.command.Prunes;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code restart}, {@code pause}, {@code unpause}, {@code rename}, {@code update}, {@code container prune}. */
public final class LifecycleCommands {
    public static final Args.Spec RESTART = ContainerCommands.stopFlags(new Args.Spec("restart"));
    public static final Args.Spec PAUSE = new Args.Spec("pause");
    public static final Args.Spec UNPAUSE = new Args.Spec("unpause");
    public static final Args.Spec RENAME = new Args.Spec("rename");
    public static final Args.Spec UPDATE = new Args.Spec("update")
            .option("m", "memory", "bytes", "Memory limit")
            .option(null, "memory-swap", "bytes", "Swap limit equal to memory plus swap: -1 to enable unlimited "
                + "swap")
            .option(null, "memory-reservation", "bytes", "Memory soft limit")
            .option(null, "cpus", "decimal", "Number of CPUs")
            .option("c", "cpu-shares", "int", "CPU shares (relative weight)")
            .option(null, "cpu-quota", "int", "Limit CPU CFS (Completely Fair Scheduler) quota")
            .option(null, "cpu-period", "int", "Limit CPU CFS (Completely Fair Scheduler) period")
            .option(null, "cpu-rt-period", "int", "Limit the CPU real-time period in microseconds")
            .option(null, "cpu-rt-runtime", "int", "Limit the CPU real-time runtime in microseconds")
            .option(null, "cpuset-cpus", "string", "CPUs in which to allow execution (0-3, 0,1)")
            .option(null, "cpuset-mems", "string", "MEMs in which to allow execution (0-3, 0,1)")
            .option(null, "pids-limit", "int", "Tune container pids limit (set -1 for unlimited)")
            .option(null, "blkio-weight", "uint16", "Block IO (relative weight), between 10 and 1000, or 0 "
                + "to disable", "0")
            .option(null, "restart", "string", "Restart policy to apply when a container exits")
            .option(null, "kernel-memory", "bytes", "Kernel memory limit").hidden("kernel-memory");
    public static final Args.Spec PRUNE = new Args.Spec("container prune")
            .flag("f", "force", "Do not prompt for confirmation")
            .option(null, "filter", "filter", "Provide filter values (e.g. \"until=<timestamp>\")");
    static final String PRUNE_WARNING = "WARNING! This will remove all stopped containers.\n"
            + "Are you sure you want to continue?";

    private LifecycleCommands() {
    }

    public static int restart(Cli cli, Args a) throws IOException {
        Integer t = ContainerCommands.timeout(cli, RESTART, a);
        return CommandSupport.each(cli, RESTART, a, n -> {
            cli.client().call(HttpRequest.post("/containers/" + n + "/restart").query("signal", a.value("signal"))
                    .query("t", t));
            cli.out().println(n);
        });
    }

    public static int pause(Cli cli, Args a) throws IOException {
        return CommandSupport.each(cli, PAUSE, a, n -> {
            cli.client().call(HttpRequest.post("/containers/" + n + "/pause"));
            cli.out().println(n);
        });
    }

    public static int unpause(Cli cli, Args a) throws IOException {
        return CommandSupport.each(cli, UNPAUSE, a, n -> {
            cli.client().call(HttpRequest.post("/containers/" + n + "/unpause"));
            cli.out().println(n);
        });
    }

    public static int rename(Cli cli, Args a) throws IOException {
        try {
            cli.client().call(HttpRequest.post("/containers/" + a.positionals().get(0) + "/rename")
                    .query("name", a.positionals().get(1)));
        } catch (dev.jdock.api.client.EngineApiException e) {
            cli.err().println("Error response from daemon: " + e.getMessage());
            throw new CliException(1, "Error: failed to rename container named " + a.positionals().get(0));
        }
        return 0;
    }

    public static int update(Cli cli, Args a) throws IOException {
        byte[] body = updateBody(a).getBytes(StandardCharsets.UTF_8);
        return CommandSupport.each(cli, UPDATE, a, n -> {
            cli.client().call(HttpRequest.post("/containers/" + n + "/update").jsonBody(body));
            cli.out().println(n);
        });
    }

    /** The docker CLI's UpdateConfig: only the flags given (zero means unchanged to the daemon). */
    static String updateBody(Args a) {
        Map<String, Object> m = new LinkedHashMap<>();
        putSize(a, m, "memory", "Memory");
        putSize(a, m, "memory-reservation", "MemoryReservation");
        putSize(a, m, "kernel-memory", "KernelMemory"); // hidden, sent by docker 28 (the daemon ignores it)
        String swap = a.value("memory-swap");
        if (swap != null) {
            m.put("MemorySwap", swap.equals("-1") ? -1L : RunOptions.memoryBytes(UPDATE, "memory-swap", swap));
        }
        if (a.value("cpus") != null) {
            m.put("NanoCpus", RunOptions.nanoCpus(UPDATE, a.value("cpus")));
        }
        putLong(a, m, "cpu-shares", "CpuShares");
        putLong(a, m, "cpu-quota", "CpuQuota");
        putLong(a, m, "cpu-period", "CpuPeriod");
        putLong(a, m, "cpu-rt-period", "CpuRealtimePeriod");
        putLong(a, m, "cpu-rt-runtime", "CpuRealtimeRuntime");
        putLong(a, m, "pids-limit", "PidsLimit");
        putLong(a, m, "blkio-weight", "BlkioWeight");
        if (a.value("cpuset-cpus") != null) {
            m.put("CpusetCpus", a.value("cpuset-cpus"));
        }
        if (a.value("cpuset-mems") != null) {
            m.put("CpusetMems", a.value("cpuset-mems"));
        }
        String restart = a.value("restart");
        if (restart != null) {
            int colon = restart.indexOf(':');
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("Name", colon < 0 ? restart : restart.substring(0, colon));
            p.put("MaximumRetryCount", colon < 0 ? 0L : parseLong(UPDATE, "restart", restart.substring(colon + 1)));
            m.put("RestartPolicy", p);
        }
        if (m.isEmpty()) {
            throw new CliException(1, "you must provide one or more flags when using this command");
        }
        try {
            return dev.jdock.api.Json.mapper().writeValueAsString(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putSize(Args a, Map<String, Object> m, String flag, String key) {
        if (a.value(flag) != null) {
            m.put(key, RunOptions.memoryBytes(UPDATE, flag, a.value(flag)));
        }
    }

    private static void putLong(Args a, Map<String, Object> m, String flag, String key) {
        if (a.value(flag) != null) {
            m.put(key, parseLong(UPDATE, flag, a.value(flag)));
        }
    }

    private static long parseLong(Args.Spec spec, String flag, String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw Args.usage(spec, "invalid argument \"" + v + "\" for \"--" + flag + "\" flag: strconv.ParseInt: "
                    + "parsing \"" + v + "\": invalid syntax");
        }
    }

    public static int prune(Cli cli, Args a, InputStream stdin) throws IOException {
        if (!a.has("force") && !Prompts.confirm(cli, stdin, PRUNE_WARNING)) {
            return 0;
        }
        cli.out().print(Prunes.containers(cli, a.values("filter")).withTotal());
        return 0;
    }
}
