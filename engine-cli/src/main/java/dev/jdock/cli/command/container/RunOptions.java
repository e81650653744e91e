package dev.jdock.cli.command.container;

import dev.jdock.api.GoJson;
import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.LogConfig;
import dev.jdock.api.types.container.RestartPolicy;
import dev.jdock.api.types.container.Ulimit;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.core.FlagValues;
import dev.jdock.cli.format.Formats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code run}/{@code create} flags turned into the create body the docker CLI would send. */
public final class RunOptions {
    /** docker's help text of {@code --detach-keys} (run, start). */
    static final String DETACH_KEYS_HELP = "Override the key sequence for detaching a container";

    /**
     * run's or create's options, docker 28's set: create has no {@code -d}, {@code --detach-keys} or
     * {@code --sig-proxy}, and words {@code --pull} its own way.
     */
    public static Args.Spec spec(String command) {
        boolean run = command.equals("run");
        Args.Spec s = ResourceFlags.add(VolumeFlags.add(NetworkFlags.add(HealthOptions.flags(RuntimeFlags.add(
                new Args.Spec(command))))))
                .stopAtPositional()
                .flag(null, "rm", "Automatically remove the container and its associated anonymous volumes when "
                    + "it exits")
                .flag("i", "interactive", "Keep STDIN open even if not attached")
                .flag("t", "tty", "Allocate a pseudo-TTY")
                .option("e", "env", "list", "Set environment variables")
                .option(null, "env-file", "list", "Read in a file of environment variables")
                .option("w", "workdir", "string", "Working directory inside the container")
                .option("u", "user", "string", "Username or UID (format: <name|uid>[:<group|gid>])")
                .option(null, "name", "string", "Assign a name to the container")
                .option(null, "entrypoint", "string", "Overwrite the default ENTRYPOINT of the image")
                .option("h", "hostname", "string", "Container host name")
                .option(null, "domainname", "string", "Container NIS domain name")
                .option("l", "label", "list", "Set meta data on a container")
                .option(null, "label-file", "list", "Read in a line delimited file of labels")
                .option(null, "annotation", "map", "Add an annotation to the container (passed through to the OCI "
                    + "runtime)", "map[]")
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
                .option(null, "userns", "string", "User namespace to use")
                .option(null, "isolation", "string", "Container isolation technology")
                .option(null, "runtime", "string", "Runtime to use for this container")
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
                .option(null, "log-driver", "string", "Logging driver for the container")
                .option(null, "log-opt", "list", "Log driver options")
                .option(null, "pull", "string", run ? "Pull image before running (\"always\", \"missing\", "
                    + "\"never\")" : "Pull image before creating (\"always\", \"|missing\", \"never\")", "\"missing\"")
                .flag("q", "quiet", "Suppress the pull output")
                .option(null, "platform", "string", "Set platform if server is multi-platform capable")
                .flag(null, "disable-content-trust", "Skip image verification", "true")
                .flag(null, "use-api-socket", "Bind mount Docker API socket and required auth")
                .flag(null, "help", "Print usage"); // docker's own --help: -h is --hostname
        if (run) {
            s.flag("d", "detach", "Run container in background and print container ID")
                    .option(null, "detach-keys", "string", DETACH_KEYS_HELP)
                    .flag(null, "sig-proxy", "Proxy received signals to the process", "true");
        }
        return s;
    }

    private RunOptions() {
    }

    /** Builds the create body; {@code run} is false for {@code create}; {@code consoleSize} is [h, w] or null. */
    public static ContainerCreateRequest build(Args a, boolean run, int[] consoleSize, Map<String, String> environ)
            throws IOException {
        Args.Spec spec = spec(run ? "run" : "create");
        pullPolicy(a);
        ResourceFlags.checkValues(a, spec);
        NetworkFlags.checkMac(a);
        List<String> pos = a.positionals();
        boolean detach = run && a.has("detach");
        boolean stdin = a.has("interactive");
        boolean tty = a.has("tty");
        List<String> attach = attachStreams(spec, a.values("attach"));
        // docker's parse: -i attaches stdin whatever -a says (-i -a stderr: stdin and stderr); -d attaches nothing
        boolean attachIn = !detach && (stdin || attach.contains("stdin"));
        boolean attachOut = attach.isEmpty() ? !detach : attach.contains("stdout");
        boolean attachErr = attach.isEmpty() ? !detach : attach.contains("stderr");
        String entrypoint = a.value("entrypoint");
        List<String> env = env(spec, a, environ);
        List<String> labels = new ArrayList<>();
        for (String file : a.values("label-file")) {
            labels.addAll(KvFile.read(file, null));
        }
        labels.addAll(a.values("label"));
        ContainerCreateRequest.Builder b = ContainerCreateRequest.builder()
                .hostname(a.value("hostname")).domainname(a.value("domainname")).user(a.value("user"))
                .attachStdin(attachIn).attachStdout(attachOut).attachStderr(attachErr)
                .tty(tty).openStdin(stdin).stdinOnce(stdin && attachIn)
                .env(env.isEmpty() ? null : env).cmd(pos.size() > 1 ? List.copyOf(pos.subList(1, pos.size())) : null)
                .image(pos.get(0)).volumes(VolumeFlags.anonymous(a)).workingDir(a.value("workdir"))
                .entrypoint(entrypoint == null ? null : List.of(entrypoint))
                .labels(labels(labels)).stopSignal(a.value("stop-signal"))
                .stopTimeout(a.longValue(spec, "stop-timeout"))
                .healthcheck(HealthOptions.build(a, spec))
                .hostConfig(hostConfig(a, spec, consoleSize))
                .exposedPorts(NetworkFlags.exposedPorts(a))
                .networkingConfig(NetworkFlags.networking(spec, a));
        return b.build();
    }

