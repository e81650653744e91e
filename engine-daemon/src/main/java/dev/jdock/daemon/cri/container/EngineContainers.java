package dev.jdock.daemon.cri.container;

import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.container.ContainerService;
import dev.jdock.daemon.container.PodLink;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.daemon.exec.ExecCapture;
import dev.jdock.runtime.monitor.UserFile;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@link ContainerEngine} on the daemon's {@link ContainerService} and exec feature. */
public final class EngineContainers implements ContainerEngine {
    private final ContainerService containers;
    private final ExecCapture exec;

    public EngineContainers(ContainerService containers, ExecCapture exec) {
        this.containers = containers;
        this.exec = exec;
    }

    @Override
    public String create(String name, ContainerCreateRequest request, PodLink link) {
        return containers.createInPod(name, request, link).id();
    }

    @Override
    public void start(String id) {
        containers.start(get(id));
    }

    @Override
    public void stop(String id, Duration grace) {
        Container c = get(id);
        if (!c.isRunning()) {
            return;
        }
        try {
            // no grace: SIGKILL at once, as containerd (the stop signal first only when there is time to wait)
            containers.stop(c, grace.isZero() ? Optional.of("SIGKILL") : Optional.empty(),
                    Optional.of((int) Math.min(Integer.MAX_VALUE, grace.toSeconds())));
        } catch (EngineException e) {
            if (e.kind() != ErrorKind.NOT_MODIFIED) { // it exited meanwhile
                throw e;
            }
        }
    }

    @Override
    public void remove(String id) {
        Optional<Container> c = pod(id);
        if (c.isPresent()) {
            containers.remove(c.get(), c.get().id(), true, true);
        }
    }

    @Override
    public void update(String id, dev.jdock.api.types.container.ContainerUpdateRequest resources) {
        containers.update(get(id), resources);
    }

    @Override
    public void reopenLog(String id) {
        containers.reopenLog(get(id));
    }

    @Override
    public Optional<UserFile.Identity> startedUser(String id) {
        return pod(id).flatMap(c -> UserFile.read(c.dir().resolve(UserFile.NAME)));
    }

    @Override
    public List<Snapshot> list() {
        return containers.podContainers().stream().map(EngineContainers::snapshot).toList();
    }

    @Override
    public Optional<Snapshot> find(String id) {
        return pod(id).map(EngineContainers::snapshot);
    }

    @Override
    public ExecResult exec(String id, List<String> cmd, Duration timeout, int maxBytes) {
        try {
            ExecCapture.Output o = exec.run(get(id), cmd, timeout, maxBytes, false);
            return new ExecResult(o.exitCode(), o.stdout(), o.stderr());
        } catch (ExecCapture.StartFailed e) {
            throw e.error();
        } catch (ExecCapture.TimedOut e) {
            throw new ExecTimeout(e.getMessage());
        }
    }

    @Override
    public Optional<String> holderOf(String name) {
        // a CRI name has '_' in it: never an ID or an ID prefix, so find resolves it through the name index only
        return containers.find(name).filter(c -> c.record().podLink() != null && c.record().name().equals(name))
                .map(Container::id);
    }

    private Optional<Container> pod(String id) {
        return containers.find(id).filter(c -> c.id().equals(id) && c.record().podLink() != null);
    }

    private Container get(String id) {
        return pod(id).orElseThrow(() -> EngineException.notFound("container \"" + id + "\": not found"));
    }

    private static Snapshot snapshot(Container c) {
        return new Snapshot(c.record(), c.state());
    }
}
