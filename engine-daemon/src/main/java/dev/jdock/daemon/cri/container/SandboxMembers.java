package dev.jdock.daemon.cri.container;

import dev.jdock.daemon.cri.pod.PodMembers;
import java.time.Duration;

/**
 * A sandbox's containers on the engine, as StopPodSandbox and RemovePodSandbox end them: stopped forcibly (SIGKILL at
 * once: containerd's stop with no grace) and removed.
 */
public final class SandboxMembers implements PodMembers {
    private final ContainerEngine engine;

    public SandboxMembers(ContainerEngine engine) {
        this.engine = engine;
    }

    @Override
    public void stopAll(String sandboxId) {
        for (ContainerEngine.Snapshot c : engine.list()) {
            if (c.link().sandboxId().equals(sandboxId)) {
                engine.stop(c.id(), Duration.ZERO);
            }
        }
    }

    @Override
    public void removeAll(String sandboxId) {
        for (ContainerEngine.Snapshot c : engine.list()) {
            if (c.link().sandboxId().equals(sandboxId)) {
                engine.remove(c.id());
            }
        }
    }
}
