package dev.jdock.daemon.container;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The namespaces of other containers one start joins ({@code container:<x>} PID, IPC and network modes), opened by
 * the daemon through the descriptor of the donor's {@code /proc/<pid>} directory after the check that the process
 * is the donor's ({@link ContainerProcesses}), and held open until the start is decided (started, or failed and its
 * monitor stopped). The spec names each by the daemon's descriptor, {@code /proc/<jdockd's pid>/fd/N}: the monitor
 * (spawned with its standard streams only) and the init open that magic link, which reaches the namespace held and
 * nothing else. {@code /proc/<donor's pid>/ns/<type>} by path, opened by the init later, reached whatever process had
 * the pid by then: one that took it after the donor exited would have given the container a host process's
 * namespaces. The starting container's own network namespace, which the network feature configures before START, is
 * held here too ({@link #openLaunched}).
 */
public final class JoinedNamespaces implements AutoCloseable {
    private final Path procRoot;
    /** {@code /proc/<jdockd's pid>/fd}: the monitor inherits none of the daemon's descriptors. */
    private final Path ownFds;
    private final List<Fd> held = new ArrayList<>();

    /** @param procRoot where the donors' {@code /proc/<pid>} directories are ({@code /proc}; a tree in tests) */
    public JoinedNamespaces(Path procRoot) {
        this.procRoot = procRoot;
        this.ownFds = Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "fd");
    }

    /** Nothing joined, nothing held: for launches that never join another container's namespace. */
    public static JoinedNamespaces none() {
        return new JoinedNamespaces(Path.of("/proc"));
    }

    /**
     * {@code ns/<type>} of {@code donor}'s process, held until {@link #close}; the path to hand the runtime.
     * {@code notRunning} when the process has exited or is not the donor's any more.
     */
    public Path open(Container donor, String type, Supplier<EngineException> notRunning) {
        return hold(ContainerProcesses.open(procRoot, donor.state().pid(), donor.id(), donor.record().cgroupParent(),
                "ns/" + type, Fs.O_RDONLY).orElseThrow(notRunning));
    }

    /**
     * The network namespace of the launched process {@code pid}, held by its monitor {@code monitorPid} before
     * START, for the network feature's work in it ({@link ContainerProcesses#openChild}); {@code gone} when the
     * process is no child of the monitor's any more.
     */
    public Path openLaunched(int pid, int monitorPid, Supplier<RuntimeException> gone) {
        return hold(ContainerProcesses.openChild(procRoot, pid, monitorPid, "ns/net", Fs.O_RDONLY).orElseThrow(gone));
    }

    private synchronized Path hold(Fd fd) {
        held.add(fd);
        return ownFds.resolve(Integer.toString(fd.get()));
    }

    /** The descriptors held (tests). */
    synchronized List<Fd> held() {
        return List.copyOf(held);
    }

    /** Closes every descriptor held; idempotent. */
    @Override
    public synchronized void close() {
        held.forEach(Fd::close);
        held.clear();
    }
}
