package dev.jdock.cli.command.container;

import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.RestartPolicy;
import dev.jdock.api.types.container.Ulimit;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.core.FlagValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code run}/{@code create} flags turned into the create body the docker CLI would send. */
public final class RunOptions {
    public static Args.Spec spec(String command) {
        return VolumeFlags.add(NetworkFlags.add(HealthOptions.flags(RuntimeFlags.add(new Args.Spec(command)))))
                .stopAtPositional()
                .flag(null, "rm", "Automatically remove the container and its associated anonymous volumes when "
                    + "it exits")
                .flag("d", "detach", "Run container in background and print container ID")
                .flag("i", "interactive", "Keep STDIN open even if not attached")
                .flag("t", "tty", "Allocate a pseudo-TTY")
                .option("e", "env", "list", "Set environment variables")
                .option(null, "env-file", "list", "Read in a file of environment variables")
                .option("w", "workdir", "string", "Working directory inside the container")
                .option("u", "user", "string", "Username or UID (format: <name|uid>[:<group|gid>])")
                .option(null, "name", "string", "Assign a name to the container")
                .option(null, "entrypoint", "string", "Overwrite the default ENTRYPOINT of the image")
                .option("h", "hostname", "string", "Container host name")
                .option("l", "label", "list", "Set meta data on a container")
                .option("m", "memory", "bytes", "Memory limit")
                .option(null, "memory-swap", "bytes", "Swap limit equal to memory plus swap: '-1' to enable "
                    + "unlimited swap")
                .option(null, "cpus", "decimal", "Number of CPUs")
                .option("c", "cpu-shares", "int", "CPU shares (relative weight)")
                .option(null, "pids-limit", "int", "Tune container pids limit (set -1 for unlimited)")
                .option(null, "ulimit", "ulimit", "Ulimit options", "[]")
                .option(null, "cap-add", "list", "Add Linux capabilities")
                .option(null, "cap-drop", "list", "Drop Linux capabilities")
                .flag(null, "read-only", "Mount the container's root filesystem as read only")
                .flag(null, "privileged", "Give extended privileges to this container")
                .option(null, "security-opt", "list", "Security Options")
                .flag(null, "init", "Run an init inside the container that forwards signals and reaps processes")
                .option("a", "attach", "list", "Attach to STDIN, STDOUT or STDERR")
                .option(null, "restart", "string", "Restart policy to apply when a container exits", "\"no\"")
                .option(null, "stop-signal", "string", "Signal to stop the container")
                .option(null, "stop-timeout", "int", "Timeout (in seconds) to stop a container")
                .option(null, "network", "network", "Connect a container to a network")
                .option(null, "add-host", "list", "Add a custom host-to-IP mapping (host:ip)")
                .option("v", "volume", "list", "Bind mount a volume")
                .option(null, "tmpfs", "list", "Mount a tmpfs directory")
                .option(null, "shm-size", "bytes", "Size of /dev/shm")
                .option(null, "pull", "string", "Pull image before running (\"always\", \"missing\", "
                    + "\"never\")", "\"missing\"")
                .option(null, "platform", "string", "Set platform if server is multi-platform capable");
    }

    private RunOptions() {
    }

    /** Builds the create body; {@code run} is false for {@code create}; {@code consoleSize} is [h, w] or null. */
    public static ContainerCreateRequest build(Args a, boolean run, int[] consoleSize, Map<String, String> environ)
            throws IOException {
        Args.Spec spec = spec(run ? "run" : "create");
        List<String> pos = a.positionals();
        boolean detach = run && a.has("detach");
        boolean stdin = a.has("interactive");
        boolean tty = a.has("tty");
        List<String> attach = a.values("attach");
        boolean attachIn = attach.isEmpty() ? stdin && !detach : attach.contains("stdin");
        boolean attachOut = attach.isEmpty() ? !detach : attach.contains("stdout");
        boolean attachErr = attach.isEmpty() ? !detach : attach.contains("stderr");
        String entrypoint = a.value("entrypoint");
        ContainerCreateRequest.Builder b = ContainerCreateRequest.builder()
                .hostname(a.value("hostname")).user(a.value("user"))
                .attachStdin(attachIn).attachStdout(attachOut).attachStderr(attachErr)
                .tty(tty).openStdin(stdin).stdinOnce(stdin && attachIn)
                .env(env(a, environ)).cmd(pos.size() > 1 ? List.copyOf(pos.subList(1, pos.size())) : null)
                .image(pos.get(0)).volumes(VolumeFlags.anonymous(a)).workingDir(a.value("workdir"))
                .entrypoint(entrypoint == null ? null : List.of(entrypoint))
                .labels(labels(a.values("label"))).stopSignal(a.value("stop-signal"))
                .stopTimeout(a.intValue(spec, "stop-timeout"))
                .healthcheck(HealthOptions.build(a, spec))
                .hostConfig(hostConfig(a, spec, consoleSize))
                .exposedPorts(NetworkFlags.exposedPorts(a))
                .networkingConfig(NetworkFlags.networking(a));
        return b.build();
    }

