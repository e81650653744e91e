package dev.jdock.daemon.container;

import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.config.DaemonConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.store.DiskErrors;
import dev.jdock.runtime.caps.Capabilities;
import dev.jdock.runtime.cgroup.CgroupHandle;
import dev.jdock.runtime.cgroup.CgroupManager;
import dev.jdock.runtime.cgroup.CgroupParent;
import dev.jdock.runtime.cgroup.Resources;
import dev.jdock.runtime.monitor.ExitFile;
import dev.jdock.runtime.process.MonitorHandle;
import dev.jdock.runtime.process.MonitorLauncher;
import dev.jdock.runtime.process.MonitorStop;
import dev.jdock.runtime.process.NativeBinaries;
import dev.jdock.runtime.process.RuntimeLaunchException;
import dev.jdock.runtime.process.VerifiedSignal;
import dev.jdock.runtime.spec.PrivateFiles;
import dev.jdock.runtime.spec.RuntimeSpec;
import dev.jdock.runtime.syscall.SyscallException;
import dev.jdock.runtime.syscall.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real runtime: cgroups through {@link CgroupManager}, Docker's seccomp policy compiled here, the spec written
 * for the static {@code jdock-monitor}, which creates the process and holds it until START.
 */
public final class NativeRuntimeBackend implements RuntimeBackend {
    private static final Logger LOG = LoggerFactory.getLogger(NativeRuntimeBackend.class);

    private final Paths paths;
    private final Syscalls sys;
    private final CgroupManager cgroups;
    private final ImageSource images;
    private final SpecFactory specs;
    /** The AppArmor profile each container runs under (the host's AppArmor, moby's choice). */
    private final AppArmorProfiles appArmor;
    private final MonitorLauncher launcher;
    private final IpcShm ipcShm;
    private final NativeProbe probe;
    private final long hostBounding;
    private final SeccompPrograms seccomp;

    /** Where things live: the run directories under the exec root, and the native helpers. */
    public record Paths(Path execRoot, NativeBinaries binaries) {
        public static Paths of(DaemonConfig cfg) {
            String libexec = System.getProperty("jdock.libexec");
            NativeBinaries bins = libexec != null ? new NativeBinaries(Path.of(libexec)) : NativeBinaries.locate();
            return new Paths(cfg.execRoot(), bins);
        }

        Path runDir(String id) {
            return execRoot.resolve("containers").resolve(id);
        }
    }

    /**
     * @param host       what jdockd's own process is allowed and sees ({@link RuntimeHost#read()} at start-up)
     * @param containers the container records: {@code container:<x>} namespace and IPC modes find them here
     * @param neighbours images (root filesystems), networking (netns joins, links' variables), mounts (volumes)
     */
    public NativeRuntimeBackend(Paths paths, Syscalls sys, CgroupManager cgroups, RuntimeHost host,
            SeccompPrograms seccomp, ContainerStore containers, ContainerNeighbours neighbours,
            Supplier<ContainerDefaults> defaults) {
        this.paths = paths;
        this.sys = sys;
        this.seccomp = seccomp;
        this.cgroups = new RecordedCgroups(cgroups, paths::runDir);
        this.images = neighbours.images();
        this.hostBounding = host.boundingSet();
        this.ipcShm = new IpcShm(sys, containers::find);
        this.appArmor = host.appArmor();
        this.specs = new SpecFactory(host, paths.binaries().init(), defaults, neighbours.networking(),
                neighbours.mounts(), ipcShm, containers::find);
        this.launcher = new MonitorLauncher(paths.binaries().monitor());
        this.probe = new NativeProbe(paths::runDir, id -> paths.runDir(id).resolve("attach.sock"), this.cgroups, sys,
                ipcShm::holdsMount);
    }

    /**
     * The cgroups of containers as this runtime placed them: a relative cgroup parent is found from the daemon's
     * cgroups recorded when the container started ({@link RecordedCgroups}).
     */
    public CgroupManager cgroups() {
        return cgroups;
    }

    @Override
    public String appArmorProfile(Container c) {
        return appArmor.shown(c.record().hostConfig(),
                !ContainerRunState.ZERO_TIME.equals(c.state().startedAt()));
    }

