package dev.jdock.daemon.cri.pod;

/**
 * The containers of a pod sandbox, as {@link PodSandboxes} ends them: StopPodSandbox stops them first,
 * RemovePodSandbox removes them first (as containerd does). The seam to the CRI containers.
 */
public interface PodMembers {
    /** No containers (a daemon without the CRI container calls, tests). */
    PodMembers NONE = new PodMembers() {
        @Override
        public void stopAll(String sandboxId) {
        }

        @Override
        public void removeAll(String sandboxId) {
        }
    };

    /** Kills every running container of the sandbox and waits for their exits. */
    void stopAll(String sandboxId);

    /** Removes every container of the sandbox (running ones are killed first). */
    void removeAll(String sandboxId);
}
