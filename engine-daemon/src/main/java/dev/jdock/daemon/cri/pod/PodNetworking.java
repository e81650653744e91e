package dev.jdock.daemon.cri.pod;

import dev.jdock.daemon.cri.cni.PodAttachment;
import dev.jdock.daemon.cri.cni.PodNetns;
import dev.jdock.daemon.cri.cni.PodNetwork;
import dev.jdock.daemon.cri.cni.RuntimeConfig;
import java.nio.file.Path;
import java.util.List;

/** What a pod sandbox needs of the network: its namespace and the CNI network in it. The seam over the CNI library. */
public interface PodNetworking {

    /** Makes the pod's network namespace (a bind mount named after the sandbox) and returns its path. */
    Path createNetns(String sandboxId);

    /**
     * Keeps the network namespace the infra process {@code pid} made as the sandbox's (a pod in its own user
     * namespace) and returns its path, as {@link #createNetns} does.
     */
    Path adoptNetns(String sandboxId, int pid);

    /** CNI ADD of the pod; returns its addresses, the first being the pod IP. */
    List<String> attach(PodSandbox sandbox, Path netns, RuntimeConfig config);

    /** CNI DEL of the pod (tolerates what is already gone), with the config that was added. */
    void detach(PodSandbox sandbox, Path netns, RuntimeConfig config);

    /** Removes the namespace (tolerates a missing one). */
    void removeNetns(String sandboxId);

    /** The CNI library's implementation. */
    static PodNetworking cni(PodNetns netns, PodNetwork network) {
        return new PodNetworking() {
            @Override
            public Path createNetns(String sandboxId) {
                return netns.create(sandboxId);
            }

            @Override
            public Path adoptNetns(String sandboxId, int pid) {
                return netns.adopt(sandboxId, pid);
            }

            @Override
            public List<String> attach(PodSandbox s, Path ns, RuntimeConfig config) {
                return network.setUp(attachment(s, ns), config).podIps();
            }

            @Override
            public void detach(PodSandbox s, Path ns, RuntimeConfig config) {
                network.tearDown(attachment(s, ns), config);
            }

            @Override
            public void removeNetns(String sandboxId) {
                netns.remove(sandboxId);
            }

            private PodAttachment attachment(PodSandbox s, Path ns) {
                return PodAttachment.pod(s.id(), ns, s.metadata().namespace(), s.metadata().name(),
                        s.metadata().uid());
            }
        };
    }
}