    static HostConfig hostConfig(Args a, Args.Spec spec, int[] consoleSize) {
        String restart = a.value("restart", "no");
        RestartPolicy policy = restartPolicy(restart);
        if (a.has("rm") && !restart.equals("no") && !restart.isEmpty()) { // the docker CLI's own check
            throw new CliException(125, "jdock: conflicting options: cannot specify both --restart and --rm");
        }
        Map<String, String> tmpfs = new LinkedHashMap<>();
        for (String t : a.values("tmpfs")) {
            int c = t.indexOf(':');
            tmpfs.put(c < 0 ? t : t.substring(0, c), c < 0 ? "" : t.substring(c + 1));
        }
        String pids = a.value("pids-limit");
        String swap = a.value("memory-swap");
        HostConfig.Builder b = HostConfig.builder()
                .binds(a.values("volume").isEmpty() ? null : a.values("volume"))
                .networkMode(a.value("network", "default")).restartPolicy(policy)
                .autoRemove(a.has("rm")).consoleSize(consoleSize == null ? List.of(0, 0)
                        : List.of(consoleSize[0], consoleSize[1]))
                .capAdd(nullIfEmpty(a.values("cap-add"))).capDrop(nullIfEmpty(a.values("cap-drop")))
                .extraHosts(nullIfEmpty(a.values("add-host"))).privileged(a.has("privileged"))
                .readonlyRootfs(a.has("read-only")).securityOpt(nullIfEmpty(a.values("security-opt")))
                .tmpfs(tmpfs.isEmpty() ? null : tmpfs)
                .shmSize(a.value("shm-size") == null ? 0 : memoryBytes(spec, "shm-size", a.value("shm-size")))
                .memory(a.value("memory") == null ? 0 : memoryBytes(spec, "memory", a.value("memory")))
                .memorySwap(swap == null ? 0 : swap.equals("-1") ? -1 : memoryBytes(spec, "memory-swap", swap))
                .nanoCpus(a.value("cpus") == null ? 0 : nanoCpus(spec, a.value("cpus")))
                .cpuShares(a.value("cpu-shares") == null ? 0 : a.intValue(spec, "cpu-shares"))
                .pidsLimit(pids == null ? null : a.longValue(spec, "pids-limit"))
                .ulimits(ulimits(spec, a.values("ulimit")))
                .memorySwappiness(-1L)
                .init(a.has("init") ? Boolean.TRUE : null);
        return VolumeFlags.apply(a, NetworkFlags.apply(a, RuntimeFlags.apply(a, spec, b))).build();
    }

    /** docker's opts.ParseRestartPolicy: {@code name[:count]}; its two format errors are the CLI's own. */
    static RestartPolicy restartPolicy(String restart) {
        int colon = restart.indexOf(':');
        if (colon < 0) {
            return new RestartPolicy(restart, 0);
        }
        if (colon == 0) {
            throw new CliException(125, "jdock: invalid restart policy format: no policy provided before colon");
        }
        String count = restart.substring(colon + 1);
        try {
            return new RestartPolicy(restart.substring(0, colon), count.isEmpty() ? 0 : Integer.parseInt(count));
        } catch (NumberFormatException e) {
            throw new CliException(125, "jdock: invalid restart policy format: maximum retry count must be an integer");
        }
    }

    private static List<String> nullIfEmpty(List<String> l) {
        return l.isEmpty() ? null : List.copyOf(l);
    }

    static List<String> env(Args a, Map<String, String> environ) throws IOException {
        List<String> out = new ArrayList<>();
        for (String file : a.values("env-file")) {
            for (String line : readEnvFile(file)) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    addEnv(out, l, environ);
                }
            }
        }
        for (String e : a.values("env")) {
            addEnv(out, e, environ);
        }
        return out;
    }

    private static List<String> readEnvFile(String file) throws IOException {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CliException(125, "jdock: open " + file + ": no such file or directory");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new CliException(125, "jdock: open " + file + ": permission denied");
        }
    }

    /** {@code NAME=value} as is; a bare {@code NAME} takes the client's value, or is dropped when unset. */
    private static void addEnv(List<String> out, String e, Map<String, String> environ) {
        if (e.contains("=")) {
            out.add(e);
        } else if (environ.containsKey(e)) {
            out.add(e + "=" + environ.get(e));
        }
    }

    static Map<String, String> labels(List<String> labels) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : labels) {
            int eq = l.indexOf('=');
            m.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
        }
        return m;
    }

    /** docker's RAMInBytes: see {@link FlagValues#memoryBytes}. */
    public static long memoryBytes(Args.Spec spec, String flag, String v) {
        return FlagValues.memoryBytes(spec, flag, v);
    }

    static long nanoCpus(Args.Spec spec, String v) {
        try {
            return new java.math.BigDecimal(v.trim()).movePointRight(9).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw Args.invalidArgument(spec, "cpus", v, "failed to parse " + v + " as a rational number");
        }
    }

    /** {@code nofile=1024:2048} or {@code nproc=512}. */
    static List<Ulimit> ulimits(Args.Spec spec, List<String> values) {
        return FlagValues.ulimits(spec, values);
    }
}
