package dev.jdock.daemon.cri.pod;

import dev.jdock.daemon.container.SeccompPrograms;
import dev.jdock.daemon.cri.pod.PodSandbox.Mode;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.store.AtomicFiles;
import dev.jdock.daemon.store.FileTrees;
import dev.jdock.runtime.cgroup.CgroupHandle;
import dev.jdock.runtime.cgroup.CgroupManager;
import dev.jdock.runtime.cgroup.CgroupParent;
import dev.jdock.runtime.cgroup.Resources;
import dev.jdock.runtime.monitor.ExitStatus;
import dev.jdock.runtime.monitor.MonitorConnection;
import dev.jdock.runtime.process.MonitorHandle;
import dev.jdock.runtime.process.MonitorLauncher;
import dev.jdock.runtime.process.MonitorStop;
import dev.jdock.runtime.spec.CapabilitySets;
import dev.jdock.runtime.spec.DockerDefaults;
import dev.jdock.runtime.spec.LogSpec;
import dev.jdock.runtime.spec.MountSpec;
import dev.jdock.runtime.spec.MsFlags;
import dev.jdock.runtime.spec.NamespaceSpec;
import dev.jdock.runtime.spec.ProcessSpec;
import dev.jdock.runtime.spec.RootfsSpec;
import dev.jdock.runtime.spec.RuntimeSpec;
import dev.jdock.runtime.spec.UserNamespaceSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The infra process of a pod sandbox on the native runtime: {@code jdock-init --pause} (no pause image) under its own
 * {@code jdock-monitor}, in a root of its own ({@code <root>/rootfs}: the init binary as {@code /pause}, bind-mounted
 * read-only by the runtime), with no capabilities and no_new_privs. It joins the pod's network namespace by path
 * (or stays in the host's), and gets new mount, IPC (unless host IPC), UTS (unless host networking, as the kubelet
 * expects) and pid namespaces (unless host pid) that the pod's containers join. Its cgroup is the sandbox id under
 * the cgroup parent the kubelet gives. Before it starts, the sandbox's {@link SandboxFiles} are written into its run
 * directory and bind-mounted read-only on the infra's {@code /etc/hostname}, {@code /etc/hosts} and
 * {@code /etc/resolv.conf}. The infra runs as {@code 65535:65535} unless the sandbox names a user, under the
 * sandbox's seccomp profile, and its init writes the sandbox's sysctls in the pod's namespaces (after the CNI ADD,
 * which ran before the start).
 */
public final class NativeInfraRuntime implements InfraRuntime {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** The pause image's {@code USER 65535:65535}. */
    static final long PAUSE_ID = 65535;
    private static final String SHM = "/dev/shm";
    private static final List<String> ETC_FILES = List.of(SandboxFiles.HOSTNAME, SandboxFiles.HOSTS,
            SandboxFiles.RESOLV_CONF);

    private final Path root;
    private final Path initBinary;
    private final MonitorLauncher launcher;
    private final CgroupManager cgroups;
    private final SandboxFiles files;
    private final PodShm shm;
    private final SeccompPrograms seccomp;

    /**
     * @param root       {@code <exec-root>/cri/sandboxes}: one run directory per sandbox, and the pause root
     * @param initBinary jdock-init
     * @param files      the sandbox's hostname, hosts and resolv.conf, written into its run directory
     * @param shm        the pod's /dev/shm, mounted in its run directory
     * @param seccomp    the compiled seccomp programs (the daemon's, shared with its containers)
     */
    public NativeInfraRuntime(Path root, Path initBinary, Path monitorBinary, CgroupManager cgroups,
            SandboxFiles files, PodShm shm, SeccompPrograms seccomp) {
        this.root = root;
        this.initBinary = initBinary;
        this.launcher = new MonitorLauncher(monitorBinary);
        this.cgroups = cgroups;
        this.files = files;
        this.shm = shm;
        this.seccomp = seccomp;
    }

    /** With the host's files ({@link SandboxFiles#host()}). */
    public NativeInfraRuntime(Path root, Path initBinary, Path monitorBinary, CgroupManager cgroups, PodShm shm,
            SeccompPrograms seccomp) {
        this(root, initBinary, monitorBinary, cgroups, SandboxFiles.host(), shm, seccomp);
    }

    /** The sandbox's run directory: its spec, monitor files and the {@link SandboxFiles}. */
    public Path runDir(String sandboxId) {
        return root.resolve(sandboxId);
    }

    private Path runDir(PodSandbox s) {
        return runDir(s.id());
    }

