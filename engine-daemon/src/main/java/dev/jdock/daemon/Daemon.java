package dev.jdock.daemon;

import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.api.Router;
import dev.jdock.daemon.api.Routes;
import dev.jdock.daemon.archive.ArchiveRouter;
import dev.jdock.daemon.config.DaemonConfig;
import dev.jdock.daemon.container.ContainerRouter;
import dev.jdock.daemon.container.ContainerService;
import dev.jdock.daemon.container.ContainerStore;
import dev.jdock.daemon.container.ImageSource;
import dev.jdock.daemon.container.NativeRuntimeBackend;
import dev.jdock.daemon.events.EventBus;
import dev.jdock.daemon.events.EventsRouter;
import dev.jdock.daemon.exec.ExecRouter;
import dev.jdock.daemon.image.ImageMaintenanceRouter;
import dev.jdock.daemon.image.ImageRouter;
import dev.jdock.daemon.image.ImageService;
import dev.jdock.daemon.image.ImageUsers;
import dev.jdock.daemon.network.NetworkModule;
import dev.jdock.daemon.registry.AuthRouter;
import dev.jdock.daemon.registry.DistributionRouter;
import dev.jdock.daemon.registry.RegistryConfig;
import dev.jdock.daemon.registry.RegistryService;
import dev.jdock.daemon.server.DaemonServer;
import dev.jdock.daemon.stats.HostInfo;
import dev.jdock.daemon.stats.ProcessTop;
import dev.jdock.daemon.stats.StatsRouter;
import dev.jdock.daemon.store.AtomicFiles;
import dev.jdock.daemon.store.DataRootModes;
import dev.jdock.daemon.store.Leftovers;
import dev.jdock.daemon.system.RegistryInfo;
import dev.jdock.daemon.system.SystemBackend;
import dev.jdock.daemon.system.SystemRouter;
import dev.jdock.daemon.volume.VolumeModule;
import dev.jdock.runtime.cgroup.CgroupManager;
import dev.jdock.runtime.syscall.LinuxSyscalls;
import dev.jdock.runtime.syscall.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds stores, services and routers in dependency order with plain constructors, then
 * starts the API server. No service locator, no static singletons.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final DaemonConfig cfg;
    /** Hijacked streams start once the client has read the response head (see PeerReads). */
    private final DaemonServer server = new DaemonServer(new LinuxSyscalls()::socketUnreadBytes);
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Daemon(DaemonConfig cfg) {
        this.cfg = cfg;
    }

    public static Daemon start(DaemonConfig cfg) throws IOException, InterruptedException {
        Daemon d = new Daemon(cfg);
        d.boot();
        return d;
    }

    private void boot() throws IOException, InterruptedException {
        Files.createDirectories(cfg.dataRoot());
        Files.createDirectories(cfg.execRoot());
        DataRootModes.apply(cfg.dataRoot(), cfg.execRoot());
        Components c = Components.build(cfg);
        Routes routes = new Routes();
        for (Router r : c.routers()) {
            r.register(routes);
        }
        new SystemRouter(c.systemBackend(), cfg.dataRoot(), daemonId(),
                RegistryInfo.of(cfg.registryMirrors(), cfg.insecureRegistries()))
                .register(routes);
        for (String host : cfg.hosts()) {
            server.listen(host, routes);
            LOG.info("API listening on {}", host);
        }
        AtomicFiles.write(cfg.pidfile(), (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8),
                AtomicFiles.WORLD_READABLE);
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "shutdown"));
        LOG.info("jdockd started (data root {}, exec root {})", cfg.dataRoot(), cfg.execRoot());
    }

    /** A stable daemon ID, kept in the data root. */
    private String daemonId() throws IOException {
        Path f = cfg.dataRoot().resolve("engine-id");
        if (Files.exists(f)) {
            return Files.readString(f).trim();
        }
        String id = UUID.randomUUID().toString();
        AtomicFiles.write(f, id.getBytes(StandardCharsets.UTF_8));
        return id;
    }

    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        LOG.info("jdockd shutting down; containers keep running");
        server.close();
        try {
            Files.deleteIfExists(cfg.pidfile());
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** Everything the server needs, built from the configuration. */
    record Components(List<Router> routers, SystemBackend systemBackend) {
        static Components build(DaemonConfig cfg) {
            Syscalls sys = new LinuxSyscalls();
            new Leftovers(cfg.dataRoot(), cfg.execRoot(), sys).sweep(); // of a killed daemon
            CgroupManager cgroups = CgroupManager.forHost(sys);
            ExecutorService background = Executors.newCachedThreadPool(DaemonServer.daemonThreads("background"));
            ImageService images = new ImageService(cfg.dataRoot(), sys);
            EventBus events = new EventBus();
            images.setEvents(events);
            var registries = new RegistryService(new RegistryConfig(
                    cfg.registryMirrors(), cfg.insecureRegistries(), null));
            images.setRegistries(registries);
            ContainerStore store = new ContainerStore(cfg.dataRoot().resolve("containers"),
                    cfg.execRoot().resolve("unwritten"));
            store.load();
            ImageSource imageSource = new ImageStoreSource(images);
            NativeRuntimeBackend runtime = new NativeRuntimeBackend(NativeRuntimeBackend.Paths.of(cfg),
                    sys, cgroups, imageSource, cfg.logOpts());
            ContainerService containers = new ContainerService(store, imageSource, runtime,
                    Path.of("/etc/resolv.conf"), background, events);
            containers.lifecycle().reconcile(); // before the features that go by which containers run
            var network = NetworkModule.boot(cfg.dataRoot(), store, events);
            containers.networking(network.attachments());
            runtime.netns(network.attachments()::joinNetns);
            network.restore();
            var volumes = VolumeModule.boot(cfg.dataRoot(), store, events, sys);
            containers.mounts(volumes.mounts());
            images.setVolumeUsage(volumes.service()::diskUsage);
            images.setImageUsers(imageId -> store.all().stream()
                    .filter(c -> c.record().imageId().equals(imageId))
                    .map(c -> new ImageUsers.ImageUser(c.id(), c.isRunning()))
                    .toList());
            containers.lifecycle().restore();
            SystemBackend sysBackend = new SystemBackend() {
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
            };
            return new Components(List.of(new ContainerRouter(containers), network.router(), new ImageRouter(images),
                    volumes.router(),
                    new EventsRouter(events),
                    new StatsRouter(containers, runtime.cgroups(),
                            new HostInfo(Path.of("/proc")),
                            new ProcessTop("ps")),
                    new AuthRouter(registries),
                    new DistributionRouter(registries),
                    ArchiveRouter.create(containers, images, sys, cfg.execRoot(),
                            volumes.mounts()),
                    ExecRouter.create(containers, cfg.execRoot(), NativeRuntimeBackend.Paths.of(cfg).binaries().monitor()),
                    new ImageMaintenanceRouter(images, () -> containers.list(true, 0, Filters.empty()))), sysBackend);
        }
    }
}
