package dev.jdock.daemon;

import dev.jdock.daemon.api.Router;
import dev.jdock.daemon.api.Routes;
import dev.jdock.daemon.config.DaemonConfig;
import dev.jdock.daemon.config.LiveConfig;
import dev.jdock.daemon.config.ReloadableConfig;
import dev.jdock.daemon.events.EventSink;
import dev.jdock.daemon.server.DaemonServer;
import dev.jdock.daemon.store.AtomicFiles;
import dev.jdock.daemon.store.DataRootModes;
import dev.jdock.daemon.store.Leftovers;
import dev.jdock.daemon.system.SystemRouter;
import dev.jdock.runtime.monitor.MonitorConnection;
import dev.jdock.runtime.syscall.LinuxSyscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon: prepares the data and exec roots (modes, what a killed daemon left), builds the features ({@link Components}: plain constructors in
 * dependency order), runs their start-up work, then serves the API. No service locator, no static singletons.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final DaemonConfig cfg;
    /** Hijacked streams start once the client has read the response head (see PeerReads). */
    private final DaemonServer server;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** How long a shutdown waits for the requests in progress before it cuts them. */
    static final Duration REQUEST_GRACE = Duration.ofSeconds(10);
    private final Components components;

    private Daemon(DaemonConfig cfg, Components components) {
        this.cfg = cfg;
        this.components = components;
        this.server = new DaemonServer(new LinuxSyscalls()::socketUnreadBytes, components.metrics());
        MonitorConnection.deliverEventsOn(server.monitorListeners()); // before boot: restored containers' exits
    }

    public static Daemon start(DaemonConfig cfg) throws IOException, InterruptedException {
        return start(cfg, new LiveConfig(ReloadableConfig.of(cfg)), step -> { });
    }

    /**
     * Starts with the reloadable settings held by {@code live}, telling {@code status} each start-up step (systemd's
     * STATUS=); returns once the API serves.
     */
    public static Daemon start(DaemonConfig cfg, LiveConfig live, Consumer<String> status)
            throws IOException, InterruptedException {
        Files.createDirectories(cfg.dataRoot());
        Files.createDirectories(cfg.execRoot());
        DataRootModes.apply(cfg.dataRoot(), cfg.execRoot());
        Components.Host host = Components.Host.real(cfg);
        new Leftovers(cfg.dataRoot(), cfg.execRoot(), host.sys()).sweep(); // of a killed daemon, before anything opens
        Components components = new Components(cfg, host, live);
        Daemon d = new Daemon(cfg, components);
        try {
            components.boot(status);
            d.serve();
        } catch (IOException | InterruptedException | RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    private void serve() throws IOException, InterruptedException {
        Routes routes = new Routes();
        for (Router r : components.routers()) {
            r.register(routes);
        }
        new SystemRouter(components.systemBackend(), cfg.dataRoot(), daemonId(), components::systemSettings)
                .register(routes);
        components.serveCri(server.eventLoops()); // first: a client that sees the API up finds the CRI up
        for (String host : cfg.hosts()) {
            server.listen(host, routes, cfg.tls());
            LOG.info("API listening on {}", host);
        }
        AtomicFiles.write(cfg.pidfile(), (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8),
                AtomicFiles.WORLD_READABLE);
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

    /** Ends {@link #awaitShutdown()} (SIGTERM, SIGINT: service/DaemonSignals). */
    public void requestShutdown() {
        stopped.countDown();
    }

    /** The daemon's ID (the Actor of its own events). */
    public String id() throws IOException {
        return daemonId();
    }

    /** Where the daemon's own events go (the {@code daemon reload} event). */
    public EventSink events() {
        return components.events();
    }

    /**
     * Stops accepting, lets the requests in progress finish for up to {@link #REQUEST_GRACE} and cuts the rest, then
     * stops every pool of the features; the containers keep running.
     */
    @Override
    public void close() {
        LOG.info("jdockd shutting down; containers keep running");
        components.stopCri(); // first: it runs on the API server's event loops
        if (!server.shutdown(REQUEST_GRACE)) {
            LOG.warn("requests still running after {} s were cut", REQUEST_GRACE.toSeconds());
        }
        components.close();
        MonitorConnection.deliverEventsOn(null);
        try {
            Files.deleteIfExists(cfg.pidfile());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
