package dev.jdock.daemon.container;

import dev.jdock.daemon.store.AtomicFiles;
import dev.jdock.daemon.store.DiskErrors;
import dev.jdock.runtime.cgroup.CgroupHandle;
import dev.jdock.runtime.cgroup.CgroupManager;
import dev.jdock.runtime.cgroup.CgroupParent;
import dev.jdock.runtime.monitor.MonitorConnection;
import dev.jdock.runtime.monitor.MonitorState;
import dev.jdock.runtime.process.MonitorStop;
import dev.jdock.runtime.process.VerifiedSignal;
import dev.jdock.runtime.syscall.SyscallException;
import dev.jdock.runtime.syscall.Syscalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a container's monitor and the kernel report of it, for the native runtime: the launch intent
 * ({@code <run-dir>/launch}, written before anything of a launch exists and dropped once its outcome is in the
 * container's record), the monitor ({@code monitor.pid}, checked against {@code /proc/<pid>/cmdline}, asked over
 * {@code attach.sock} with the STATUS frame) and the container's cgroups ({@code cgroup.procs}).
 */
final class NativeProbe {
    private static final Logger LOG = LoggerFactory.getLogger(NativeProbe.class);
    static final String INTENT = "launch";
    private static final Duration ANSWER = Duration.ofSeconds(3);
    /** How long a monitor that was sent START (before the daemon died) may take to report the exec's outcome. */
    private static final Duration STARTING = Duration.ofSeconds(30);
    private static final Duration FINISHING = Duration.ofSeconds(5);

    private final Function<String, Path> runDirs;
    private final Function<String, Path> attachSockets;
    private final CgroupManager cgroups;
    private final Syscalls sys;
    private final Predicate<Container> hostMounts;

    /**
     * @param runDirs    a container's run directory under the exec root, by ID
     * @param attachSockets its monitor's attach socket, by ID
     * @param hostMounts whether a container still has a host-side mount of its own (a shareable /dev/shm)
     */
    NativeProbe(Function<String, Path> runDirs, Function<String, Path> attachSockets, CgroupManager cgroups,
            Syscalls sys, Predicate<Container> hostMounts) {
        this.runDirs = runDirs;
        this.attachSockets = attachSockets;
        this.cgroups = cgroups;
        this.sys = sys;
        this.hostMounts = hostMounts;
    }

    /**
     * Records that a launch begins, before its cgroups, mounts or monitor exist. A write the exec root refuses (full)
     * leaves no run directory behind. Not synced, as no run file is: the rename keeps it whole through a kill -9, and
     * after a power cut no launch is under way (a torn intent still reads as one, {@link #intent}).
     */
    void writeIntent(Container c) {
        Path run = runDirs.apply(c.id());
        boolean existed = Files.exists(run);
        try {
            Files.createDirectories(run);
            byte[] now = (Instant.now().toString() + "\n").getBytes(StandardCharsets.UTF_8);
            AtomicFiles.writeDerived(run.resolve(INTENT), now, AtomicFiles.PRIVATE);
        } catch (IOException | UncheckedIOException e) {
            if (!existed) {
                ContainerStore.deleteTree(run);
            }
            throw e instanceof UncheckedIOException u ? u
                    : DiskErrors.system("creating " + run, e);
        }
    }

    void dropIntent(Container c) {
        try {
            Files.deleteIfExists(runDirs.apply(c.id()).resolve(INTENT));
        } catch (IOException e) {
            LOG.warn("removing the launch intent of {}: {}", c.id(), e.getMessage());
        }
    }

