package dev.jdock.daemon;

import dev.jdock.daemon.config.DaemonConfig;
import dev.jdock.daemon.config.DaemonLock;
import dev.jdock.daemon.cri.CriModule;
import dev.jdock.daemon.metrics.MetricsAddress;
import dev.jdock.daemon.config.TlsSettings;
import dev.jdock.daemon.server.TcpExposure;
import dev.jdock.daemon.config.LiveConfig;
import dev.jdock.daemon.config.ReloadableConfig;
import dev.jdock.daemon.service.ConfigReloader;
import dev.jdock.daemon.service.DaemonSignals;
import dev.jdock.daemon.service.NettyDatagrams;
import dev.jdock.daemon.service.SdNotify;
import dev.jdock.runtime.syscall.LinuxSyscalls;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The jdockd command line: dockerd's flags where they overlap. Runs in the foreground and logs to stderr. */
@Command(name = "jdockd", mixinStandardHelpOptions = true, version = "jdockd 0.1.0",
        description = "The jdock daemon: serves the Docker Engine API and the Kubernetes CRI.")
public final class Jdockd implements Callable<Integer> {
    @Option(names = {"-H", "--host"},
            description = "Daemon socket(s) to listen on (unix:///path, tcp://host:port, fd:// for systemd's sockets)")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--data-root", description = "Root directory of persistent state (default /var/lib/jdock)")
    String dataRoot;

    @Option(names = "--exec-root", description = "Root directory of execution state (default /run/jdock)")
    String execRoot;

    @Option(names = {"-p", "--pidfile"}, description = "Path of the daemon's PID file (default /run/jdockd.pid)")
    String pidfile;

    @Option(names = {"-l", "--log-level"}, description = "debug, info, warn, error, fatal (default info)")
    String logLevel;

    @Option(names = {"-D", "--debug"}, description = "Enable debug mode")
    boolean debug;

    @Option(names = "--config-file", description = "daemon.json (default /etc/jdock/daemon.json)")
    String configFile = "/etc/jdock/daemon.json";

    @Option(names = "--live-restore", description = "Accepted for compatibility: jdock always keeps containers running")
    boolean liveRestore;

    @Option(names = "--userland-proxy", arity = "0..1", fallbackValue = "true",
            description = "Use userland proxy for loopback traffic (default true; the kernel's DNAT serves first)")
    Boolean userlandProxy;

    @Option(names = "--metrics-addr", description = "Set default address and port to serve the metrics api on "
            + "(host:port, e.g. 127.0.0.1:9323; off by default)")
    String metricsAddr;

    @Option(names = "--log-format", description = "Set the logging format (\"text\"|\"json\") (default \"text\")")
    String logFormat;

    @Option(names = "--tls", arity = "0..1", fallbackValue = "true",
            description = "Use TLS on TCP hosts; implied by --tlsverify. --tls=false allows plain TCP beyond loopback")
    Boolean tls;

    @Option(names = "--tlsverify", arity = "0..1", fallbackValue = "true",
            description = "Use TLS and require a client certificate signed by --tlscacert")
    Boolean tlsVerify;

    @Option(names = "--tlscacert", description = "Trust certs signed only by this CA (default ~/.docker/ca.pem)")
    String tlsCaCert;

    @Option(names = "--tlscert", description = "Path to TLS certificate file (default ~/.docker/cert.pem)")
    String tlsCert;

    @Option(names = "--tlskey", description = "Path to TLS key file (default ~/.docker/key.pem)")
    String tlsKey;

    @Option(names = "--cri", arity = "0..1", fallbackValue = "true",
            description = "Serve the Kubernetes CRI (gRPC) on --cri-socket (default true; --cri=false turns it off)")
    Boolean cri;

    @Option(names = "--cri-socket", description = "The CRI socket for a kubelet (default "
            + DaemonConfig.CRI_SOCKET_NAME + " in the exec root: unix:///run/jdock/cri.sock)")
    String criSocket;

