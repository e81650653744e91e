package dev.jdock.daemon.cri.container;

import dev.jdock.daemon.container.AppArmorProfiles;
import dev.jdock.daemon.cri.pod.PodSandbox;
import dev.jdock.daemon.cri.v1.Container;
import dev.jdock.daemon.cri.v1.ContainerConfig;
import dev.jdock.daemon.cri.v1.ContainerFilter;
import dev.jdock.daemon.cri.v1.ContainerStatus;
import dev.jdock.daemon.cri.v1.ExecSyncResponse;
import dev.jdock.daemon.cri.v1.LinuxContainerResources;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The CRI container calls on {@link ContainerEngine}: CreateContainer, StartContainer, StopContainer,
 * RemoveContainer, ListContainers, ContainerStatus, UpdateContainerResources, ReopenContainerLog and ExecSync, with
 * containerd's checks, errors and idempotence (stop and remove of a stopped, removed or unknown container succeed;
 * other calls on an unknown ID are NOT_FOUND).
 * Container IDs may be given as unique prefixes, as containerd accepts them.
 */
public final class CriContainers {
    /** The label on every CRI container (its pod sandbox's ID): the Engine API's events and lists can tell them apart. */
    public static final String SANDBOX_LABEL = ContainerRequests.SANDBOX_LABEL;

    /** ExecSync keeps at most this much of each stream (containerd's cap, CVE-2022-1708). */
    static final int EXEC_OUTPUT_MAX = 16 << 20;

    private final ContainerEngine engine;
    private final Function<String, PodSandbox> sandboxes;
    private final ContainerImages images;
    private final Function<String, Path> sandboxDirs;
    private final Supplier<String> hostHostname;
    private final Function<String, String> readFile;
    /** The host's AppArmor: a Localhost profile must be loaded, RuntimeDefault is the engine's default. */
    private final AppArmorProfiles appArmor;

    /**
     * @param sandboxes   a sandbox as it is now, by ID (NOT_FOUND when unknown)
     * @param sandboxDirs a sandbox's run directory (its hostname, hosts and resolv.conf)
     */
    public CriContainers(ContainerEngine engine, Function<String, PodSandbox> sandboxes, ContainerImages images,
            Function<String, Path> sandboxDirs, Supplier<String> hostHostname, Function<String, String> readFile,
            AppArmorProfiles appArmor) {
        this.engine = engine;
        this.sandboxes = sandboxes;
        this.images = images;
        this.sandboxDirs = sandboxDirs;
        this.hostHostname = hostHostname;
        this.readFile = readFile;
        this.appArmor = appArmor;
    }

    /** With the host's files: Localhost seccomp profiles read from the host. */
    public CriContainers(ContainerEngine engine, Function<String, PodSandbox> sandboxes, ContainerImages images,
            Function<String, Path> sandboxDirs, Supplier<String> hostHostname, AppArmorProfiles appArmor) {
        this(engine, sandboxes, images, sandboxDirs, hostHostname, ContainerRequests::readFile, appArmor);
    }

    public String create(String sandboxId, ContainerConfig config) {
        PodSandbox s = readySandbox(sandboxId);
        if (!config.hasMetadata() || config.getMetadata().getName().isEmpty()) {
            throw EngineException.invalid("container config must include metadata");
        }
        String name = ContainerRequests.name(config, s);
        engine.holderOf(name).ifPresent(holder -> {
            throw nameReserved(name, holder);
        });
        String spec = config.getImage().getImage();
        String imageId = images.find(spec).orElseThrow(() -> EngineException.notFound("failed to resolve image \""
                + spec + "\": not found"));
        ContainerRequests.Translated t = ContainerRequests.translate(config, s, imageId,
                new ContainerRequests.Context(hostHostname, sandboxDirs.apply(s.id()), this::runningPid,
                        readFile, appArmor));
        for (dev.jdock.daemon.cri.v1.Mount m : config.getMountsList()) {
            ensureHostPath(m.getHostPath());
        }
        String id;
        try {
            id = engine.create(t.name(), t.request(), t.link());
        } catch (EngineException e) {
            // another create of the same name won the store's reservation meanwhile
            if (e.kind() == ErrorKind.CONFLICT && e.getMessage().contains("is already in use")) {
                throw nameReserved(name, engine.holderOf(name).orElse(""));
            }
            throw e;
        }
        checkImageSubPaths(id, config);
        return id;
    }