    @Override
    public String cgroupDriver() {
        return cgroups.driver();
    }

    @Override
    public void checkLogger(Container c) {
        specs.checkLogger(c);
    }

    @Override
    public Launched launch(Container c) {
        HostConfig hc = c.record().hostConfig();
        long caps;
        try {
            caps = Capabilities.compute(HostConfigValidator.orEmpty(hc.capAdd()),
                    HostConfigValidator.orEmpty(hc.capDrop()), hc.privileged(), hostBounding);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(e.getMessage());
        }
        Path runDir = paths.runDir(c.id());
        long t0 = System.nanoTime();
        probe.writeIntent(c); // first: a daemon killed from here on finds what this launch left (ContainerRestore)
        CgroupParent parent = c.record().cgroupParent();
        cgroups.find(c.id(), parent).ifPresent(CgroupHandle::destroy); // a leftover of a run no daemon saw end
        CgroupHandle cg;
        try {
            cg = cgroups.create(c.id(), parent,
                    resources(hc).validate(Runtime.getRuntime()::availableProcessors, false));
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(e.getMessage());
        }
        MonitorHandle h = null;
        JoinedNamespaces joined = new JoinedNamespaces(Path.of("/proc"));
        try {
            CgroupExtras.apply(cg, hc);
            PrivateFiles.createDirectories(runDir);
            if (c.record().podLink() == null) {
                ContainerFiles.ensurePresent(c);
            }
            Files.deleteIfExists(c.dir().resolve(ExitFile.NAME));
            Files.deleteIfExists(runDir.resolve(ExitFile.NAME)); // where the monitor writes it on a full disk
            Optional<Path> bpf = seccomp(c, hc, caps, runDir);
            ipcShm.mount(c);
            long t1 = System.nanoTime();
            RuntimeSpec spec = specs.build(c, new SpecFactory.Inputs(images.rootfs(c.id()), runDir,
                    cg.procsFiles(), bpf, caps, joined));
            long t2 = System.nanoTime();
            h = launcher.launch(spec, runDir.resolve("spec"));
            cg.launched(); // the init is in the cgroup (born there; v1 joins while the monitor reports)
            MonitorSession session = new MonitorSessionAdapter(h.attachSocket(), h.exitFile());
            if (LOG.isDebugEnabled()) {
                LOG.debug("launch of {}: cgroup+seccomp+shm {} ms, spec+rootfs {} ms, monitor {} ms", c.id(),
                        (t1 - t0) / 1_000_000.0, (t2 - t1) / 1_000_000.0, (System.nanoTime() - t2) / 1_000_000.0);
            }
            return new Launched(h.containerPid(), h.monitorPid(), session, joined);
        } catch (RuntimeException | IOException e) {
            RuntimeException failure = launchFailure(c, e);
            undoLaunch(c, cg, h, failure);
            joined.close(); // after the monitor was stopped: nothing of it opens the descriptors' paths any more
            throw failure;
        }
    }

    /**
     * Opened through the descriptor of the process's {@code /proc} directory after a check that it is still its
     * monitor's child, and held with the launch: {@code /proc/<pid>/ns/net} by path reached whichever process had
     * the pid by then (one that took it after the held process was killed and reaped would have had the container's
     * interfaces, addresses, routes and DNS server put in its namespace).
     */
    @Override
    public String netns(Launched l) {
        return l.joined().openLaunched(l.pid(), l.monitorPid(), () -> EngineException.system(
                "the container's process " + l.pid() + " exited before it was started", null)).toString();
    }

    private static RuntimeException launchFailure(Container c, Exception e) {
        if (e instanceof RuntimeLaunchException) {
            return EngineException.system("failed to create task for container: " + DiskErrors.withCause(e), e);
        }
        if (e instanceof IOException) {
            return DiskErrors.system("preparing container " + c.id(), e);
        }
        return (RuntimeException) e;
    }

