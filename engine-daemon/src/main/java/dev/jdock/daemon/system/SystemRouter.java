package dev.jdock.daemon.system;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.types.system.Commit;
import dev.jdock.api.types.system.PluginsInfo;
import dev.jdock.api.types.system.RegistryConfig;
import dev.jdock.api.types.system.RuntimeInfo;
import dev.jdock.api.types.system.SwarmInfo;
import dev.jdock.api.types.system.SystemInfo;
import dev.jdock.api.types.system.SystemVersion;
import dev.jdock.daemon.api.ApiRequest;
import dev.jdock.daemon.api.ApiResponse;
import dev.jdock.daemon.api.Router;
import dev.jdock.daemon.api.Routes;
import dev.jdock.daemon.server.ServerHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** /_ping, /version and /info; the swarm, plugin and build-cache endpoints of a dockerd that uses none. */
public final class SystemRouter implements Router {
    /**
     * The Docker Engine release whose API we serve (API 1.48 = Engine 28.0), reported as the engine Version: clients
     * compare it with Docker releases (Testcontainers refuses a server below 1.6.0, so jdock's own 0.1.0 would
     * fail). jdock's own version stays in the Server header and in a "jdock" component of /version.
     */
    static final String DOCKER_COMPAT_VERSION = "28.0.4";

    private final SystemBackend backend;
    private final Path dataRoot;
    private final String daemonId;
    private final Supplier<Settings> settings;

    /**
     * What /info reports of the daemon's reloadable configuration: {@code Debug}, {@code Labels} and the
     * {@code RegistryConfig} (see {@link RegistryInfo#of}).
     */
    public record Settings(boolean debug, List<String> labels, RegistryConfig registryConfig) {
    }

    public SystemRouter(SystemBackend backend, Path dataRoot, String daemonId) {
        this(backend, dataRoot, daemonId, RegistryInfo.of(List.of(), List.of()));
    }

    /** With the {@code RegistryConfig} /info reports (see {@link RegistryInfo#of}). */
    public SystemRouter(SystemBackend backend, Path dataRoot, String daemonId, RegistryConfig registryConfig) {
        this(backend, dataRoot, daemonId, () -> new Settings(false, List.of(), registryConfig));
    }

    /** With settings read at each /info (a reload changes them). */
    public SystemRouter(SystemBackend backend, Path dataRoot, String daemonId, Supplier<Settings> settings) {
        this.backend = backend;
        this.dataRoot = dataRoot;
        this.daemonId = daemonId;
        this.settings = settings;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/_ping", this::ping);
        routes.head("/_ping", this::ping);
        routes.get("/version", this::version);
        routes.get("/info", this::info);
        // what a dockerd without swarm, plugins or builds answers
        new SwarmRouter().register(routes);
        new PluginRouter().register(routes);
    }

    private void ping(ApiRequest req, ApiResponse res) {
        res.header("Builder-Version", "1")
                .header("Swarm", "inactive")
                .header("Cache-Control", "no-cache, no-store, must-revalidate")
                .header("Pragma", "no-cache");
        res.bytes(200, "text/plain; charset=utf-8", "HEAD".equals(req.method()) ? new byte[0] : ok());
    }

    private void version(ApiRequest req, ApiResponse res) {
        res.json(200, version());
    }

    public SystemVersion version() {
        String kernel = HostFacts.kernelVersion();
        String buildTime = "2026-11-28T00:00:00.000000000+00:00";
        SystemVersion.Component engine = new SystemVersion.Component("Engine", DOCKER_COMPAT_VERSION,
                Map.of("ApiVersion", ApiVersion.MAX.toString(), "MinAPIVersion", ApiVersion.MIN.toString(),
                        "GitCommit", "jdock", "GoVersion", "java" + System.getProperty("java.version"),
                        "Os", "linux", "Arch", "amd64", "KernelVersion", kernel, "Experimental", "false",
                        "BuildTime", buildTime));
        SystemVersion.Component jdock = new SystemVersion.Component("jdock", ServerHeaders.SERVER_VERSION,
                Map.of("GitCommit", "jdock"));
        // Experimental null: moby's field is omitempty, so a daemon that is not experimental leaves it out
        return new SystemVersion(new SystemVersion.Platform("jdock Engine"), List.of(engine, jdock),
                DOCKER_COMPAT_VERSION, ApiVersion.MAX.toString(), ApiVersion.MIN.toString(), "jdock",
                "java" + System.getProperty("java.version"), "linux", "amd64", kernel, null, buildTime);
    }

