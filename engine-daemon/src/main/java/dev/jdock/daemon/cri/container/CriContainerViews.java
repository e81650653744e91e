package dev.jdock.daemon.cri.container;

import dev.jdock.api.types.container.ContainerStatus;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.container.ContainerRecord;
import dev.jdock.daemon.container.ContainerRunState;
import dev.jdock.daemon.container.PodLink;
import dev.jdock.daemon.cri.v1.Container;
import dev.jdock.daemon.cri.v1.ContainerFilter;
import dev.jdock.daemon.cri.v1.ContainerMetadata;
import dev.jdock.daemon.cri.v1.ContainerResources;
import dev.jdock.daemon.cri.v1.ContainerState;
import dev.jdock.daemon.cri.v1.ContainerUser;
import dev.jdock.daemon.cri.v1.ImageSpec;
import dev.jdock.daemon.cri.v1.LinuxContainerResources;
import dev.jdock.daemon.cri.v1.LinuxContainerUser;
import dev.jdock.daemon.cri.v1.Mount;
import dev.jdock.daemon.cri.v1.MountPropagation;
import dev.jdock.runtime.monitor.UserFile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The CRI's container messages from jdock's container records and run states, as containerd fills them. */
final class CriContainerViews {
    static final String COMPLETED = "Completed";
    static final String ERROR = "Error";
    static final String OOM_KILLED = "OOMKilled";
    /** containerd's reason for a container whose start failed. */
    static final String START_ERROR = "StartError";

    private CriContainerViews() {
    }

    /** How the image shows: the spec as asked for and the image's reference (its first digest, else its ID). */
    record ImageNames(String spec, String ref) {
    }

    /** CREATED, RUNNING (also paused and restarting), EXITED; a start that failed is EXITED too (containerd). */
    static ContainerState state(ContainerRunState st) {
        return switch (st.status()) {
            case CREATED -> st.error().isEmpty() ? ContainerState.CONTAINER_CREATED : ContainerState.CONTAINER_EXITED;
            case RUNNING, PAUSED, RESTARTING -> ContainerState.CONTAINER_RUNNING;
            case EXITED, DEAD -> ContainerState.CONTAINER_EXITED;
            default -> ContainerState.CONTAINER_UNKNOWN;
        };
    }

    /** containerd's reason of an exited container: OOMKilled, Completed (exit 0), Error; StartError. */
    static String reason(ContainerRunState st) {
        if (state(st) != ContainerState.CONTAINER_EXITED) {
            return "";
        }
        if (st.status() == ContainerStatus.CREATED) {
            return START_ERROR;
        }
        if (st.oomKilled()) {
            return OOM_KILLED;
        }
        return st.exitCode() == 0 ? COMPLETED : ERROR;
    }

