package dev.jdock.daemon.exec;

import dev.jdock.api.stream.DetachKeys;
import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.ContainerStatus;
import dev.jdock.api.types.exec.ExecConfig;
import dev.jdock.api.types.exec.ExecInspect;
import dev.jdock.daemon.api.HijackedConnection;
import dev.jdock.daemon.container.AppArmorProfiles;
import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.container.ContainerAccess;
import dev.jdock.daemon.container.NativeRuntimeBackend;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.daemon.store.DiskErrors;
import dev.jdock.daemon.store.FileTrees;
import dev.jdock.runtime.monitor.MonitorConnection;
import dev.jdock.runtime.monitor.StartFailedException;
import dev.jdock.runtime.process.ExecLauncher;
import dev.jdock.runtime.process.MonitorStop;
import dev.jdock.runtime.process.MonitorHandle;
import dev.jdock.runtime.process.RuntimeLaunchException;
import dev.jdock.runtime.spec.ExecSpec;
import dev.jdock.runtime.spec.SpecCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * docker exec: exec instances live in memory (a restarted jdockd forgets them, finished or not; the processes of
 * running ones keep running in their container). Each start launches {@code jdock-monitor --exec}, whose exec
 * process joins the container's namespaces and cgroups; the exit code arrives over the monitor connection.
 */