    private void info(ApiRequest req, ApiResponse res) {
        int[] counts = backend.containerCounts();
        Settings live = settings.get();
        SystemInfo info = SystemInfo.builder()
                .id(daemonId)
                .containers(counts[0]).containersRunning(counts[1]).containersPaused(counts[2])
                .containersStopped(counts[3])
                .images(backend.imageCount())
                .driver("overlay2")
                .driverStatus(List.of(List.of("Backing Filesystem", "extfs"), List.of("Supports d_type", "true"),
                        List.of("Using metacopy", "false"), List.of("Native Overlay Diff", "true"),
                        List.of("userxattr", "false")))
                .dockerRootDir(dataRoot.toString())
                // the drivers by name, as moby's showPluginsInfo: none's network driver is null; the none log
                // "driver" is no driver there
                .plugins(new PluginsInfo(List.of("local"), List.of("bridge", "host", "null"), null,
                        List.of("json-file", "local")))
                .memoryLimit(true).swapLimit(true).cpuCfsPeriod(true).cpuCfsQuota(true).cpuShares(true)
                .cpuSet(true).pidsLimit(true).oomKillDisable(false)
                .ipv4Forwarding(HostFacts.ipv4Forwarding())
                .debug(live.debug())
                .nFd(HostFacts.openFds())
                .nGoroutines(Thread.activeCount())
                .systemTime(Instant.now().toString())
                .loggingDriver("json-file")
                .cgroupDriver(backend.cgroupDriver())
                .cgroupVersion(backend.cgroupVersion())
                .kernelVersion(HostFacts.kernelVersion())
                .operatingSystem(HostFacts.operatingSystem())
                .osVersion(HostFacts.osVersion())
                .osType("linux")
                .architecture("x86_64")
                .indexServerAddress("https://index.docker.io/v1/")
                .registryConfig(live.registryConfig())
                .ncpu(Runtime.getRuntime().availableProcessors())
                .memTotal(HostFacts.memTotal())
                .name(HostFacts.hostname())
                .labels(live.labels())
                .serverVersion(DOCKER_COMPAT_VERSION)
                .runtimes(runtimes())
                .defaultRuntime(dev.jdock.daemon.container.ContainerRuntimes.DEFAULT)
                .swarm(SwarmInfo.inactive())
                .liveRestoreEnabled(true)
                .isolation("")
                .initBinary("docker-init")
                .containerdCommit(new Commit(""))
                .runcCommit(new Commit(""))
                .initCommit(new Commit(""))
                .securityOptions(securityOptions(backend.appArmor()))
                .warnings(List.of())
                .build();
        res.json(200, info);
    }

    static byte[] ok() {
        return "OK".getBytes(StandardCharsets.UTF_8);
    }

    /** The runtime names containers accept (jdock's one runtime under dockerd's names), for /info. */
    private static Map<String, RuntimeInfo> runtimes() {
        Map<String, RuntimeInfo> m = new java.util.LinkedHashMap<>();
        dev.jdock.daemon.container.ContainerRuntimes.paths().forEach((n, p) -> m.put(n, new RuntimeInfo(p, null)));
        return m;
    }

    /**
     * /info's SecurityOptions in moby's order ({@code fillSecurityOptions}): AppArmor where the host has it, the
     * built-in seccomp profile, the cgroup namespace (no SELinux, user-namespace remapping or rootless mode here).
     */
    static List<String> securityOptions(boolean appArmor) {
        List<String> out = new java.util.ArrayList<>();
        if (appArmor) {
            out.add("name=apparmor");
        }
        out.add("name=seccomp,profile=builtin");
        out.add("name=cgroupns");
        return List.copyOf(out);
    }
}