    /**
     * Undoes a launch that failed part way: the monitor, if it runs (it kills the init it holds; one whose report was
     * lost is found through its monitor.pid), then the cgroups
     * (killing whatever is left in them), the shareable /dev/shm and the run directory. Failures of these steps are
     * attached to {@code failure}, never thrown in its place.
     */
    private void undoLaunch(Container c, CgroupHandle cg, MonitorHandle h, RuntimeException failure) {
        List<Runnable> steps = new ArrayList<>();
        if (h != null) {
            int monitorPid = h.monitorPid();
            steps.add(() -> MonitorStop.stop(monitorPid));
        } else {
            steps.add(() -> MonitorStop.stopRecorded(paths.runDir(c.id())));
        }
        steps.add(cg::destroy);
        steps.add(() -> ipcShm.release(c));
        steps.add(() -> ContainerStore.deleteTree(paths.runDir(c.id())));
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    private Optional<Path> seccomp(Container c, HostConfig hc, long caps, Path runDir) {
        SecurityOptions sec = SecurityOptions.parse(HostConfigValidator.orEmpty(hc.securityOpt()));
        if (hc.privileged() || sec.seccompUnconfined()) {
            return Optional.empty();
        }
        String json = sec.seccompProfileJson().orElse(null);
        byte[] bpf;
        if (json == null) {
            bpf = seccomp.defaultProgram(caps);
        } else {
            try {
                bpf = seccomp.program(json.getBytes(StandardCharsets.UTF_8), caps);
            } catch (RuntimeException e) { // a profile that does not parse, or that the compiler refuses
                throw EngineException.invalid("Decoding seccomp profile failed: " + e.getMessage());
            }
        }
        // The run directory is volatile (the monitor reads the file right after this, and nothing survives a
        // reboot there): no fsync (AtomicFiles' two fsyncs cost more than the compile saved above).
        Path file = runDir.resolve("seccomp.bpf");
        try {
            PrivateFiles.write(file, bpf);
        } catch (IOException e) {
            throw DiskErrors.system("writing " + file, e);
        }
        return Optional.of(file);
    }

    static Resources resources(HostConfig hc) {
        return Resources.builder()
                .memory(hc.memory())
                .memorySwap(hc.memorySwap())
                .memoryReservation(hc.memoryReservation())
                .cpuShares(hc.cpuShares())
                .nanoCpus(hc.nanoCpus())
                .cpuQuota(hc.cpuQuota())
                .cpuPeriod(hc.cpuPeriod())
                .cpusetCpus(hc.cpusetCpus() == null || hc.cpusetCpus().isEmpty() ? null : hc.cpusetCpus())
                .cpusetMems(hc.cpusetMems() == null || hc.cpusetMems().isEmpty() ? null : hc.cpusetMems())
                .pidsLimit(hc.pidsLimit() == null ? 0 : hc.pidsLimit())
                .blkioWeight(hc.blkioWeight())
                .build();
    }

    @Override
    public MonitorSession connect(Container c) {
        Path run = paths.runDir(c.id());
        try {
            return new MonitorSessionAdapter(run.resolve("attach.sock"), c.dir().resolve(ExitFile.NAME));
        } catch (RuntimeException e) {
            throw EngineException.conflict("Container " + c.id() + " is not running");
        }
    }

    @Override
    public Optional<MonitorSession> reconnect(Container c) {
        Path sock = paths.runDir(c.id()).resolve("attach.sock");
        if (!Files.exists(sock)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new MonitorSessionAdapter(sock, c.dir().resolve(ExitFile.NAME)));
        } catch (RuntimeException e) {
            LOG.debug("monitor of {} is gone: {}", c.id(), e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public Optional<ExitInfo> recordedExit(Container c) {
        // the monitor writes it to the run dir when the data root does not take it (a full disk)
        return ExitFile.read(c.dir().resolve(ExitFile.NAME))
                .or(() -> ExitFile.read(paths.runDir(c.id()).resolve(ExitFile.NAME)))
                .map(s -> new ExitInfo(s.exitCode(), s.finishedAt(), s.oomKilled(), s.error().orElse("")));
    }

    @Override
    public Probe probe(Container c) {
        return probe.probe(c, c.dir().resolve(ExitFile.NAME));
    }

    @Override
    public void launchSettled(Container c) {
        probe.dropIntent(c);
    }

    /** Kills the container's monitor if it still runs (checked to be this container's), then {@link #cleanup}. */
    @Override
    public void discard(Container c) {
        probe.killMonitor(c.id());
        cleanup(c);
    }

    @Override
    public void discardUnknown(java.util.Set<String> knownIds) {
        probe.discardUnknown(paths.execRoot().resolve("containers"), knownIds);
    }

    /**
     * The signal goes to the container's process through a pidfd opened before the process is checked to be in one
     * of the container's cgroups or a child of its monitor (a privileged process with the host's cgroup namespace can
     * move itself out of its cgroups): after it exits and its monitor reaps it, and before the monitor's report
     * arrives, its pid may be another process's (pid_max is 32,768 on many hosts), which kill(2) by pid would signal.
     * Gone, or not the container's any more: it is exiting, and the monitor reports the exit.
     */
    @Override
    public void kill(Container c, int signal) {
        int pid = c.state().pid();
        if (pid <= 0) {
            throw EngineException.conflict("Container " + c.id() + " is not running");
        }
        try {
            VerifiedSignal.Outcome o = VerifiedSignal.send(sys, pid,
                    p -> inCgroupOf(c.id(), p) || probe.childOfMonitor(c.id(), p), signal);
            if (o != VerifiedSignal.Outcome.SENT) {
                LOG.debug("signal {} to {} of {}: {}", signal, pid, c.id(), o);
            }
        } catch (SyscallException e) {
            throw EngineException.system("kill " + c.id() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The process under {@code pid} is in a cgroup named by the container's ID (its own, {@code .../<id>} or
     * {@code jdock-<id>.scope}, or one it made below it), as {@code /proc/PID/cgroup} shows from the host.
     */
    public static boolean inCgroupOf(String id, int pid) {
        byte[] lines;
        try (java.io.InputStream in = Files.newInputStream(Path.of("/proc/" + pid + "/cgroup"))) {
            lines = in.readNBytes(CGROUP_LINES_MAX);
        } catch (IOException e) {
            return false; // gone
        }
        return namesContainer(new String(lines, StandardCharsets.UTF_8), id);
    }

    /** {@code /proc/PID/cgroup}'s lines ({@code N:controllers:/path}) put the process in the container's cgroups. */
    static boolean namesContainer(String lines, String id) {
        for (String line : lines.split("\n")) {
            int path = line.indexOf(':', line.indexOf(':') + 1);
            for (String seg : line.substring(path + 1).split("/")) {
                if (seg.equals(id) || seg.endsWith("-" + id + ".scope")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** More than the cgroup lines of a process take (one per v1 hierarchy, paths within PATH_MAX). */
    private static final int CGROUP_LINES_MAX = 64 * 1024;

    @Override
    public void pause(Container c) {
        cgroup(c).freeze();
    }

    @Override
    public boolean paused(Container c) {
        return cgroups.find(c.id(), c.record().cgroupParent()).map(CgroupHandle::frozen).orElse(false);
    }

    @Override
    public void resume(Container c) {
        cgroup(c).thaw();
    }

    @Override
    public void updateResources(Container c, HostConfig hc) {
        Resources r;
        try {
            r = resources(hc).validate(Runtime.getRuntime().availableProcessors(), true);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(e.getMessage());
        }
        cgroup(c).update(r);
    }

    private CgroupHandle cgroup(Container c) {
        return cgroups.find(c.id(), c.record().cgroupParent()).orElseThrow(() -> {
            String made = RecordedCgroups.recordedDriver(paths.runDir(c.id()));
            if (!made.equals(cgroups.driver()) && c.isRunning()) { // a scope the cgroupfs driver cannot find
                return EngineException.conflict("the cgroups of container " + c.id() + " were made by the " + made
                        + " cgroup driver and jdockd now runs with " + cgroups.driver()
                        + ": restart the container (or jdockd with its former driver)");
            }
            return EngineException.conflict("Container " + c.id() + " is not running");
        });
    }

    @Override
    public void abandon(Launched l) {
        l.session().close();
        MonitorStop.stop(l.monitorPid());
    }

    @Override
    public void cleanup(Container c) {
        cgroups.find(c.id(), c.record().cgroupParent()).ifPresent(h -> {
            try {
                h.destroy();
            } catch (RuntimeException e) {
                LOG.warn("removing cgroup of {}: {}", c.id(), e.getMessage());
            }
        });
        ContainerStore.deleteTree(paths.runDir(c.id()));
        ipcShm.release(c);
    }
}
