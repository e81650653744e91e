package dev.jdock.daemon.cri.container;

import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.daemon.container.ContainerRecord;
import dev.jdock.daemon.container.ContainerRunState;
import dev.jdock.daemon.container.PodLink;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.monitor.UserFile;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The CRI containers' seam to the daemon's one container store: a CRI container is a jdock container with a
 * {@link PodLink} (shared monitors, live-restore, stats). The real one is {@link EngineContainers}; tests use a fake.
 * Errors are the daemon's {@code EngineException}s.
 */
public interface ContainerEngine {
    /** A container as it is now. */
    record Snapshot(ContainerRecord record, ContainerRunState state) {
        public String id() {
            return record.id();
        }

        public PodLink link() {
            return record.podLink();
        }
    }

    /** Creates the container (not started); returns its ID. */
    String create(String name, ContainerCreateRequest request, PodLink link);

    void start(String id);

    /** Stops it: its stop signal, SIGKILL after {@code grace}; nothing to do when it does not run. */
    void stop(String id, Duration grace);

    /** Removes it, killing it first when it runs, with its anonymous volumes; nothing to do when it is gone. */
    void remove(String id);

    /** Applies new resource limits (stored; applied to the cgroups of a running container). */
    void update(String id, dev.jdock.api.types.container.ContainerUpdateRequest resources);

    /** Has the running container's monitor open its log file again at its path. */
    void reopenLog(String id);

    /**
     * The identity its process started with last (ContainerStatus.user), as its init reported it; empty before a
     * start got that far.
     */
    Optional<UserFile.Identity> startedUser(String id);

    /** Every container that has a pod link. */
    List<Snapshot> list();

    /** The container of that exact ID, if it has a pod link. */
    Optional<Snapshot> find(String id);

    /** The ID of the container with a pod link named {@code name} (the store's name index, not a scan of all). */
    default Optional<String> holderOf(String name) {
        return list().stream().filter(c -> c.record().name().equals(name)).map(Snapshot::id).findFirst();
    }

    /** The container an ID or a unique ID prefix names (as containerd's); an ambiguous prefix is refused. */
    default Optional<Snapshot> resolve(String ref) {
        if (ref == null || ref.isEmpty()) {
            throw EngineException.invalid("container ID must not be empty");
        }
        Optional<Snapshot> exact = find(ref);
        if (exact.isPresent()) {
            return exact;
        }
        List<Snapshot> hits = list().stream().filter(s -> s.id().startsWith(ref)).toList();
        if (hits.size() > 1) {
            throw EngineException.invalid("container ID prefix \"" + ref + "\" is ambiguous");
        }
        return hits.stream().findFirst();
    }

    /**
     * Runs {@code cmd} in the running container (see {@code ExecCapture}); {@link Duration#ZERO}: no timeout.
     *
     * @throws ExecTimeout when it ran longer than {@code timeout} (it was killed)
     */
    ExecResult exec(String id, List<String> cmd, Duration timeout, int maxBytes);

    /** The exec ran out of time. */
    final class ExecTimeout extends RuntimeException {
        public ExecTimeout(String message) {
            super(message);
        }
    }

    /** What {@link #exec} collected. */
    record ExecResult(int exitCode, byte[] stdout, byte[] stderr) {
    }
}