    /** An RFC 3339 time as nanoseconds since the epoch; 0 for Go's zero time. */
    static long nanos(String time) {
        if (time == null || time.isEmpty() || time.equals(ContainerRunState.ZERO_TIME)) {
            return 0;
        }
        Instant t = Instant.parse(time);
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    static ContainerMetadata metadata(PodLink l) {
        return ContainerMetadata.newBuilder().setName(l.metadata().name()).setAttempt(l.metadata().attempt()).build();
    }

    static Container item(ContainerEngine.Snapshot s, ImageNames image) {
        ContainerRecord r = s.record();
        PodLink l = s.link();
        return Container.newBuilder()
                .setId(r.id())
                .setPodSandboxId(l.sandboxId())
                .setMetadata(metadata(l))
                .setImage(ImageSpec.newBuilder().setImage(image.spec()))
                .setImageRef(image.ref())
                .setImageId(r.imageId())
                .setState(state(s.state()))
                .setCreatedAt(nanos(r.created()))
                .putAllLabels(l.metadata().labels())
                .putAllAnnotations(l.metadata().annotations())
                .build();
    }

    static dev.jdock.daemon.cri.v1.ContainerStatus status(ContainerEngine.Snapshot s, ImageNames image,
            Optional<UserFile.Identity> user) {
        ContainerRecord r = s.record();
        ContainerRunState st = s.state();
        PodLink l = s.link();
        ContainerState state = state(st);
        boolean exited = state == ContainerState.CONTAINER_EXITED;
        long finished = nanos(st.finishedAt());
        dev.jdock.daemon.cri.v1.ContainerStatus.Builder b = dev.jdock.daemon.cri.v1.ContainerStatus.newBuilder();
        user.ifPresent(u -> b.setUser(ContainerUser.newBuilder().setLinux(LinuxContainerUser.newBuilder()
                .setUid(u.uid()).setGid(u.gid()).addAllSupplementalGroups(u.groups()))));
        return b
                .setId(r.id())
                .setMetadata(metadata(l))
                .setState(state)
                .setCreatedAt(nanos(r.created()))
                .setStartedAt(nanos(st.startedAt()))
                .setFinishedAt(exited && finished == 0 ? nanos(r.created()) : exited ? finished : 0)
                .setExitCode(exited ? st.exitCode() : 0)
                .setImage(ImageSpec.newBuilder().setImage(image.spec()))
                .setImageRef(image.ref())
                .setImageId(r.imageId())
                .setReason(reason(st))
                .setMessage(exited ? st.error() : "")
                .putAllLabels(l.metadata().labels())
                .putAllAnnotations(l.metadata().annotations())
                .addAllMounts(mounts(r.hostConfig()))
                .setLogPath(l.logPath())
                .setResources(resources(r.hostConfig()))
                .setStopSignal(CriSignals.fromDocker(r.config().stopSignal()))
                .build();
    }

    /**
     * The resources the container runs with, as containerd 1.7 reports them (its spec's, so after an
     * UpdateContainerResources the new ones): what the kubelet compares for an in-place resize.
     */
    static ContainerResources resources(HostConfig hc) {
        return ContainerResources.newBuilder().setLinux(LinuxContainerResources.newBuilder()
                .setCpuPeriod(hc.cpuPeriod())
                .setCpuQuota(hc.cpuQuota())
                .setCpuShares(hc.cpuShares())
                .setMemoryLimitInBytes(hc.memory())
                .setMemorySwapLimitInBytes(Math.max(0, hc.memorySwap()))
                .setOomScoreAdj(hc.oomScoreAdj())
                .setCpusetCpus(hc.cpusetCpus() == null ? "" : hc.cpusetCpus())
                .setCpusetMems(hc.cpusetMems() == null ? "" : hc.cpusetMems()))
                .build();
    }

    /** The CRI mounts the container was created with (its bind mounts and image volumes). */
    static List<Mount> mounts(HostConfig hc) {
        if (hc.mounts() == null) {
            return List.of();
        }
        return hc.mounts().stream().filter(m -> "bind".equals(m.type()) || "image".equals(m.type()))
                .map(m -> "image".equals(m.type()) ? imageMount(m) : Mount.newBuilder()
                .setContainerPath(m.target())
                .setHostPath(m.source())
                .setReadonly(Boolean.TRUE.equals(m.readOnly()))
                .setPropagation(propagation(m.bindOptions() == null ? null : m.bindOptions().propagation()))
                .build()).toList();
    }

    private static Mount imageMount(dev.jdock.api.types.container.Mount m) {
        return Mount.newBuilder()
                .setContainerPath(m.target())
                .setImage(dev.jdock.daemon.cri.v1.ImageSpec.newBuilder().setImage(m.source()))
                .setImageSubPath(m.imageOptions() == null || m.imageOptions().subpath() == null ? ""
                        : m.imageOptions().subpath())
                .setReadonly(true)
                .build();
    }

    private static MountPropagation propagation(String p) {
        return switch (p == null ? "" : p) {
            case "rslave" -> MountPropagation.PROPAGATION_HOST_TO_CONTAINER;
            case "rshared" -> MountPropagation.PROPAGATION_BIDIRECTIONAL;
            default -> MountPropagation.PROPAGATION_PRIVATE;
        };
    }

    /** ListContainers' filter: ID prefix, state, sandbox ID prefix, every label of the selector. */
    static boolean matches(ContainerFilter f, ContainerEngine.Snapshot s) {
        if (!f.getId().isEmpty() && !s.id().startsWith(f.getId())) {
            return false;
        }
        if (f.hasState() && state(s.state()) != f.getState().getState()) {
            return false;
        }
        if (!f.getPodSandboxId().isEmpty() && !s.link().sandboxId().startsWith(f.getPodSandboxId())) {
            return false;
        }
        Map<String, String> labels = s.link().metadata().labels();
        return f.getLabelSelectorMap().entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** ContainerStatus' verbose info: a JSON object as containerd's (the fields that exist here). */
    static String info(ContainerEngine.Snapshot s) {
        Optional<Integer> pid = s.state().isRunning() ? Optional.of(s.state().pid()) : Optional.empty();
        return "{\"sandboxID\":\"" + s.link().sandboxId() + "\",\"pid\":" + pid.orElse(0) + "}";
    }
}