    /**
     * An image volume's sub path that is certainly not in its image is refused at create, as containerd refuses it
     * (it mounts the image then): the created container is removed again. The layers are the ones the create
     * holds for the mount (the engine numbers image mounts in the order of the config's mounts); what cannot be
     * told without following a link is left to the start.
     */
    private void checkImageSubPaths(String id, ContainerConfig config) {
        int n = 0;
        for (dev.jdock.daemon.cri.v1.Mount m : config.getMountsList()) {
            if (!m.hasImage() || m.getImage().getImage().isEmpty()) {
                continue;
            }
            List<Path> layers = images.mountLayers(id, n++);
            if (!m.getImageSubPath().isEmpty() && !layers.isEmpty()
                    && ImageSubPaths.lookup(layers, m.getImageSubPath()) == ImageSubPaths.Lookup.MISSING) {
                EngineException refused = EngineException.invalid("failed to mount image volume "
                        + m.getContainerPath() + ": sub path \"" + m.getImageSubPath() + "\" does not exist in image "
                        + m.getImage().getImage());
                try {
                    engine.remove(id);
                } catch (RuntimeException e) {
                    refused.addSuppressed(e);
                }
                throw refused;
            }
        }
    }

    /** containerd's error for a name in use (its name index), as ALREADY_EXISTS. */
    private static StatusRuntimeException nameReserved(String name, String holder) {
        return Status.ALREADY_EXISTS.withDescription("failed to reserve container name \"" + name + "\": name \""
                + name + "\" is reserved for \"" + holder + "\"").asRuntimeException();
    }

