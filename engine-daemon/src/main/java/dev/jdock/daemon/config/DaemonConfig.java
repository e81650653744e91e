package dev.jdock.daemon.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.api.Json;
import dev.jdock.api.types.container.Ulimit;
import dev.jdock.daemon.cri.cni.CniConfigs;
import dev.jdock.daemon.cri.cni.PluginPath;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * jdockd's configuration: dockerd's flags and the daemon.json keys that apply. Flags win over the file, as with
 * dockerd (which refuses a conflict; jdockd lets the flag win and says so in the log).
 */
public record DaemonConfig(
        List<String> hosts,
        Path dataRoot,
        Path execRoot,
        Path pidfile,
        String logLevel,
        String logDriver,
        Map<String, String> logOpts,
        List<String> registryMirrors,
        List<String> insecureRegistries,
        String metricsAddr,
        TlsSettings tls,
        boolean userlandProxy,
        String criSocket,
        CniDirs cni,
        CriStream criStream,
        List<String> execOpts) {

    /**
     * The CRI's streaming server (containerd's {@code stream_server_address}, {@code stream_server_port} and
     * {@code x509_key_pair_streaming}): where it listens ({@code --cri-stream-address}, an IP address and a port, 0
     * for the kernel's choice; the URLs of Exec, Attach and PortForward name it) and, with both files given
     * ({@code --cri-stream-tlscert}, {@code --cri-stream-tlskey}), HTTPS with that key pair.
     */
    public record CriStream(String address, Path tlsCert, Path tlsKey) {
        public static final CriStream DEFAULT = new CriStream("127.0.0.1:0", null, null);

        /** {@link #address} as a socket address ({@link #parseAddress}). */
        public InetSocketAddress socketAddress() {
            return parseAddress(address);
        }

        /**
         * An address as {@code --cri-stream-address} gives it: an IP address (IPv6 in brackets when a port follows)
         * and an optional port ({@code :0} or none: the kernel's choice). Not a host name (nothing is looked up), not
         * the wildcard (the URLs must name an address the kubelet can reach). No logger or Netty class is loaded:
         * this runs before logging is configured.
         *
         * @throws IllegalArgumentException with the reason
         */
        public static InetSocketAddress parseAddress(String given) {
            String host = given;
            int port = 0;
            if (given.startsWith("[")) {
                int end = given.indexOf(']');
                if (end < 0 || end + 1 < given.length() && given.charAt(end + 1) != ':') {
                    throw new IllegalArgumentException("\"" + given + "\": expected [IPv6]:port");
                }
                host = given.substring(1, end);
                port = end + 1 < given.length() ? port(given, given.substring(end + 2)) : 0;
            } else if (given.indexOf(':') >= 0 && given.indexOf(':') == given.lastIndexOf(':')) {
                host = given.substring(0, given.indexOf(':'));
                port = port(given, given.substring(given.indexOf(':') + 1));
            }
            InetAddress ip = null;
            if (dottedQuad(host) || host.indexOf(':') >= 0) {
                try { // a literal: IPv4 checked above, and a host with ':' is parsed as IPv6, never looked up
                    ip = InetAddress.getByName(host.indexOf(':') >= 0 ? "[" + host + "]" : host);
                } catch (UnknownHostException e) {
                    ip = null;
                }
            }
            if (ip == null) {
                throw new IllegalArgumentException("\"" + given + "\": not an IP address (and port)");
            }
            if (ip.isAnyLocalAddress()) {
                throw new IllegalArgumentException("\"" + given + "\": the URLs must name an address, not the "
                        + "wildcard");
            }
            return new InetSocketAddress(ip, port);
        }

        /** Four decimal numbers 0-255 with dots between: what InetAddress parses as IPv4 without a lookup. */
        private static boolean dottedQuad(String s) {
            String[] parts = s.split("\\.", -1);
            if (parts.length != 4) {
                return false;
            }
            for (String p : parts) {
                if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                        || Integer.parseInt(p) > 255) {
                    return false;
                }
            }
            return true;
        }

        private static int port(String given, String digits) {
            if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(digits) > 65535) {
                throw new IllegalArgumentException("\"" + given + "\": invalid port \"" + digits + "\"");
            }
            return Integer.parseInt(digits);
        }
    }

    /**
     * Where the CRI's pod network comes from: the CNI configuration directory ({@code --cni-conf-dir}, containerd's
     * {@code conf_dir}) and the directories plugin binaries are looked up in, in order ({@code --cni-bin-dir} names
     * one; by default kubeadm's and the upstream tarball's {@code /opt/cni/bin}, then Debian's {@code /usr/lib/cni}).
     */
    public record CniDirs(Path confDir, List<Path> binDirs) {
        public static final CniDirs DEFAULT = new CniDirs(CniConfigs.DEFAULT_DIR, PluginPath.DEFAULT.dirs());

        public CniDirs {
            binDirs = List.copyOf(binDirs);
        }
    }

    public static final String DEFAULT_HOST = "unix:///run/jdock.sock";
    /** The CRI socket's file name in the exec root: {@code unix:///run/jdock/cri.sock} by default. */
    public static final String CRI_SOCKET_NAME = "cri.sock";

    /**
     * Where the CRI server listens unless {@code --cri-socket} says otherwise: in the exec root, as dockerd keeps the
     * socket of the containerd it runs in its own ({@code /run/docker/containerd}); two daemons never share one.
     */
    public static String defaultCriSocket(Path execRoot) {
        return "unix://" + execRoot.toAbsolutePath().resolve(CRI_SOCKET_NAME);
    }

    /** Without {@code userland-proxy} given (dockerd's default, true) and without a CRI server. */
    public DaemonConfig(List<String> hosts, Path dataRoot, Path execRoot, Path pidfile, String logLevel,
            String logDriver, Map<String, String> logOpts, List<String> registryMirrors,
            List<String> insecureRegistries, String metricsAddr, TlsSettings tls) {
        this(hosts, dataRoot, execRoot, pidfile, logLevel, logDriver, logOpts, registryMirrors, insecureRegistries,
                metricsAddr, tls, true, null, CniDirs.DEFAULT, CriStream.DEFAULT, List.of());
    }

    public DaemonConfig {
        registryMirrors = registryMirrors == null ? List.of() : List.copyOf(registryMirrors);
        insecureRegistries = insecureRegistries == null ? List.of() : List.copyOf(insecureRegistries);
        tls = tls == null ? TlsSettings.NONE : tls;
        cni = cni == null ? CniDirs.DEFAULT : cni;
        criStream = criStream == null ? CriStream.DEFAULT : criStream;
        execOpts = execOpts == null ? List.of() : List.copyOf(execOpts);
    }

    /** dockerd's cgroup drivers ({@code native.cgroupdriver}). */
    public static final String CGROUPFS = "cgroupfs";
    public static final String SYSTEMD = "systemd";

    /**
     * The same configuration with {@code --exec-opt} / daemon.json's {@code exec-opts} ({@code key=value}; jdock knows
     * {@code native.cgroupdriver}, others are kept and ignored, as dockerd ignores the ones of other platforms).
     */
    public DaemonConfig withExecOpts(List<String> opts) {
        return new DaemonConfig(hosts, dataRoot, execRoot, pidfile, logLevel, logDriver, logOpts, registryMirrors,
                insecureRegistries, metricsAddr, tls, userlandProxy, criSocket, cni, criStream, opts);
    }

    /**
     * The cgroup driver {@code native.cgroupdriver} names (the key in any case, its first occurrence, as dockerd's
     * {@code getCD}): {@link #CGROUPFS} when none is given. Unlike dockerd, a cgroup v2 host where systemd runs does
     * not switch the default to systemd (docs/install.md).
     *
     * @throws IllegalArgumentException with dockerd's message for another driver
     */
    public String cgroupDriver() {
        for (String opt : execOpts) {
            int eq = opt.indexOf('=');
            if (eq < 0 || !opt.substring(0, eq).trim().equalsIgnoreCase("native.cgroupdriver")) {
                continue;
            }
            String driver = opt.substring(eq + 1).trim();
            if (driver.isEmpty() || driver.equals(CGROUPFS) || driver.equals(SYSTEMD)) {
                return driver.isEmpty() ? CGROUPFS : driver;
            }
            if (driver.equals("none")) {
                throw new IllegalArgumentException("native.cgroupdriver option none is internally used and cannot be "
                        + "specified manually");
            }
            throw new IllegalArgumentException("native.cgroupdriver option " + driver + " not supported");
        }
        return CGROUPFS;
    }

    /** Without a metrics endpoint or TLS. */
    public DaemonConfig(List<String> hosts, Path dataRoot, Path execRoot, Path pidfile, String logLevel,
            String logDriver, Map<String, String> logOpts, List<String> registryMirrors,
            List<String> insecureRegistries) {
        this(hosts, dataRoot, execRoot, pidfile, logLevel, logDriver, logOpts, registryMirrors, insecureRegistries,
                null, TlsSettings.NONE);
    }

    /** Without registry settings (no mirrors, Docker's default insecure range only). */
    public DaemonConfig(List<String> hosts, Path dataRoot, Path execRoot, Path pidfile, String logLevel,
            String logDriver, Map<String, String> logOpts) {
        this(hosts, dataRoot, execRoot, pidfile, logLevel, logDriver, logOpts, List.of(), List.of(), null, null);
    }

    /** The same configuration with daemon.json's {@code registry-mirrors} and {@code insecure-registries}. */
    public DaemonConfig withRegistries(List<String> mirrors, List<String> insecure) {
        return new DaemonConfig(hosts, dataRoot, execRoot, pidfile, logLevel, logDriver, logOpts, mirrors, insecure,
                metricsAddr, tls, userlandProxy, criSocket, cni, criStream, execOpts);
    }

    /** The same configuration with {@code --metrics-addr} ({@code host:port}; null: no metrics endpoint). */
    public DaemonConfig withMetricsAddr(String addr) {
        return new DaemonConfig(hosts, dataRoot, execRoot, pidfile, logLevel, logDriver, logOpts, registryMirrors,
                insecureRegistries, addr, tls, userlandProxy, criSocket, cni, criStream, execOpts);
    }

    /** The same configuration with the API's TLS settings (TCP hosts). */
    public DaemonConfig withTls(TlsSettings settings) {
        return new DaemonConfig(hosts, dataRoot, execRoot, pidfile, logLevel, logDriver, logOpts, registryMirrors,
                insecureRegistries, metricsAddr, settings, userlandProxy, criSocket, cni, criStream, execOpts);
    }

    /**
     * The same configuration with {@code --userland-proxy} / daemon.json's {@code userland-proxy}: whether jdockd's
     * proxy serves published ports beside the kernel's DNAT (true, dockerd's default) or only holds them (false).
     */
    public DaemonConfig withUserlandProxy(boolean on) {
        return new DaemonConfig(hosts, dataRoot, execRoot, pidfile, logLevel, logDriver, logOpts, registryMirrors,
                insecureRegistries, metricsAddr, tls, on, criSocket, cni, criStream, execOpts);
    }

    /**
     * The same configuration with the CRI server on {@code endpoint} ({@code unix:///path}, as {@code --cri-socket}
     * and daemon.json's {@code cri-socket}), or without one when {@code endpoint} is null ({@code --cri=false}).
     */
    public DaemonConfig withCriSocket(String endpoint) {
        return new DaemonConfig(hosts, dataRoot, execRoot, pidfile, logLevel, logDriver, logOpts, registryMirrors,
                insecureRegistries, metricsAddr, tls, userlandProxy, endpoint, cni, criStream, execOpts);
    }

    /** The same configuration with the CNI directories of {@code --cni-conf-dir} and {@code --cni-bin-dir}. */
    public DaemonConfig withCni(CniDirs dirs) {
        return new DaemonConfig(hosts, dataRoot, execRoot, pidfile, logLevel, logDriver, logOpts, registryMirrors,
                insecureRegistries, metricsAddr, tls, userlandProxy, criSocket, dirs, criStream, execOpts);
    }

    /** The same configuration with the CRI streaming server's address and key pair. */
    public DaemonConfig withCriStream(CriStream stream) {
        return new DaemonConfig(hosts, dataRoot, execRoot, pidfile, logLevel, logDriver, logOpts, registryMirrors,
                insecureRegistries, metricsAddr, tls, userlandProxy, criSocket, cni, stream, execOpts);
    }

    /** The keys of daemon.json that jdock reads; unknown keys are ignored. */
    public record FileConfig(
            @JsonProperty("hosts") List<String> hosts,
            @JsonProperty("data-root") String dataRoot,
            @JsonProperty("exec-root") String execRoot,
            @JsonProperty("pidfile") String pidfile,
            @JsonProperty("log-level") String logLevel,
            @JsonProperty("debug") Boolean debug,
            @JsonProperty("log-driver") String logDriver,
            @JsonProperty("log-opts") Map<String, String> logOpts,
            @JsonProperty("registry-mirrors") List<String> registryMirrors,
            @JsonProperty("insecure-registries") List<String> insecureRegistries,
            @JsonProperty("metrics-addr") String metricsAddr,
            @JsonProperty("log-format") String logFormat,
            @JsonProperty("labels") List<String> labels,
            @JsonProperty("max-concurrent-downloads") Integer maxConcurrentDownloads,
            @JsonProperty("max-concurrent-uploads") Integer maxConcurrentUploads,
            @JsonProperty("default-ulimits") Map<String, Ulimit> defaultUlimits,
            @JsonProperty("userland-proxy") Boolean userlandProxy,
            @JsonProperty("cri") Boolean cri,
            @JsonProperty("cri-socket") String criSocket,
            @JsonProperty("cni-conf-dir") String cniConfDir,
            @JsonProperty("cni-bin-dir") String cniBinDir,
            @JsonProperty("cri-stream-address") String criStreamAddress,
            @JsonProperty("cri-stream-tlscert") String criStreamTlsCert,
            @JsonProperty("cri-stream-tlskey") String criStreamTlsKey,
            @JsonProperty("exec-opts") List<String> execOpts) {

        public static FileConfig read(Path file) throws IOException {
            if (!Files.exists(file)) {
                return new FileConfig(null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null, null, null, null, null, null, null, null, null);
            }
            return Json.mapper().readValue(file.toFile(), FileConfig.class);
        }
    }
}