    /**
     * The docker CLI's {@code parseSecurityOpts}: each option is KEY=VALUE (or the legacy KEY:VALUE) but the bare
     * {@code no-new-privileges}; {@code seccomp=FILE} is sent as {@code seccomp=<the file's JSON, compacted>}
     * ({@code builtin} and {@code unconfined} name the daemon's own), so the daemon never reads a client's file.
     */
    static List<String> securityOpts(List<String> opts) {
        List<String> out = new ArrayList<>(opts.size());
        for (String opt : opts) {
            int eq = opt.indexOf('=');
            String key = eq < 0 ? opt : opt.substring(0, eq);
            if (eq < 0 && !key.equals("no-new-privileges")) {
                eq = opt.indexOf(':');
                key = eq < 0 ? opt : opt.substring(0, eq);
            }
            String value = eq < 0 ? "" : opt.substring(eq + 1);
            if (value.isEmpty() && !key.equals("no-new-privileges")) {
                throw new CliException(125, "jdock: Invalid --security-opt: " + Formats.quote(opt));
            }
            String sent = opt;
            if (key.equals("seccomp") && !value.equals("builtin") && !value.equals("unconfined")) {
                byte[] profile;
                try {
                    profile = Files.readAllBytes(Path.of(value));
                } catch (NoSuchFileException e) {
                    throw seccompFile("opening", value, "open " + value + ": no such file or directory");
                } catch (AccessDeniedException e) {
                    throw seccompFile("opening", value, "open " + value + ": permission denied");
                } catch (IOException | java.nio.file.InvalidPathException e) {
                    throw seccompFile("opening", value, Files.isDirectory(Path.of(value))
                            ? "read " + value + ": is a directory" : String.valueOf(e.getMessage()));
                }
                try {
                    sent = "seccomp=" + new String(GoJson.compact(profile), StandardCharsets.UTF_8);
                } catch (GoJson.SyntaxException e) {
                    throw seccompFile("compacting json for", value, e.getMessage());
                }
            }
            out.add(sent);
        }
        return out;
    }

    private static CliException seccompFile(String what, String file, String why) {
        return new CliException(125, "jdock: " + what + " seccomp profile (" + file + ") failed: " + why);
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
                .networkMode(NetworkFlags.networkMode(spec, a)).restartPolicy(policy)
                .autoRemove(a.has("rm")).consoleSize(consoleSize == null ? List.of(0, 0)
                        : List.of(consoleSize[0], consoleSize[1]))
                .capAdd(nullIfEmpty(capabilities(a.values("cap-add"))))
                .capDrop(nullIfEmpty(capabilities(a.values("cap-drop"))))
                .extraHosts(nullIfEmpty(extraHosts(spec, a))).privileged(a.has("privileged"))
                .readonlyRootfs(a.has("read-only")).securityOpt(nullIfEmpty(securityOpts(a.values("security-opt"))))
                .tmpfs(tmpfs.isEmpty() ? null : tmpfs)
                .shmSize(a.value("shm-size") == null ? 0 : memoryBytes(spec, "shm-size", a.value("shm-size")))
                .memory(a.value("memory") == null ? 0 : memoryBytes(spec, "memory", a.value("memory")))
                .memorySwap(swap == null ? 0 : swap.equals("-1") ? -1 : memoryBytes(spec, "memory-swap", swap))
                .nanoCpus(a.value("cpus") == null ? 0 : nanoCpus(spec, a.value("cpus")))
                .cpuShares(a.value("cpu-shares") == null ? 0 : a.intValue(spec, "cpu-shares"))
                .pidsLimit(pids == null ? 0L : a.longValue(spec, "pids-limit"))
                .ulimits(a.values("ulimit").isEmpty() ? List.of() : ulimits(spec, a.values("ulimit")))
                .oomKillDisable(a.has("oom-kill-disable"))
                .annotations(a.values("annotation").isEmpty() ? null : labels(a.values("annotation")))
                .logConfig(logConfig(a)).runtime(a.value("runtime")).isolation(a.value("isolation", ""))
                .usernsMode(userns(a.value("userns", "")))
                .init(a.changed("init") ? a.has("init") : null);
        return VolumeFlags.apply(spec, a, NetworkFlags.apply(spec, a, ResourceFlags.apply(a, spec,
                RuntimeFlags.apply(a, spec, b)))).build();
    }