    @Option(names = "--cri-stream-address", description = "Where the CRI streaming server (Exec, Attach, "
            + "PortForward URLs) listens: IP[:PORT], PORT 0 or none for any free one (default 127.0.0.1:0)")
    String criStreamAddress;

    @Option(names = "--cri-stream-tlscert", description = "Serve the CRI streaming server over HTTPS with this "
            + "certificate (PEM; with --cri-stream-tlskey)")
    String criStreamTlsCert;

    @Option(names = "--cri-stream-tlskey", description = "The key of --cri-stream-tlscert (PEM)")
    String criStreamTlsKey;

    @Option(names = "--cni-conf-dir", description = "The CRI's CNI network configuration directory (default "
            + "/etc/cni/net.d; jdock's default network is installed there when it holds none)")
    String cniConfDir;

    @Option(names = "--exec-opt", description = "Runtime execution options (native.cgroupdriver=cgroupfs|systemd; "
            + "default cgroupfs)")
    List<String> execOpts = new ArrayList<>();

    @Option(names = "--cni-bin-dir", description = "The directory of CNI plugin binaries (default /opt/cni/bin, "
            + "then /usr/lib/cni)")
    String cniBinDir;

    public static void main(String[] args) {
        fastProcessLaunch();
        Jdockd jdockd = new Jdockd();
        System.exit(jdockd.parsePlain(args) ? jdockd.execute() : Picocli.execute(args));
    }

    /** picocli, in a class of its own so that a plain command line loads none of its ~170 classes. */
    static final class Picocli {
        private Picocli() {
        }

        static int execute(String[] args) {
            return new CommandLine(new Jdockd()).execute(args);
        }
    }

    /** What picocli's {@code execute} does once the arguments are parsed: an exception is printed, exit code 1. */
    int execute() {
        try {
            return call();
        } catch (Exception e) {
            e.printStackTrace();
            return 1;
        }
    }

    /** The options that take a value (-H/--host may repeat), by each of their names. */
    private static final List<String> VALUE_OPTIONS = List.of("-H", "--host", "--data-root", "--exec-root", "-p",
            "--pidfile", "-l", "--log-level", "--config-file", "--metrics-addr", "--log-format", "--tlscacert",
            "--tlscert", "--tlskey", "--cri-socket", "--cri-stream-address", "--cri-stream-tlscert",
            "--cri-stream-tlskey", "--cni-conf-dir", "--cni-bin-dir", "--exec-opt");