    Optional<Instant> intent(Container c) {
        try {
            return Optional.of(Instant.parse(Files.readString(runDirs.apply(c.id()).resolve(INTENT)).trim()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | DateTimeParseException e) {
            return Optional.of(Instant.EPOCH); // a torn or foreign intent still says a launch was under way
        }
    }

    RuntimeBackend.Probe probe(Container c, Path exitFile) {
        Optional<Instant> intent = intent(c);
        OptionalInt monitor = livingMonitor(c.id());
        if (monitor.isPresent()) {
            Optional<RuntimeBackend.Probe> live = ask(c, monitor.getAsInt(), exitFile, intent);
            if (live.isPresent()) {
                return live.get();
            }
        }
        Optional<CgroupHandle> cg = cgroups.find(c.id(), c.record().cgroupParent());
        List<Integer> pids = cg.map(CgroupHandle::pids).orElse(List.of());
        RuntimeBackend.Probe.Kind kind = !pids.isEmpty() ? RuntimeBackend.Probe.Kind.ORPHANS
                : cg.isPresent() || Files.exists(runDirs.apply(c.id())) || hostMounts.test(c)
                        ? RuntimeBackend.Probe.Kind.LEFTOVERS : RuntimeBackend.Probe.Kind.NOTHING;
        return new RuntimeBackend.Probe(kind, pids.isEmpty() ? 0 : pids.get(0), 0, Optional.empty(), intent);
    }

    /** Asks a live monitor; empty when it finished meanwhile (then the exit file and the cgroups tell). */
    private Optional<RuntimeBackend.Probe> ask(Container c, int monitorPid, Path exitFile, Optional<Instant> intent) {
        Path sock = attachSockets.apply(c.id());
        MonitorState st;
        try (MonitorConnection conn = MonitorConnection.connect(sock, exitFile, IGNORE)) {
            st = conn.state(ANSWER);
            if (st.phase() == MonitorState.Phase.STARTING) {
                awaitQuietly(() -> conn.awaitStarted(STARTING));
                st = conn.state(ANSWER);
            }
            if (st.phase() == MonitorState.Phase.FAILED || st.phase() == MonitorState.Phase.EXITED) {
                awaitQuietly(() -> conn.awaitDisconnect(FINISHING));
                return Optional.empty();
            }
        } catch (RuntimeException e) {
            if (livingMonitor(c.id()).isEmpty()) {
                return Optional.empty();
            }
            LOG.warn("the monitor {} of {} does not report its state: {}", monitorPid, c.id(), e.getMessage());
            return Optional.of(new RuntimeBackend.Probe(RuntimeBackend.Probe.Kind.SILENT, 0, monitorPid,
                    Optional.empty(), intent));
        }
        RuntimeBackend.Probe.Kind kind = st.phase() == MonitorState.Phase.RUNNING ? RuntimeBackend.Probe.Kind.RUNNING
                : RuntimeBackend.Probe.Kind.HELD;
        return Optional.of(new RuntimeBackend.Probe(kind, st.pid(), monitorPid, st.startedAt(), intent));
    }

    /** The pid in {@code monitor.pid} if that process is this container's monitor (not a reused pid). */
    OptionalInt livingMonitor(String id) {
        OptionalInt pid = recordedMonitor(id);
        return pid.isPresent() && isMonitor(id, pid.getAsInt()) ? pid : OptionalInt.empty();
    }

    private OptionalInt recordedMonitor(String id) {
        try {
            return OptionalInt.of(Integer.parseInt(Files.readString(runDirs.apply(id).resolve("monitor.pid")).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The process under {@code pid} runs this container's monitor: its command line ends with the spec's path. */
    private boolean isMonitor(String id, int pid) {
        String spec = runDirs.apply(id).resolve("spec").toString();
        try {
            String[] args = Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0");
            return args.length >= 2 && args[args.length - 1].equals(spec);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The process under {@code pid} is a child of this container's living monitor: the container's process (the
     * monitor's only child but for orphans of the container it reaps as their subreaper), wherever its cgroups are.
     */
    boolean childOfMonitor(String id, int pid) {
        OptionalInt parent = MonitorStop.parent(pid);
        return parent.isPresent() && livingMonitor(id).equals(parent);
    }

    /**
     * SIGKILL to the container's monitor, if it runs: through a pidfd opened before its command line is checked, so
     * a pid reused between the check and the signal is never signalled.
     */
    void killMonitor(String id) {
        recordedMonitor(id).ifPresent(pid -> {
            try {
                VerifiedSignal.send(sys, pid, p -> isMonitor(id, p), Signals.SIGKILL);
            } catch (SyscallException e) {
                LOG.debug("killing monitor {} of {}: {}", pid, id, e.getMessage());
            }
        });
    }

    /**
     * The run directories in {@code containersRunDir} of containers that no longer exist (removed by a daemon killed
     * before it cleaned up): their monitor and processes are killed, cgroups and files removed.
     */
    void discardUnknown(Path containersRunDir, Set<String> knownIds) {
        if (!Files.isDirectory(containersRunDir)) {
            return;
        }
        try (Stream<Path> runDirs = Files.list(containersRunDir)) {
            for (Path run : (Iterable<Path>) runDirs::iterator) {
                String id = run.getFileName().toString();
                if (knownIds.contains(id) || !ContainerIds.isFullId(id)) {
                    continue;
                }
                killMonitor(id);
                cgroups.find(id, RecordedCgroups.recorded(run).orElse(CgroupParent.DEFAULT))
                        .ifPresent(CgroupHandle::destroy);
                ContainerStore.deleteTree(run);
                LOG.info("removed what a removed container {} had left running", id);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("removing the run directories of removed containers: {}", e.getMessage());
        }
    }

    private interface Waiting {
        Object run() throws Exception;
    }

    private static void awaitQuietly(Waiting w) {
        try {
            w.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the next question, or the exit file, tells what happened
        }
    }

    private static final MonitorConnection.Listener IGNORE = new MonitorConnection.Listener() {
        @Override
        public void output(int stream, ByteBuffer data) {
        }

        @Override
        public void exited(dev.jdock.runtime.monitor.ExitStatus status) {
        }

        @Override
        public void disconnected() {
        }
    };
}
