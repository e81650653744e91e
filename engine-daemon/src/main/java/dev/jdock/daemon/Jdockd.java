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

    @Option(names = "--cni-conf-dir", description = "The CRI's CNI network configuration directory (default "
            + "/etc/cni/net.d; jdock's default network is installed there when it holds none)")
    String cniConfDir;

    @Option(names = "--cni-bin-dir", description = "The directory of CNI plugin binaries (default /opt/cni/bin, "
            + "then /usr/lib/cni)")
    String cniBinDir;

    public static void main(String[] args) {
        fastProcessLaunch();
        System.exit(new CommandLine(new Jdockd()).execute(args));
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
                        fileTls, System.getenv()));
        cfg = cfg.withCriSocket(criSocket(file, cfg.execRoot()));
        String cniInvalid = null;
        try {
            cfg = cfg.withCni(cniDirs(file));
        } catch (IllegalArgumentException e) {
            cniInvalid = e.getMessage();
        }
        String format = first(logFormat, file.logFormat(), "text");
        String invalid = observabilityError(format, cfg.metricsAddr());
        if (invalid == null) {
            // before any class with a logger loads (CriModule below): logback reads both when it starts
            System.setProperty("jdock.log.format", format);
            System.setProperty("jdock.log.level", cfg.logLevel());
            invalid = criSocketError(cfg.criSocket());
            invalid = invalid != null ? invalid : cniInvalid;
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
