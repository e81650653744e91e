package dev.jdock.daemon;

import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.api.Router;
import dev.jdock.daemon.archive.ArchiveRouter;
import dev.jdock.daemon.archive.ArchiveService;
import dev.jdock.daemon.build.BuildFeature;
import dev.jdock.daemon.build.Builder;
import dev.jdock.daemon.config.DaemonConfig;
import dev.jdock.daemon.config.LiveConfig;
import dev.jdock.daemon.config.ReloadableConfig;
import dev.jdock.daemon.container.AppArmorProfiles;
import dev.jdock.daemon.archive.ArchiveNetworkFiles;
import dev.jdock.daemon.container.ContainerAccess;
import dev.jdock.daemon.cri.CriImages;
import dev.jdock.daemon.cri.CriModule;
import dev.jdock.daemon.cri.CriStats;
import dev.jdock.daemon.cri.UsernsSupport;
import dev.jdock.daemon.cri.container.ContainerEngine;
import dev.jdock.daemon.cri.container.EngineContainers;
import dev.jdock.daemon.cri.pod.PodSandboxes;
import dev.jdock.daemon.cri.stream.DaemonTargets;
import dev.jdock.daemon.cri.stream.StreamingServer;
import dev.jdock.daemon.exec.ExecCapture;
import dev.jdock.daemon.container.ContainerDefaults;
import dev.jdock.daemon.container.ContainerNeighbours;
import dev.jdock.daemon.container.ContainerRouter;
import dev.jdock.daemon.container.ContainerSizes;
import dev.jdock.daemon.container.ContainerService;
import dev.jdock.daemon.container.ContainerStore;
import dev.jdock.daemon.container.ImageSource;
import dev.jdock.daemon.container.LifecycleRoutes;
import dev.jdock.daemon.container.NativeRuntimeBackend;
import dev.jdock.daemon.container.RuntimeHost;
import dev.jdock.daemon.container.Scheduler;
import dev.jdock.daemon.container.SeccompPrograms;
import dev.jdock.daemon.events.EventBus;
import dev.jdock.daemon.events.EventSink;
import dev.jdock.daemon.events.EventsRouter;
import dev.jdock.daemon.exec.ExecHealthProbe;
import dev.jdock.daemon.exec.ExecRouter;
import dev.jdock.daemon.exec.ExecService;
import dev.jdock.daemon.image.ImageMaintenanceRouter;
import dev.jdock.daemon.image.ImageRouter;
import dev.jdock.daemon.image.ImageService;
import dev.jdock.daemon.image.ImageStores;
import dev.jdock.daemon.image.ImageUsers;
import dev.jdock.daemon.metrics.ContainerStates;
import dev.jdock.daemon.metrics.DaemonMetrics;
import dev.jdock.daemon.metrics.Metrics;
import dev.jdock.daemon.metrics.MetricsAddress;
import dev.jdock.daemon.metrics.MetricsServer;
import dev.jdock.daemon.network.NetworkModule;
import dev.jdock.daemon.registry.AuthRouter;
import dev.jdock.daemon.registry.DistributionRouter;
import dev.jdock.daemon.registry.SearchRouter;
import dev.jdock.daemon.registry.RegistryConfig;
import dev.jdock.daemon.registry.RegistryService;
import dev.jdock.daemon.server.DaemonServer;
import dev.jdock.daemon.server.ServerHeaders;
import dev.jdock.daemon.service.IdleHeapTrim;
import dev.jdock.daemon.stats.HostInfo;
import dev.jdock.daemon.stats.ProcessTop;
import dev.jdock.daemon.stats.StatsRouter;
import dev.jdock.daemon.stats.StatsSampler;
import dev.jdock.daemon.store.Reaper;
import dev.jdock.daemon.system.RegistryInfo;
import dev.jdock.daemon.system.SystemBackend;
import dev.jdock.daemon.system.SystemRouter;
import dev.jdock.daemon.volume.VolumeModule;
import dev.jdock.daemon.volume.VolumeMounts;
import dev.jdock.runtime.cgroup.CgroupManager;
import dev.jdock.runtime.cgroup.CgroupMode;
import dev.jdock.runtime.process.ExecLauncher;
import dev.jdock.runtime.process.NativeBinaries;
import dev.jdock.runtime.syscall.LinuxSyscalls;
import dev.jdock.runtime.syscall.Syscalls;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's features, built with final constructor arguments in dependency order (docs/architecture.md draws
 * it): events and registries; the container records; networks and volumes, which go by those records; images,
 * which ask the containers who uses an image; exec, which runs in containers found in the records; the runtime and
 * the container service, which take all of those. Building does no host work beyond opening the stores;
 * {@link #boot()} is the start-up work, in its one correct order; {@link #close()} stops every thread pool.
 */
final class Components implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Components.class);

    /**
     * What the daemon takes from the host: the syscall seam, the cgroup hierarchies, what jdockd's process may
     * grant, the native helpers, the host's resolv.conf, the network feature's kernel seams and the CNI
     * configuration directory (the CRI's NetworkReady). Tests give fakes.
     */
    record Host(Syscalls sys, CgroupManager cgroups, RuntimeHost runtime, NativeBinaries binaries, Path resolvConf,
            NetworkModule.Host network, Path cniConfDir) {
        static Host real(DaemonConfig cfg) {
            Syscalls sys = new LinuxSyscalls();
            NativeBinaries binaries = NativeRuntimeBackend.Paths.of(cfg).binaries();
            // the systemd driver (and dbus-java) is loaded only when configured
            CgroupManager cgroups = cfg.cgroupDriver().equals(DaemonConfig.SYSTEMD)
                    ? dev.jdock.runtime.cgroup.systemd.SystemdCgroupManager.forHost(sys, binaries.init())
                    : CgroupManager.forHost(sys);
            return new Host(sys, cgroups, RuntimeHost.read(), binaries, Path.of("/etc/resolv.conf"),
                    NetworkModule.Host.linux(), cfg.cni().confDir());
        }
    }

    private final DaemonConfig cfg;
    private final Host host;
    /** The settings a reload (SIGHUP) changes; the features read them at each operation. */
    private final LiveConfig live;
    private final EventBus events;
    private final ExecutorService background;
    private final Scheduler timers;
    private final ContainerStore store;
    private final NetworkModule network;
    private final VolumeModule volumes;
    private final ImageService images;
    private final ContainerService containers;
    private final Builder builder;
    private final List<Router> routers;
    private final SystemBackend systemBackend;
    /** What the features report for the metrics endpoint; {@link Metrics#none()} without --metrics-addr. */
    private final Metrics metrics;
    /** The metrics endpoint, null without --metrics-addr. */
    private final MetricsServer metricsServer;
    /** The Kubernetes CRI (runtime and image services on the same stores), null with --cri=false. */
    private final CriModule cri;

    Components(DaemonConfig cfg, Host host) {
        this(cfg, host, new LiveConfig(ReloadableConfig.of(cfg)));
    }

    Components(DaemonConfig cfg, Host host, LiveConfig live) {
        this.cfg = cfg;
        this.host = host;
        this.live = live;
        this.background = DaemonServer.elasticPool("background");
        this.timers = Scheduler.system();
        IdleHeapTrim.start(timers, background);
        DaemonMetrics measured = cfg.metricsAddr() == null ? null : new DaemonMetrics();
        this.metrics = measured == null ? Metrics.none() : measured;
        EventBus bus = new EventBus();
        this.events = bus;
        EventSink events = metrics.countEvents(bus);
        RegistryService registries = new RegistryService(() -> {
            ReloadableConfig c = live.get();
            return new RegistryConfig(c.registryMirrors(), c.insecureRegistries(), null,
                    c.maxConcurrentDownloads(), c.maxConcurrentUploads());
        }, metrics);
        Reaper reaper = Reaper.background(); // one thread deletes what removals renamed away, for every store
        this.store = new ContainerStore(cfg.dataRoot().resolve("containers"), cfg.execRoot().resolve("unwritten"),
                reaper);
        this.network = NetworkModule.create(cfg.dataRoot(), store, events, host.network(),
                cfg.userlandProxy());
        this.volumes = VolumeModule.create(cfg.dataRoot(), store, events, host.sys(),
                new ImageStoreMounts(this::imageService)); // built next, reached only by requests and boot
        this.images = new ImageService(ImageStores.open(cfg.dataRoot(), reaper), registries, events,
                imageUsers(store, volumes.mounts()), volumes.service()::diskUsage);
        ImageSource imageSource = new ImageStoreSource(images);
        ExecService exec = new ExecService(new ContainerAccess(store, network.attachments(), events),
                cfg.execRoot(), new ExecLauncher(host.binaries().monitor()), host.runtime().boundingSet(),
                host.runtime().appArmor());
        ContainerNeighbours neighbours = new ContainerNeighbours(imageSource, network.attachments(),
                volumes.mounts(), new ExecHealthProbe(exec), exec::execIds, events);
        SeccompPrograms seccomp = SeccompPrograms.of(cfg.dataRoot().resolve("seccomp"));
        NativeRuntimeBackend runtime = new NativeRuntimeBackend(
                new NativeRuntimeBackend.Paths(cfg.execRoot(), host.binaries()), host.sys(), host.cgroups(),
                host.runtime(), seccomp, store, neighbours, () -> containerDefaults(live.get()));
        this.containers = new ContainerService(store, runtime, neighbours, host.resolvConf(), background, timers);
        this.systemBackend = systemBackend(containers, images, host.cgroups(), host.runtime().appArmor());
        ArchiveService archives = new ArchiveService(host.sys(), images.snapshotter(),
                cfg.execRoot().resolve("archive"), new ArchiveNetworkFiles(volumes.mounts(), store::find));
        Path builds = cfg.dataRoot().resolve("builder");
        BuildFeature build = BuildFeature.create(images, containers, archives, host.sys(), builds);
        this.builder = build.builder();
        this.routers = List.of(
                new ContainerRouter(containers, (id, image) -> {
                    long rw = images.writableLayerSize(id);
                    return new ContainerSizes.Sizes(rw, rw + images.imageSize(image));
                }, metrics),
                new LifecycleRoutes(containers),
                network.router(),
                new ImageRouter(images),
                volumes.router(),
                new EventsRouter(bus),
                new StatsRouter(containers, runtime.cgroups(), new StatsSampler(new HostInfo(Path.of("/proc")),
                        runtime.cgroups().mode() == CgroupMode.V2), new ProcessTop("ps")),
                new AuthRouter(registries),
                new DistributionRouter(registries),
                new SearchRouter(registries),
                new ArchiveRouter(containers, images::commit, archives),
                new ExecRouter(exec),
                new ImageMaintenanceRouter(images, () -> containers.list(true, 0, Filters.empty()),
                        build.pruner()::usage),
                build.router());
        this.metricsServer = measured == null ? null : new MetricsServer(() -> measured.scrape(states(containers)));
        this.cri = cfg.criSocket() == null ? null : cri(cfg, host, new CriImageStore(images),
                new EngineContainers(containers, new ExecCapture(exec)), runtime.cgroups(), bus, exec, containers,
                seccomp);
    }

    /**
     * The CRI feature: its sandboxes and containers on the daemon's container store, its images on the image store,
     * its streaming sessions on the daemon's exec and attach.
     */
    private static CriModule cri(DaemonConfig cfg, Host host, CriImages images, ContainerEngine engine,
            CgroupManager containerCgroups, EventBus events, ExecService exec, ContainerService containers,
            SeccompPrograms seccomp) {
        PodSandboxes sandboxes = CriModule.sandboxes(cfg.dataRoot(), cfg.execRoot(), host.cniConfDir(),
                cfg.cni().binDirs(), host.binaries(), host.cgroups(), host.sys(), seccomp, engine);
        return new CriModule(ServerHeaders.SERVER_VERSION, host.binaries(), host.cniConfDir(), images, sandboxes,
                CriModule.containers(engine, sandboxes, images, cfg.execRoot(), host.runtime().appArmor()),
                CriStats.onCgroups(engine, sandboxes, containerCgroups, host.cgroups(), images, host.sys()), events,
                new DaemonTargets(exec, containers, sandboxes, host.sys()),
                new StreamingServer.Listen(cfg.criStream().socketAddress(),
                        cfg.criStream().tlsCert(), cfg.criStream().tlsKey()),
                host.cgroups().driver(),
                new UsernsSupport(UsernsSupport.monitorProbe(host.binaries().monitor()), cfg.dataRoot(),
                        cfg.execRoot()));
    }

    /**
     * Start-up, in the order it must run (after {@link Daemon} swept what a killed daemon left): unreferenced layers
     * go; the container records are loaded and reconciled with the monitors and the kernel before the features that go by which containers run (the
     * bridges, ports, DNS and firewall rules; the volumes in use); the containers' own restore (monitor sessions,
     * restart policies, health checks) comes last, when everything it may start is in place.
     */
    void boot() throws IOException, InterruptedException {
        boot(step -> { });
    }

    /** {@link #boot()}, telling {@code status} each step as it starts (systemd's STATUS= under Type=notify). */
    void boot(Consumer<String> status) throws IOException, InterruptedException {
        if (metricsServer != null) { // first, as dockerd: a long restore can be watched
            status.accept("Listening for metrics");
            metricsServer.listen(MetricsAddress.parse(cfg.metricsAddr()));
        }
        host.runtime().appArmor().loadDefaultAtBoot(); // moby: before containers start; a failure is logged
        status.accept("Removing unused layers");
        images.boot();
        status.accept("Loading containers");
        store.load();
        status.accept("Reconciling containers with their monitors");
        containers.reconcile();
        status.accept("Restoring networks");
        network.boot();
        network.restore();
        status.accept("Restoring volumes");
        volumes.boot();
        status.accept("Restoring containers");
        containers.restore();
        status.accept("Loading the build cache");
        builder.boot();
    }

    /**
     * Serves the CRI on {@code --cri-socket} (when on) with its channels on {@code eventLoops}, the API server's
     * group: after {@link #boot()}, beside the API.
     */
    void serveCri(EventLoopGroup eventLoops) throws IOException {
        if (cri != null) {
            cri.listen(cfg.criSocket(), eventLoops);
        }
    }

    /** Stops the CRI server and removes its socket: before the event loop group it shares shuts down. */
    void stopCri() {
        if (cri != null) {
            cri.close();
        }
    }

    ContainerStore store() {
        return store;
    }

    ImageService images() {
        return images;
    }

    ContainerService containers() {
        return containers;
    }

    List<Router> routers() {
        return routers;
    }

    SystemBackend systemBackend() {
        return systemBackend;
    }

    /** What the API server reports each request to. */
    Metrics metrics() {
        return metrics;
    }

    /** Where the daemon's own events (the {@code daemon reload} event) go. */
    EventBus events() {
        return events;
    }

    /** What /info reports of the reloadable configuration, as in force now. */
    SystemRouter.Settings systemSettings() {
        ReloadableConfig c = live.get();
        return new SystemRouter.Settings(c.debug(), c.labels(),
                RegistryInfo.of(c.registryMirrors(), c.insecureRegistries()));
    }

    /** Stops every pool and timer the features own; containers keep running (live-restore). */
    @Override
    public void close() {
        List<AutoCloseable> order = new ArrayList<>();
        order.add(this::stopCri); // its pulls in progress are cancelled before the image feature stops
        if (metricsServer != null) {
            order.add(metricsServer);
        }
        order.addAll(List.of(network, images, timers, store));
        order.add(background::shutdownNow);
        for (AutoCloseable c : order) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("shutdown: {}", e.toString());
            }
        }
    }

    /** The image feature, for the volume feature built before it (image mounts). */
    private ImageService imageService() {
        return images;
    }

    /** dockerd's three states: paused, running, and every other one stopped. */
    private static ContainerStates states(ContainerService containers) {
        int[] c = containers.counts(); // total, running, paused, stopped
        return new ContainerStates(c[1], c[2], c[3]);
    }

    private static ContainerDefaults containerDefaults(ReloadableConfig c) {
        return new ContainerDefaults(c.logOpts(), c.ulimits());
    }

    /** The containers using an image, as their own or through an image mount, for rmi and image prune. */
    private static ImageUsers imageUsers(ContainerStore store, VolumeMounts mounts) {
        return imageId -> store.all().stream()
                .filter(c -> c.record().imageId().equals(imageId) || mounts.mountsImage(c.id(), imageId))
                .map(c -> new ImageUsers.ImageUser(c.id(), c.isRunning()))
                .toList();
    }

    private static SystemBackend systemBackend(ContainerService containers, ImageService images,
            CgroupManager cgroups, AppArmorProfiles appArmor) {
        return new SystemBackend() {
            @Override
            public int[] containerCounts() {
                return containers.counts();
            }

            @Override
            public int imageCount() {
                return images.count();
            }

            @Override
            public String cgroupDriver() {
                return cgroups.driver();
            }

            @Override
            public String cgroupVersion() {
                return cgroups.version();
            }

            @Override
            public boolean appArmor() {
                return appArmor.supported();
            }
        };
    }
}
