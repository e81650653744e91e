package dev.jdock.daemon.cri.pod;

import dev.jdock.daemon.cri.pod.PodSandbox.Mode;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.store.FileTrees;
import dev.jdock.runtime.cgroup.CgroupHandle;
import dev.jdock.runtime.cgroup.CgroupManager;
import dev.jdock.runtime.cgroup.CgroupParent;
import dev.jdock.runtime.cgroup.Resources;
import dev.jdock.runtime.monitor.ExitStatus;
import dev.jdock.runtime.monitor.MonitorConnection;
import dev.jdock.runtime.process.MonitorHandle;
import dev.jdock.runtime.process.MonitorLauncher;
import dev.jdock.runtime.spec.CapabilitySets;
import dev.jdock.runtime.spec.DockerDefaults;
import dev.jdock.runtime.spec.LogSpec;
import dev.jdock.runtime.spec.NamespaceSpec;
import dev.jdock.runtime.spec.ProcessSpec;
import dev.jdock.runtime.spec.RootfsSpec;
import dev.jdock.runtime.spec.RuntimeSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The infra process of a pod sandbox on the native runtime: {@code jdock-init --pause} (no pause image) under its own
 * {@code jdock-monitor}, in a root of its own ({@code <root>/rootfs}: the init binary as {@code /pause}, bind-mounted
 * read-only by the runtime), with no capabilities and no_new_privs. It joins the pod's network namespace by path
 * (or stays in the host's), and gets new mount, IPC (unless host IPC), UTS (unless host networking, as the kubelet
 * expects) and pid namespaces (unless host pid) that the pod's containers join. Its cgroup is the sandbox id under
 * the cgroup parent the kubelet gives.
 */
public final class NativeInfraRuntime implements InfraRuntime {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path root;
    private final Path initBinary;
    private final MonitorLauncher launcher;
    private final CgroupManager cgroups;

    /**
     * @param root       {@code <exec-root>/cri/sandboxes}: one run directory per sandbox, and the pause root
     * @param initBinary jdock-init
     */
    public NativeInfraRuntime(Path root, Path initBinary, Path monitorBinary, CgroupManager cgroups) {
        this.root = root;
        this.initBinary = initBinary;
        this.launcher = new MonitorLauncher(monitorBinary);
        this.cgroups = cgroups;
    }

    private Path runDir(PodSandbox s) {
        return root.resolve(s.id());
    }

    /** The pause root: empty directories for the runtime's mounts and the init binary as /pause, rebuilt when stale. */
    private Path pauseRootfs() {
        Path dir = root.resolve("pause-rootfs");
        try {
            for (String d : List.of("proc", "dev", "sys", "etc")) {
                Files.createDirectories(dir.resolve(d));
            }
            Path pause = dir.resolve("pause");
            if (!Files.exists(pause) || Files.size(pause) != Files.size(initBinary)) {
                Path tmp = dir.resolve(".pause.tmp");
                Files.copy(initBinary, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r-xr-xr-x"));
                Files.move(tmp, pause, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("preparing the pause root " + dir, e);
        }
    }

    static List<NamespaceSpec> namespaces(PodSandbox s) {
        List<NamespaceSpec> ns = new ArrayList<>();
        ns.add(NamespaceSpec.create("mnt"));
        if (s.namespaces().pid() != Mode.NODE) {
            ns.add(NamespaceSpec.create("pid"));
        }
        if (s.namespaces().ipc() != Mode.NODE) {
            ns.add(NamespaceSpec.create("ipc"));
        }
        if (!s.hostNetwork()) {
            ns.add(NamespaceSpec.create("uts"));
            ns.add(NamespaceSpec.join("net", Path.of(s.netns())));
        }
        return ns;
    }

    RuntimeSpec spec(PodSandbox s, CgroupHandle cg) {
        Path run = runDir(s);
        ProcessSpec process = new ProcessSpec(List.of("/pause", "--pause"), List.of("PATH=/"), "/", "0:0", List.of(),
                false, false, false, 0, 0, true, CapabilitySets.of(0), List.of());
        return new RuntimeSpec(s.id(), run, run, RootfsSpec.bind(pauseRootfs(), run.resolve("rootfs")), process,
                s.hostNetwork() ? "" : s.hostname(), namespaces(s), DockerDefaults.mounts(false),
                DockerDefaults.devices(), DockerDefaults.maskedPaths(false), DockerDefaults.readonlyPaths(false), true,
                Optional.empty(), cg.procsFiles(), LogSpec.none(), Optional.empty(), Map.of());
    }

    @Override
    public Infra start(PodSandbox s) {
        CgroupHandle cg = cgroups.create(s.id(), CgroupParent.parse(s.cgroupParent()), Resources.NONE);
        MonitorHandle h = launcher.launch(spec(s, cg), runDir(s).resolve("spec"));
        try (MonitorConnection c = h.connect(new Quiet())) {
            c.start(START_TIMEOUT);
        } catch (RuntimeException e) {
            ProcessHandle.of(h.monitorPid()).ifPresent(ProcessHandle::destroyForcibly);
            throw EngineException.system("failed to start sandbox container task \"" + s.id() + "\": "
                    + e.getMessage(), e);
        }
        return new Infra(h.containerPid(), h.monitorPid());
    }

    @Override
    public void stop(PodSandbox s, Duration grace) {
        Optional<ProcessHandle> infra = alive(s.infraPid()).filter(p -> running(s));
        infra.ifPresent(ProcessHandle::destroy); // SIGTERM: the pause process exits 0
        long deadline = System.nanoTime() + grace.toNanos();
        while (infra.isPresent() && infra.get().isAlive() && System.nanoTime() < deadline) {
            sleep();
        }
        infra.filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
        Optional<ProcessHandle> monitor = alive(s.monitorPid()).filter(p -> isMonitorOf(s, p));
        long monitorDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (monitor.isPresent() && monitor.get().isAlive() && System.nanoTime() < monitorDeadline) {
            sleep();
        }
    }

    @Override
    public boolean running(PodSandbox s) {
        return s.infraPid() > 0 && alive(s.infraPid()).isPresent()
                && alive(s.monitorPid()).filter(p -> isMonitorOf(s, p)).isPresent();
    }

    @Override
    public void cleanup(PodSandbox s) {
        cgroups.find(s.id(), CgroupParent.parse(s.cgroupParent())).ifPresent(CgroupHandle::destroy);
        try {
            FileTrees.deleteRecursively(runDir(s));
        } catch (IOException e) {
            throw new UncheckedIOException("removing the run directory of sandbox " + s.id(), e);
        }
    }

    /** The monitor's command line ends with this sandbox's spec path: not a reused pid. */
    private boolean isMonitorOf(PodSandbox s, ProcessHandle p) {
        String spec = runDir(s).resolve("spec").toString();
        return p.info().arguments().map(a -> a.length > 0 && a[a.length - 1].equals(spec)).orElse(false);
    }

    private static Optional<ProcessHandle> alive(int pid) {
        return pid <= 0 ? Optional.empty() : ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping a sandbox", e);
        }
    }

    /** The pause process prints nothing; its exit is seen through its pid. */
    private static final class Quiet implements MonitorConnection.Listener {
        @Override
        public void output(int stream, ByteBuffer data) {
            // nothing: the pause process writes nothing
        }

        @Override
        public void exited(ExitStatus status) {
            // seen by running()
        }

        @Override
        public void disconnected() {
            // the monitor stays; the connection is closed after START
        }
    }
}