    /** {@code --pull}: "missing" unless given; any other value than docker's three is the CLI's error. */
    static String pullPolicy(Args a) {
        String pull = a.value("pull", "missing");
        if (!List.of("always", "missing", "never", "").contains(pull)) {
            throw new CliException(125, "jdock: invalid pull option: '" + pull + "': must be one of \"always\", "
                    + "\"missing\" or \"never\"");
        }
        return pull.isEmpty() ? "missing" : pull;
    }

    /** docker's parseLoggingOpts: {@code --log-opt k=v} into the driver's config; none takes no options. */
    private static LogConfig logConfig(Args a) {
        String driver = a.value("log-driver", "");
        if (driver.equals("none") && !a.values("log-opt").isEmpty()) {
            throw new CliException(125, "jdock: invalid logging opts for driver none");
        }
        return new LogConfig(driver, labels(a.values("log-opt")));
    }

    /** The CLI's UsernsMode check: empty or {@code host}. */
    private static String userns(String mode) {
        if (!mode.isEmpty() && !mode.equals("host")) {
            throw new CliException(125, "jdock: --userns: invalid USER mode");
        }
        return mode;
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
            return new RestartPolicy(restart.substring(0, colon), count.isEmpty() ? 0 : Long.parseLong(count));
        } catch (NumberFormatException e) {
            throw new CliException(125, "jdock: invalid restart policy format: maximum retry count must be an integer");
        }
    }

    /** --add-host as docker's ValidateExtraHost sends it ({@link dev.jdock.cli.core.FlagValues#extraHost}). */
    static List<String> extraHosts(Args.Spec spec, Args a) {
        List<String> out = new ArrayList<>();
        for (String v : a.values("add-host")) {
            out.add(dev.jdock.cli.core.FlagValues.extraHost(spec, v));
        }
        return out;
    }

    /** docker's ValidateAttach: each -a value lower-cased, one of stdin, stdout and stderr. */
    static List<String> attachStreams(Args.Spec spec, List<String> values) {
        List<String> out = new ArrayList<>(values.size());
        for (String v : values) {
            String s = v.toLowerCase(java.util.Locale.ROOT);
            if (!s.equals("stdin") && !s.equals("stdout") && !s.equals("stderr")) {
                throw Args.invalidArgument(spec, "attach", v, "valid streams are STDIN, STDOUT and STDERR");
            }
            out.add(s);
        }
        return out;
    }

    /**
     * docker's NormalizeCapabilities: each upper-cased (not trimmed: docker 28.2.2 sends {@code ' all'} as
     * {@code CAP_ ALL}), {@code CAP_} put in front (not of ALL), once each, sorted ({@code --cap-add net_admin
     * --cap-add chown}: CAP_CHOWN, CAP_NET_ADMIN).
     */
    static List<String> capabilities(List<String> caps) {
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        for (String c : caps) {
            String n = c.toUpperCase(java.util.Locale.ROOT);
            out.add(n.equals("ALL") || n.startsWith("CAP_") ? n : "CAP_" + n);
        }
        return List.copyOf(out);
    }

    private static List<String> nullIfEmpty(List<String> l) {
        return l.isEmpty() ? null : List.copyOf(l);
    }

    /**
     * {@code --env-file} lines ({@link KvFile}, bare names from the client's environment), then {@code -e} as docker
     * 28's run/create send them: one entry per name, the last {@code -e} of a name winning (docker keeps them in a
     * map, so its order varies; here the first one's place), and a bare name the client has no value for sent bare
     * (the daemon then unsets it from the image's environment).
     */
    static List<String> env(Args.Spec spec, Args a, Map<String, String> environ) {
        List<String> out = fileEnv(a, environ);
        Map<String, String> byName = new LinkedHashMap<>();
        for (String e : a.values("env")) {
            String v = envValue(spec, e, environ);
            int eq = v.indexOf('=');
            byName.put(eq < 0 ? v : v.substring(0, eq), v);
        }
        out.addAll(byName.values());
        return out;
    }

    /** {@code exec}'s environment: the env files, then every {@code -e} in order (docker's exec keeps them all). */
    static List<String> execEnv(Args.Spec spec, Args a, Map<String, String> environ) {
        List<String> out = fileEnv(a, environ);
        for (String e : a.values("env")) {
            out.add(envValue(spec, e, environ));
        }
        return out;
    }

    private static List<String> fileEnv(Args a, Map<String, String> environ) {
        List<String> out = new ArrayList<>();
        for (String file : a.values("env-file")) {
            out.addAll(KvFile.read(file, environ));
        }
        return out;
    }

    /** docker's ValidateEnv: {@code NAME=value} as is; a bare NAME takes the client's value, else stays bare. */
    private static String envValue(Args.Spec spec, String e, Map<String, String> environ) {
        if (e.isEmpty() || e.startsWith("=")) {
            throw Args.invalidArgument(spec, "env", e, "invalid environment variable: " + e);
        }
        if (e.contains("=")) {
            return e;
        }
        String v = environ.get(e);
        return v == null ? e : e + "=" + v;
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