    /** containerd creates a missing host path of a mount as a directory. */
    private static void ensureHostPath(String hostPath) {
        Path p = Path.of(hostPath);
        if (Files.exists(p)) {
            return;
        }
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw EngineException.system("failed to create host path \"" + hostPath + "\": " + e.getMessage(), e);
        }
    }

    public void start(String ref) {
        ContainerEngine.Snapshot c = get(ref);
        if (CriContainerViews.state(c.state()) != dev.jdock.daemon.cri.v1.ContainerState.CONTAINER_CREATED) {
            throw EngineException.conflict("container is in " + CriContainerViews.state(c.state()) + " state");
        }
        readySandbox(c.link().sandboxId());
        engine.start(c.id());
    }

    /**
     * StopContainer: {@code timeoutSeconds} for the stop signal, then SIGKILL; a stopped or unknown container is no
     * error (the CRI's StopContainer is idempotent; critest stops an ID that never existed).
     */
    public void stop(String ref, long timeoutSeconds) {
        Optional<String> id = resolve(ref);
        if (id.isPresent()) {
            engine.stop(id.get(), Duration.ofSeconds(Math.max(0, timeoutSeconds)));
        }
    }

    /** RemoveContainer: kills it if it runs; an unknown ID is no error (containerd). */
    public void remove(String ref) {
        Optional<String> id = resolve(ref);
        if (id.isPresent()) {
            engine.remove(id.get());
        }
    }

    public ContainerStatus status(String ref) {
        ContainerEngine.Snapshot c = get(ref);
        return withImageRefs(CriContainerViews.status(c, imageNames(c), engine.startedUser(c.id())));
    }

    /**
     * An image volume's {@code image.image_ref} (KEP-5365): the ID of the image it mounts, the value the pull
     * answered, as the kubelet reports the volume's imageID. A mount keeps the image a container mounts (rmi is
     * refused meanwhile), so the name or ID it was created with still resolves to it.
     */
    private ContainerStatus withImageRefs(ContainerStatus st) {
        if (st.getMountsList().stream().noneMatch(m -> m.hasImage())) {
            return st;
        }
        ContainerStatus.Builder b = st.toBuilder();
        for (dev.jdock.daemon.cri.v1.Mount.Builder m : b.getMountsBuilderList()) {
            if (m.hasImage()) {
                images.find(m.getImage().getImage()).ifPresent(id -> m.getImageBuilder().setImageRef(id));
            }
        }
        return b.build();
    }

    /** ContainerStatus' verbose info. */
    public String info(String ref) {
        return CriContainerViews.info(get(ref));
    }

    public List<Container> list(ContainerFilter filter) {
        return engine.list().stream()
                .filter(c -> CriContainerViews.matches(filter, c))
                .sorted(Comparator.comparing(c -> c.record().created()))
                .map(c -> CriContainerViews.item(c, imageNames(c)))
                .toList();
    }

    /** The sandbox's containers, for StopPodSandbox and RemovePodSandbox. */
    public List<String> ofSandbox(String sandboxId) {
        return engine.list().stream().filter(c -> c.link().sandboxId().equals(sandboxId))
                .map(ContainerEngine.Snapshot::id).toList();
    }

    /** UpdateContainerResources: the new limits are stored and applied to a running container's cgroups. */
    public void updateResources(String ref, LinuxContainerResources resources) {
        engine.update(get(ref).id(), ContainerRequests.update(resources));
    }

    /** ReopenContainerLog: the running container's log file is opened again at its path (after a rotation). */
    public void reopenLog(String ref) {
        ContainerEngine.Snapshot c = get(ref);
        if (!c.state().isRunning()) {
            throw EngineException.conflict("container is not running");
        }
        engine.reopenLog(c.id());
    }

    /** ExecSync: {@code timeoutSeconds} 0 waits for the end; each stream kept up to 16 MiB. */
    public ExecSyncResponse execSync(String ref, List<String> cmd, long timeoutSeconds) {
        ContainerEngine.Snapshot c = get(ref);
        if (cmd.isEmpty()) {
            throw EngineException.invalid("exec command must not be empty");
        }
        ContainerEngine.ExecResult r;
        try {
            r = engine.exec(c.id(), cmd, Duration.ofSeconds(Math.max(0, timeoutSeconds)), EXEC_OUTPUT_MAX);
        } catch (ContainerEngine.ExecTimeout e) {
            throw Status.DEADLINE_EXCEEDED.withDescription(e.getMessage() + ": context deadline exceeded")
                    .asRuntimeException();
        }
        return ExecSyncResponse.newBuilder().setExitCode(r.exitCode())
                .setStdout(ByteString.copyFrom(r.stdout())).setStderr(ByteString.copyFrom(r.stderr())).build();
    }

    private CriContainerViews.ImageNames imageNames(ContainerEngine.Snapshot c) {
        String id = c.record().imageId();
        String spec = c.link().metadata().image();
        return images.names(id).map(v -> new CriContainerViews.ImageNames(
                        v.repoTags().isEmpty() ? spec : v.repoTags().get(0),
                        v.repoDigests().isEmpty() ? id : v.repoDigests().get(0)))
                .orElse(new CriContainerViews.ImageNames(spec, id));
    }

    private OptionalInt runningPid(String ref) {
        return resolve(ref).flatMap(engine::find).filter(c -> c.state().isRunning())
                .map(c -> OptionalInt.of(c.state().pid())).orElse(OptionalInt.empty());
    }

    private PodSandbox readySandbox(String id) {
        PodSandbox s = sandboxes.apply(id);
        if (s.state() != PodSandbox.State.SANDBOX_READY) {
            throw EngineException.conflict("sandbox container \"" + s.id() + "\" is not running");
        }
        return s;
    }

    private ContainerEngine.Snapshot get(String ref) {
        return engine.resolve(ref).orElseThrow(() -> EngineException.notFound(
                "an error occurred when try to find container \"" + ref + "\": not found"));
    }

    /** The full ID of a container ID or unique prefix. */
    private Optional<String> resolve(String ref) {
        return engine.resolve(ref).map(ContainerEngine.Snapshot::id);
    }
}