    /**
     * The pause root: empty directories for the runtime's mounts and the init binary as /pause, rebuilt when stale.
     * Made by path: no pod writes it (every infra binds it as a read-only root and runs only /pause there).
     */
    private Path pauseRootfs() {
        Path dir = root.resolve("pause-rootfs");
        try {
            for (String d : List.of("proc", "dev", "sys", "etc")) {
                Files.createDirectories(dir.resolve(d));
            }
            for (String f : ETC_FILES) { // mount points of the sandbox's files
                Path p = dir.resolve("etc").resolve(f);
                if (!Files.isRegularFile(p)) {
                    Files.write(p, new byte[0]);
                }
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
        if (s.userns() != null) {
            ns.add(NamespaceSpec.create("cgroup")); // owned by the user namespace: the cgroup mounts need it there
        }
        if (s.namespaces().pid() != Mode.NODE) {
            ns.add(NamespaceSpec.create("pid"));
        }
        if (s.namespaces().ipc() != Mode.NODE) {
            ns.add(NamespaceSpec.create("ipc"));
        }
        if (!s.hostNetwork()) {
            ns.add(NamespaceSpec.create("uts"));
            // in its own user namespace the pod's netns is the infra's, made inside it (adopted after the start)
            ns.add(s.userns() != null ? NamespaceSpec.create("net") : NamespaceSpec.join("net", Path.of(s.netns())));
        }
        return ns;
    }

    /**
     * The user the infra runs as: the sandbox's run_as_user (and run_as_group, else the same number), else
     * {@code 65535:65535}, the pause image's {@code USER} that containerd runs it as.
     */
    static String user(PodSandbox s) {
        long uid = s.linux().runAsUser() != null ? s.linux().runAsUser() : PAUSE_ID;
        long gid = s.linux().runAsGroup() != null ? s.linux().runAsGroup()
                : s.linux().runAsUser() != null ? uid : PAUSE_ID;
        return uid + ":" + gid;
    }

    RuntimeSpec spec(PodSandbox s, CgroupHandle cg, Optional<Path> seccomp) {
        Path run = runDir(s);
        ProcessSpec process = new ProcessSpec(List.of("/pause", "--pause"), List.of("PATH=/"), "/", user(s),
                List.of(), false, false, false, 0, 0, true, CapabilitySets.of(0), List.of());
        // only what the pause process and its init use: /proc (the sandbox's sysctls are written under it), /dev
        // (its standard streams), the pod's /dev/shm read-only (as containerd binds it into the pause container) and
        // the sandbox's files; no /sys, /sys/fs/cgroup, /dev/mqueue or /dev/pts, which a pause process never reads
        // and a container sharing the pod's pid namespace would otherwise see through /proc/<pid>/root (its masks
        // and read-only paths, all under /proc, stay)
        List<MountSpec> mounts = new ArrayList<>(DockerDefaults.procAndDev());
        mounts.add(shmBind(PodShm.source(s, run), true));
        for (String f : ETC_FILES) {
            mounts.add(MountSpec.bind(run.resolve(f).toString(), "/etc/" + f, true, true));
        }
        List<String> masked = DockerDefaults.maskedPaths(false).stream().filter(p -> p.startsWith("/proc/")).toList();
        RuntimeSpec spec = new RuntimeSpec(s.id(), run, run, RootfsSpec.bind(pauseRootfs(), run.resolve("rootfs")),
                process, s.hostNetwork() ? "" : s.hostname(), namespaces(s), mounts, DockerDefaults.devices(),
                masked, DockerDefaults.readonlyPaths(false), true, seccomp,
                cg.procsFiles(), LogSpec.none(), Optional.empty(), s.linux().sysctls());
        // the pod's user namespace is the infra's: a new one with the kubelet's ranges, its other namespaces in it
        return s.userns() == null ? spec
                : spec.withUserns(UserNamespaceSpec.create(s.userns().uids(), s.userns().gids()));
    }

    /** A bind of the pod's /dev/shm (rbind, nosuid, nodev, noexec). */
    public static MountSpec shmBind(Path source, boolean readOnly) {
        MountSpec bind = MountSpec.bind(source.toString(), SHM, readOnly, false);
        return new MountSpec(bind.source(), SHM, bind.type(),
                bind.flags() | MsFlags.MS_NOSUID | MsFlags.MS_NODEV | MsFlags.MS_NOEXEC, "", false);
    }

    /**
     * The infra's seccomp program in its run directory: none when unconfined or privileged, Docker's default
     * profile for runtime/default, the profile file for localhost/&lt;path&gt;; for a process without capabilities.
     */
    Optional<Path> seccomp(PodSandbox s) {
        String sc = s.linux().seccomp();
        if (s.linux().privileged() || sc.equals(PodSandbox.Linux.UNCONFINED)) {
            return Optional.empty();
        }
        byte[] bpf;
        try {
            bpf = sc.equals(PodSandbox.Linux.RUNTIME_DEFAULT) ? seccomp.defaultProgram(0L)
                    : seccomp.program(Files.readAllBytes(Path.of(sc.substring(PodSandbox.Linux.LOCALHOST.length()))),
                            0L);
        } catch (IOException | RuntimeException e) {
            throw EngineException.invalid("failed to load seccomp profile \"" + sc + "\": " + e.getMessage());
        }
        Path file = runDir(s).resolve("seccomp.bpf");
        AtomicFiles.writeDerived(file, bpf, AtomicFiles.PRIVATE);
        return Optional.of(file);
    }

    @Override
    public Infra start(PodSandbox s) {
        files.write(runDir(s), s);
        shm.mount(s, runDir(s));
        Optional<Path> bpf = seccomp(s);
        CgroupHandle cg;
        try {
            cg = cgroups.create(s.id(), CgroupParent.parse(s.cgroupParent()), Resources.NONE);
        } catch (IllegalArgumentException e) { // a parent the cgroup driver refuses (systemd: not a slice name)
            throw EngineException.invalid("invalid cgroup parent \"" + s.cgroupParent() + "\": " + e.getMessage());
        }
        MonitorHandle h;
        try {
            h = launcher.launch(spec(s, cg, bpf), runDir(s).resolve("spec"));
        } finally {
            cg.launched();
        }
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
        while (infra.isPresent() && live(infra.get()) && System.nanoTime() < deadline) {
            sleep();
        }
        infra.filter(NativeInfraRuntime::live).ifPresent(ProcessHandle::destroyForcibly);
        Optional<ProcessHandle> monitor = alive(s.monitorPid()).filter(p -> isMonitorOf(s, (int) p.pid()));
        long monitorDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (monitor.isPresent() && live(monitor.get()) && System.nanoTime() < monitorDeadline) {
            sleep();
        }
        // a monitor the record does not name (a jdockd killed between the launch and the record): the one its
        // monitor.pid names, if it still runs this sandbox's spec, is stopped with what it holds
        MonitorStop.stopRecorded(runDir(s));
        shm.release(runDir(s)); // the pod's containers are stopped first (PodSandboxes)
    }

    /**
     * Every view of a READY sandbox asks this (a status, a create or start in it): the infra process's {@code stat}
     * and the monitor's command line, no {@link ProcessHandle#info} (which also reads {@code status} and looks the
     * owner up in the host's {@code /etc/passwd}). The monitor's command line alone tells it runs: a zombie's (or a
     * gone process's) reads empty, so it cannot end with the spec path.
     */
    @Override
    public boolean running(PodSandbox s) {
        return s.infraPid() > 0 && live(s.infraPid()) && s.monitorPid() > 0 && isMonitorOf(s, s.monitorPid());
    }

    @Override
    public void cleanup(PodSandbox s) {
        cgroups.find(s.id(), CgroupParent.parse(s.cgroupParent())).ifPresent(CgroupHandle::destroy);
        shm.release(runDir(s)); // never delete through a mount
        try {
            FileTrees.deleteRecursively(runDir(s));
        } catch (IOException e) {
            throw new UncheckedIOException("removing the run directory of sandbox " + s.id(), e);
        }
    }

    /** The monitor's command line ends with this sandbox's spec path: not a reused pid. */
    private boolean isMonitorOf(PodSandbox s, int pid) {
        byte[] spec = (runDir(s).resolve("spec").toString() + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] cmdline;
        try (InputStream in = Files.newInputStream(Path.of("/proc/" + pid + "/cmdline"))) {
            cmdline = in.readNBytes(CMDLINE_MAX);
        } catch (IOException e) {
            return false; // gone
        }
        int from = cmdline.length - spec.length;
        return from > 0 && cmdline[from - 1] == 0
                && Arrays.equals(cmdline, from, cmdline.length, spec, 0, spec.length);
    }

    /** More than a monitor's command line (its binary and the spec path) ever takes. */
    private static final int CMDLINE_MAX = 16 * 1024;

    private static Optional<ProcessHandle> alive(int pid) {
        return pid <= 0 ? Optional.empty() : ProcessHandle.of(pid).filter(NativeInfraRuntime::live);
    }

    private static boolean live(ProcessHandle p) {
        return live((int) p.pid());
    }

    /**
     * Runs: not gone and no zombie (one read of its {@code stat}). The monitor is not jdockd's child; where pid 1
     * reaps slowly it stays a zombie for a second or more after its exit (1.8 s on this VM), which
     * {@link ProcessHandle#isAlive} counts as alive.
     */
    private static boolean live(int pid) {
        return !MonitorStop.exited(pid);
    }

    private static void sleep() {
        try {
            Thread.sleep(2);
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