public final class ExecService {
    private static final Logger LOG = LoggerFactory.getLogger(ExecService.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RESIZE_WAIT = Duration.ofSeconds(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ContainerAccess containers;
    private final Path execRoot;
    private final ExecLauncher launcher;
    private final long privilegedMask;
    private final AppArmorProfiles appArmor;
    private final ExecSessions sessions = new ExecSessions();

    /**
     * @param execRoot       the daemon's exec root: container run dirs are {@code containers/<id>} (with the runtime
     *                       spec file {@code spec}), exec dirs are made under {@code exec/<exec-id>}
     * @param privilegedMask the capabilities of {@code --privileged} (the host's bounding set)
     * @param appArmor       keeps the default profile loaded for an exec that runs under it (moby's)
     */
    public ExecService(ContainerAccess containers, Path execRoot, ExecLauncher launcher, long privilegedMask,
            AppArmorProfiles appArmor) {
        this.containers = containers;
        this.execRoot = execRoot;
        this.launcher = launcher;
        this.privilegedMask = privilegedMask;
        this.appArmor = appArmor;
    }

    public String create(String containerRef, ExecConfig config) {
        Container c = containers.get(containerRef);
        if (c.state().status() == ContainerStatus.PAUSED) { // moby's errExecPaused names it as the request did
            throw EngineException.conflict("Container " + containerRef
                    + " is paused, unpause the container before exec");
        }
        requireRunning(c);
        if (config.cmd().isEmpty() || config.cmd().get(0).isEmpty()) {
            throw EngineException.invalid("No exec command specified");
        }
        if (!config.workingDir().isEmpty() && !config.workingDir().startsWith("/")) {
            throw EngineException.invalid("the working directory '" + config.workingDir()
                    + "' is invalid, it needs to be an absolute path");
        }
        containers.processEnv(c); // moby: a linked container that stopped fails the create (setupLinkedContainers)
        if (!config.detachKeys().isEmpty()) {
            try {
                DetachKeys.parse(config.detachKeys());
            } catch (IllegalArgumentException e) {
                // moby's wording and status (a plain error: 500)
                throw new EngineException(ErrorKind.SYSTEM,
                        "Invalid escape keys (" + config.detachKeys() + ") provided");
            }
        }
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        String id = HexFormat.of().formatHex(b);
        sessions.add(new ExecSession(id, c.id(), config), this::running);
        containers.event(c, "exec_create: " + commandLine(config), Map.of("execID", id));
        return id;
    }

    /** The client detached from a TTY exec with its detach keys: moby's {@code exec_detach} event. */
    void detached(ExecSession s) {
        containers.find(s.containerId()).ifPresent(c -> containers.event(c, "exec_detach", Map.of("execID", s.id())));
    }

    ExecSession get(String id) {
        return sessions.get(id).orElseThrow(() -> EngineException.notFound("No such exec instance: " + id));
    }

    public ExecInspect inspect(String id) {
        return get(id).inspect();
    }

    /** The running execs of a container (Docker's {@code ExecIDs}), or null when there is none. */
    public List<String> execIds(String containerId) {
        List<String> ids = sessions.all().stream()
                .filter(s -> s.containerId().equals(containerId) && s.isRunning())
                .map(ExecSession::id).toList();
        return ids.isEmpty() ? null : ids;
    }

    /** moby's getExecConfig, checked before a start takes the connection over: the exec and its running container. */
    ExecSession check(String id) {
        ExecSession s = get(id);
        requireRunning(containers.get(s.containerId()));
        return s;
    }

    /** Validates and claims the start of {@code id}; the caller then launches with {@link #launch}. */
    ExecSession claim(String id) {
        ExecSession s = get(id);
        requireRunning(containers.get(s.containerId()));
        if (!s.claimStart()) {
            throw s.isRunning()
                    ? EngineException.conflict("Error: Exec command " + id + " is already running")
                    : EngineException.conflict("Error: Exec command " + id + " has already run");
        }
        containers.find(s.containerId()).ifPresent(c ->
                containers.event(c, "exec_start: " + commandLine(s.config()), Map.of("execID", id)));
        return s;
    }

    /** Launches the exec monitor (the process waits for START). */
    MonitorHandle launch(ExecSession s, int height, int width) {
        try {
            Container c = containers.get(s.containerId());
            requireRunning(c);
            ContainerConfig cfg = c.record().config();
            Path runDir = execRoot.resolve("containers").resolve(c.id());
            ExecSpecs.ContainerView view = new ExecSpecs.ContainerView(c.id(), c.state().pid(), cfg.hostname(),
                    containers.processEnv(c), cfg.user() == null ? "" : cfg.user(),
                    cfg.workingDir() == null ? "" : cfg.workingDir(), SpecCodec.read(runDir.resolve("spec")));
            ExecSpec spec = ExecSpecs.build(s.id(), execRoot.resolve("exec").resolve(s.id()), view, s.config(),
                    privilegedMask, height, width);
            if (AppArmorProfiles.DEFAULT.equals(spec.process().apparmorProfile())) {
                appArmor.ensureDefault(); // moby's execSetPlatformOpt: reloaded if something unloaded it since
            }
            return launcher.launch(spec);
        } catch (RuntimeLaunchException | UncheckedIOException | IllegalArgumentException e) {
            s.exited(126);
            forget(s);
            throw EngineException.system("OCI runtime exec failed: " + DiskErrors.withCause(e), e);
        } catch (RuntimeException e) {
            s.exited(126);
            forget(s);
            throw e;
        }
    }

    /** Sends START; returns normally when the process runs, else throws Docker's error (the exit code is set). */
    void start(ExecSession s, MonitorConnection conn) {
        try {
            s.running(conn.start(START_TIMEOUT));
        } catch (StartFailedException e) {
            s.exited(ExecSpecs.startFailureCode(e.getMessage()));
            throw new EngineException(ErrorKind.INVALID_PARAMETER, ExecSpecs.startFailureMessage(e.getMessage()));
        }
    }

    /**
     * Records the exit of an exec's process (one that ran: a start failure is not reported here) and emits moby's
     * {@code exec_die} with {@code execID} and {@code exitCode}, once.
     */
    void processExited(ExecSession s, int code) {
        if (s.exited(code)) {
            containers.find(s.containerId()).ifPresent(c -> containers.event(c, "exec_die",
                    Map.of("execID", s.id(), "exitCode", Integer.toString(code))));
        }
    }

    /**
     * Kills the process of an exec whose monitor died without reporting its exit, if that pid is still a process of
     * the exec's container (its cgroup says so: a reused pid elsewhere is never signalled).
     */
    void killOrphan(ExecSession s, int pid) {
        killIfInContainer(s.containerId(), pid);
    }

    /**
     * SIGKILL to {@code pid} if it is a process of the container: the handle is taken before the check, and its
     * kill checks the process's start time, so a pid reused after the check is not signalled.
     */
    static void killIfInContainer(String containerId, int pid) {
        if (pid <= 1) {
            return;
        }
        ProcessHandle.of(pid).filter(h -> NativeRuntimeBackend.inCgroupOf(containerId, pid))
                .ifPresent(ProcessHandle::destroyForcibly);
    }

    /** moby's command in exec event actions: the entrypoint, a space, the arguments joined with spaces. */
    static String commandLine(ExecConfig config) {
        List<String> cmd = config.cmd();
        return cmd.get(0) + " " + String.join(" ", cmd.subList(1, cmd.size()));
    }

    /**
     * A launched exec that will not run (connecting to its monitor or starting it failed): the monitor is stopped,
     * which kills the process it holds, and its directory removed.
     */
    void abandon(ExecSession s, MonitorHandle h) {
        MonitorStop.stop(h.monitorPid());
        s.exited(126);
        forget(s);
    }

    /** Removes what the exec monitor left on disk once the exec is over. */
    void forget(ExecSession s) {
        Path dir = execRoot.resolve("exec").resolve(s.id());
        if (!Files.exists(dir)) {
            return;
        }
        try {
            // fd-based and tolerant of files that vanish meanwhile: the exiting monitor removes its own monitor.pid
            FileTrees.deleteRecursively(dir);
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("removing {}: {}", dir, e.getMessage()); // best effort: in the volatile exec root
        }
    }

    /** Drops a finished exec instance and its directory (healthcheck probes are not kept). */
    void discard(ExecSession s) {
        sessions.remove(s.id());
        forget(s);
    }

    /**
     * The CRI's streaming Exec: creates and starts an exec of {@code config} in {@code containerId} bridged to
     * {@code conn} (output framed as for a non-TTY start unless the exec has a TTY; no detach keys), and blocks until
     * its process exits or {@code clientGone} completes, when a process still running is killed. {@code started}
     * gets the exec's ID once the process runs (for {@link #resize}). Returns the exit code.
     */
    public int runStreaming(String containerId, ExecConfig config, HijackedConnection conn,
            CompletableFuture<Void> clientGone, Consumer<String> started) {
        ExecSession s = claim(create(containerId, config));
        MonitorHandle h = launch(s, 0, 0);
        ExecRun run = new ExecRun(s, this, h, config.tty(), false);
        try {
            run.connect(conn.output());
            start(s, run.connection());
            started.accept(s.id());
            run.bridge(conn, clientGone);
        } catch (EngineException e) {
            throw e; // a start failure: the monitor ends by itself, the exit code is recorded
        } catch (RuntimeException e) {
            if (!s.isRunning()) {
                abandon(s, h);
            }
            throw e;
        }
        if (s.isRunning() && s.pid() > 0) {
            killOrphan(s, s.pid()); // the client has gone: its process does not run on unseen
        }
        try {
            return s.done().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw EngineException.system("exec " + s.id() + " did not report its exit", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.system("interrupted while waiting for exec " + s.id(), e);
        }
    }

    /** As moby: waits (up to {@link #RESIZE_WAIT}) for the exec to start, since clients resize right after start. */
    public void resize(String id, int height, int width) {
        ExecSession s = get(id);
        try {
            s.started().get(RESIZE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw EngineException.system("timeout waiting for exec session ready", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.system("interrupted while waiting for exec session " + id, e);
        } catch (ExecutionException e) {
            throw EngineException.system(e.getCause().getMessage(), e.getCause());
        }
        ExecRun run = s.run();
        if (run == null || !s.isRunning()) { // moby asks containerd, which no longer has the process
            throw EngineException.notFound("no such exec");
        }
        run.resize(height, width);
    }

    private boolean running(String containerId) {
        return containers.find(containerId).map(Container::isRunning).orElse(false);
    }

    private static void requireRunning(Container c) {
        if (c.state().status() == ContainerStatus.PAUSED) {
            throw EngineException.conflict("Container " + c.id() + " is paused, unpause the container before exec");
        }
        if (!c.isRunning()) {
            throw EngineException.conflict("Container " + c.id() + " is not running");
        }
    }
}