    /**
     * Parses a plain command line into the fields as picocli would, without picocli: each option by one of its names,
     * a value as the next argument or after {@code =} on a long name, not empty and not starting with {@code -} or
     * {@code @}; the optional booleans bare or {@code =true}/{@code =false}; each option once (-H and --exec-opt any number of times).
     * Anything else (help, version, an unknown or repeated option, an argument file, a positional argument, clustered
     * short options, {@code picocli.*} properties) returns false with the fields untouched, and picocli parses the
     * whole line: its messages, help and exit codes stay the only ones.
     */
    boolean parsePlain(String[] args) {
        if (System.getProperties().stringPropertyNames().stream().anyMatch(k -> k.startsWith("picocli."))) {
            return false;
        }
        Map<String, String> values = new java.util.HashMap<>();
        List<String> hostValues = new ArrayList<>();
        List<String> execOptValues = new ArrayList<>();
        java.util.Set<String> flags = new java.util.HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String canonical = canonicalName(name);
            if (canonical == null) {
                return false;
            }
            if (VALUE_OPTIONS.contains(name)) {
                String value;
                if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    return false;
                }
                if (value.isEmpty() || value.startsWith("-") || value.startsWith("@")) {
                    return false;
                }
                if (canonical.equals("--host")) {
                    hostValues.add(value);
                } else if (canonical.equals("--exec-opt")) {
                    execOptValues.add(value);
                } else if (values.putIfAbsent(canonical, value) != null) {
                    return false;
                }
            } else if (canonical.equals("--debug") || canonical.equals("--live-restore")) {
                if (eq >= 0 || !flags.add(canonical)) {
                    return false;
                }
            } else { // an optional boolean: --cri, --tls, --tlsverify, --userland-proxy
                String value = eq < 0 ? "true" : arg.substring(eq + 1);
                if (!value.equals("true") && !value.equals("false")) {
                    return false;
                }
                if (eq < 0 && i + 1 < args.length && !args[i + 1].startsWith("-")) {
                    return false; // picocli may take the next argument as the value
                }
                if (values.putIfAbsent(canonical, value) != null) {
                    return false;
                }
            }
        }
        hosts.addAll(hostValues);
        execOpts.addAll(execOptValues);
        dataRoot = values.get("--data-root");
        execRoot = values.get("--exec-root");
        pidfile = values.get("--pidfile");
        logLevel = values.get("--log-level");
        debug = flags.contains("--debug");
        configFile = values.getOrDefault("--config-file", configFile);
        liveRestore = flags.contains("--live-restore");
        userlandProxy = bool(values.get("--userland-proxy"));
        metricsAddr = values.get("--metrics-addr");
        logFormat = values.get("--log-format");
        tls = bool(values.get("--tls"));
        tlsVerify = bool(values.get("--tlsverify"));
        tlsCaCert = values.get("--tlscacert");
        tlsCert = values.get("--tlscert");
        tlsKey = values.get("--tlskey");
        cri = bool(values.get("--cri"));
        criSocket = values.get("--cri-socket");
        criStreamAddress = values.get("--cri-stream-address");
        criStreamTlsCert = values.get("--cri-stream-tlscert");
        criStreamTlsKey = values.get("--cri-stream-tlskey");
        cniConfDir = values.get("--cni-conf-dir");
        cniBinDir = values.get("--cni-bin-dir");
        return true;
    }

    /** The option's long name for any of its names, null for help, version and what is not an option of jdockd. */
    private static String canonicalName(String name) {
        switch (name) {
            case "-H":
                return "--host";
            case "-p":
                return "--pidfile";
            case "-l":
                return "--log-level";
            case "-D":
                return "--debug";
            case "--host": case "--data-root": case "--exec-root": case "--pidfile": case "--log-level":
            case "--debug": case "--config-file": case "--live-restore": case "--userland-proxy":
            case "--metrics-addr": case "--log-format": case "--tls": case "--tlsverify": case "--tlscacert":
            case "--tlscert": case "--tlskey": case "--cri": case "--cri-socket": case "--cni-conf-dir":
            case "--cni-bin-dir": case "--cri-stream-address": case "--cri-stream-tlscert":
            case "--cri-stream-tlskey": case "--exec-opt":
                return name;
            default:
                return null;
        }
    }

    private static Boolean bool(String value) {
        return value == null ? null : Boolean.valueOf(value);
    }

    /**
     * Every container start and exec spawns a monitor: JDK 17's default posix_spawn goes through jspawnhelper (a
     * second exec), measured at 6.8 ms a spawn in a loaded daemon-sized JVM against 2.6 ms with vfork
     * (docs/performance.md). vfork was the JDK's own default before 12; later JDKs deprecate it, so only older ones
     * get it, and an explicit {@code -Djdk.lang.Process.launchMechanism} wins.
     */
    static void fastProcessLaunch() {
        String key = "jdk.lang.Process.launchMechanism";
        if (System.getProperty(key) == null && Runtime.version().feature() < 21) {
            System.setProperty(key, "VFORK");
        }
    }

    @Override
    public Integer call() throws Exception {
        DaemonConfig.FileConfig file;
        TlsSettings.Inputs fileTls;
        try {
            file = DaemonConfig.FileConfig.read(Path.of(configFile));
            fileTls = TlsSettings.Inputs.read(Path.of(configFile));
        } catch (IOException e) {
            System.err.println("jdockd: unable to read configuration file " + configFile + ": " + e.getMessage());
            return 1;
        }
        DaemonConfig cfg = new DaemonConfig(
                !hosts.isEmpty() ? hosts : file.hosts() != null && !file.hosts().isEmpty() ? file.hosts()
                        : List.of(DaemonConfig.DEFAULT_HOST),
                Path.of(first(dataRoot, file.dataRoot(), "/var/lib/jdock")),
                Path.of(first(execRoot, file.execRoot(), "/run/jdock")),
                Path.of(first(pidfile, file.pidfile(), "/run/jdockd.pid")),
                debug || Boolean.TRUE.equals(file.debug()) ? "debug" : first(logLevel, file.logLevel(), "info"),
                first(null, file.logDriver(), "json-file"),
                file.logOpts() == null ? Map.of() : Map.copyOf(file.logOpts()))
                .withRegistries(file.registryMirrors(), file.insecureRegistries())
                .withMetricsAddr(metricsAddr(file))
                .withUserlandProxy(userlandProxy != null ? userlandProxy
                        : !Boolean.FALSE.equals(file.userlandProxy()))
                .withTls(TlsSettings.resolve(new TlsSettings.Inputs(tls, tlsVerify, tlsCaCert, tlsCert, tlsKey),
                        fileTls, System.getenv()))
                .withExecOpts(!execOpts.isEmpty() ? execOpts : file.execOpts());
        try {
            cfg.cgroupDriver();
        } catch (IllegalArgumentException e) {
            System.err.println("jdockd: " + e.getMessage());
            return 1;
        }
        cfg = cfg.withCriSocket(criSocket(file, cfg.execRoot()));
        String criInvalid = null;
        try {
            cfg = cfg.withCni(cniDirs(file)).withCriStream(criStream(file));
        } catch (IllegalArgumentException e) {
            criInvalid = e.getMessage();
        }
        String format = first(logFormat, file.logFormat(), "text");
        String invalid = observabilityError(format, cfg.metricsAddr());
        if (invalid == null) {
            // before any class with a logger loads (CriModule below): logback reads both when it starts
            System.setProperty("jdock.log.format", format);
            System.setProperty("jdock.log.level", cfg.logLevel());
            invalid = criSocketError(cfg.criSocket());
            invalid = invalid != null ? invalid : criInvalid;
        }
        if (invalid != null) {
            System.err.println("jdockd: " + invalid);
            return 1;
        }
        try {
            dev.jdock.daemon.logging.LogOptions.validateDaemonDefaults(cfg.logDriver(), cfg.logOpts());
        } catch (dev.jdock.daemon.errors.EngineException e) {
            System.err.println("jdockd: failed to set log opts: " + e.getMessage());
            return 1;
        }
        ReloadableConfig.Flags flags = new ReloadableConfig.Flags(debug ? Boolean.TRUE : null, logLevel);
        ReloadableConfig reloadable;
        try {
            reloadable = ReloadableConfig.of(file, flags).validate();
        } catch (dev.jdock.daemon.errors.EngineException e) {
            System.err.println("jdockd: unable to configure the daemon with file " + configFile + ": "
                    + e.getMessage());
            return 1;
        }
        if (!TcpExposure.startupCheck(cfg.hosts(), cfg.tls(), System.err)) {
            return 1;
        }
        HostService service = new HostService(SdNotify.fromEnvironment(System.getenv(), new NettyDatagrams()),
                DaemonSignals.install(new LinuxSyscalls()::defaultSignal));
        DaemonLock lock;
        try {
            lock = DaemonLock.acquire(cfg.dataRoot());
        } catch (IllegalStateException e) {
            System.err.println("jdockd: " + e.getMessage());
            return 1;
        }
        try (lock) {
            service.run(cfg, new LiveConfig(reloadable), new ConfigReloader.Source(Path.of(configFile), flags));
        } catch (IllegalArgumentException e) {
            System.err.println("jdockd: " + e.getMessage()); // a host it cannot listen on
            return 1;
        } catch (dev.jdock.runtime.cgroup.CgroupException e) { // the systemd driver where systemd does not answer
            System.err.println("jdockd: the systemd cgroup driver needs a running systemd: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    /** dockerd's refusal of a {@code --log-format} or {@code --metrics-addr}, null when both are good. */
    private static String observabilityError(String format, String metricsAddr) {
        if (!format.equals("text") && !format.equals("json")) {
            return "unknown log format: " + format;
        }
        try {
            if (metricsAddr != null) {
                MetricsAddress.parse(metricsAddr);
            }
            return null;
        } catch (IllegalArgumentException e) {
            return "failed to start metrics server: listen tcp: " + e.getMessage();
        }
    }

    /** The CRI endpoint: null when {@code --cri=false} or daemon.json's {@code "cri": false}; the flag wins. */
    String criSocket(DaemonConfig.FileConfig file, Path execRootPath) {
        boolean on = cri != null ? cri : !Boolean.FALSE.equals(file.cri());
        return on ? first(criSocket, file.criSocket(), DaemonConfig.defaultCriSocket(execRootPath)) : null;
    }

    /**
     * The CNI directories: each flag wins over its daemon.json key ({@code cni-conf-dir}, {@code cni-bin-dir}); a
     * given bin dir replaces the default list.
     *
     * @throws IllegalArgumentException for a path that is not absolute
     */
    DaemonConfig.CniDirs cniDirs(DaemonConfig.FileConfig file) {
        DaemonConfig.CniDirs def = DaemonConfig.CniDirs.DEFAULT;
        String conf = first(cniConfDir, file.cniConfDir(), null);
        String bin = first(cniBinDir, file.cniBinDir(), null);
        return new DaemonConfig.CniDirs(conf == null ? def.confDir() : absolute("--cni-conf-dir", conf),
                bin == null ? def.binDirs() : List.of(absolute("--cni-bin-dir", bin)));
    }

    /**
     * The CRI streaming server's settings: each flag wins over its daemon.json key ({@code cri-stream-address},
     * {@code cri-stream-tlscert}, {@code cri-stream-tlskey}); the key pair both or neither.
     *
     * @throws IllegalArgumentException for an address that is not an IP address and port, a path that is not
     *                                  absolute, or half a key pair
     */
    DaemonConfig.CriStream criStream(DaemonConfig.FileConfig file) {
        String address = first(criStreamAddress, file.criStreamAddress(), DaemonConfig.CriStream.DEFAULT.address());
        try {
            DaemonConfig.CriStream.parseAddress(address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid --cri-stream-address " + e.getMessage());
        }
        String cert = first(criStreamTlsCert, file.criStreamTlsCert(), null);
        String key = first(criStreamTlsKey, file.criStreamTlsKey(), null);
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("--cri-stream-tlscert and --cri-stream-tlskey go together: "
                    + (cert == null ? "no certificate" : "no key") + " given");
        }
        return new DaemonConfig.CriStream(address, cert == null ? null : absolute("--cri-stream-tlscert", cert),
                key == null ? null : absolute("--cri-stream-tlskey", key));
    }

    private static Path absolute(String flag, String path) {
        if (path.isEmpty() || !path.startsWith("/") || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid " + flag + " \"" + path + "\": not an absolute path");
        }
        return Path.of(path).normalize();
    }

    /** The refusal of a CRI endpoint that is not a UNIX socket, null when it is one (or off). */
    private static String criSocketError(String endpoint) {
        try {
            if (endpoint != null) {
                CriModule.socketPath(endpoint);
            }
            return null;
        } catch (IllegalArgumentException e) {
            return "invalid --cri-socket: " + e.getMessage();
        }
    }

    /** The flag, else daemon.json's {@code metrics-addr}; empty means none, as dockerd's default. */
    private String metricsAddr(DaemonConfig.FileConfig file) {
        String addr = first(metricsAddr, file.metricsAddr(), "");
        return addr.isBlank() ? null : addr.trim();
    }

    private static String first(String a, String b, String def) {
        return a != null ? a : b != null ? b : def;
    }
}
