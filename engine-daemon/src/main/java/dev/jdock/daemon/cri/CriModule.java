package dev.jdock.daemon.cri;

import dev.jdock.daemon.container.SeccompPrograms;
import dev.jdock.daemon.cri.cni.ChildProcessExec;
import dev.jdock.daemon.cri.cni.CniConfigs;
import dev.jdock.daemon.cri.cni.DefaultConflist;
import dev.jdock.daemon.cri.cni.PluginPath;
import dev.jdock.daemon.cri.cni.PodNetns;
import dev.jdock.daemon.cri.cni.PodNetwork;
import dev.jdock.daemon.cri.cni.ResultCache;
import dev.jdock.daemon.cri.container.ContainerEngine;
import dev.jdock.daemon.cri.container.ContainerImages;
import dev.jdock.daemon.cri.container.CriContainers;
import dev.jdock.daemon.cri.container.SandboxMembers;
import dev.jdock.daemon.cri.pod.NativeInfraRuntime;
import dev.jdock.daemon.cri.stream.RequestCache;
import dev.jdock.daemon.cri.stream.StreamTargets;
import dev.jdock.daemon.cri.stream.StreamingServer;
import dev.jdock.daemon.cri.pod.PodNetworking;
import dev.jdock.daemon.cri.pod.PodSandboxStore;
import dev.jdock.daemon.cri.pod.PodSandboxes;
import dev.jdock.daemon.cri.pod.PodShm;
import dev.jdock.daemon.config.TlsSettings;
import dev.jdock.daemon.events.EventBus;
import dev.jdock.daemon.server.ServerTls;
import io.netty.handler.ssl.SslContext;
import dev.jdock.runtime.cgroup.CgroupManager;
import dev.jdock.runtime.syscall.Syscalls;
import java.time.Instant;
import dev.jdock.runtime.process.NativeBinaries;
import io.grpc.BindableService;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes CRI feature: {@code runtime.v1.RuntimeService} (the pod sandboxes, their containers, stats,
 * events and the streaming calls) and {@code runtime.v1.ImageService} on the daemon's image store, served on their
 * own UNIX socket ({@code --cri-socket}), and the streaming server on loopback, from {@link #listen} to
 * {@link #close}. The pod sandboxes' network comes from the CNI directory ({@code --cni-conf-dir}), where the default
 * network is installed when it holds none.
 */
public final class CriModule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CriModule.class);

    private final List<BindableService> services;
    private final Path cniConfDir;
    private final PodSandboxes sandboxes;
    private final StreamingServer streaming;
    private final StreamTargets targets;
    private final StreamingServer.Listen streamListen;
    /** Null until {@link #listen} and after {@link #close}. */
    private CriServer server;

    /**
     * @param runtimeVersion jdockd's version, for Version
     * @param binaries       the native helpers, whose presence is RuntimeReady
     * @param cniConfDir     the CNI configuration directory, whose first valid network config is NetworkReady
     * @param images         the daemon's image store
     * @param events         the daemon's event bus, whose CRI container events GetContainerEvents streams
     * @param targets        what the streaming server's Exec, Attach and PortForward sessions run on
     * @param streamListen   where the streaming server listens, with or without TLS
     * @param cgroupDriver   the daemon's cgroup driver ({@code systemd} or {@code cgroupfs}), told to the kubelet
     * @param userns         whether pods may ask for their own user namespace here
     */
    public CriModule(String runtimeVersion, NativeBinaries binaries, Path cniConfDir, CriImages images,
            PodSandboxes sandboxes, CriContainers containers, CriStats stats, EventBus events, StreamTargets targets,
            StreamingServer.Listen streamListen, String cgroupDriver, UsernsSupport userns) {
        this.cniConfDir = cniConfDir;
        this.streamListen = streamListen;
        this.sandboxes = sandboxes;
        this.targets = targets;
        this.streaming = new StreamingServer(new RequestCache(), targets, StreamingServer.Limits.DEFAULT);
        this.services = List.of(
                new CriRuntimeService(runtimeVersion, new RuntimeReadiness(binaries)::check,
                        new NetworkReadiness(cniConfDir)::check, sandboxes, containers, stats,
                        new CriEvents(events, sandboxes, containers), new CriStreaming(streaming, targets),
                        cgroupDriver, userns),
                new CriImageService(images));
    }

    /**
     * The CRI containers: jdock containers of the daemon's {@code engine} in the {@code sandboxes}, their images from
     * {@code images}, the pod's files from the infra run directories under {@code <exec-root>/cri/sandboxes}.
     */
    public static CriContainers containers(ContainerEngine engine, PodSandboxes sandboxes, CriImages images,
            Path execRoot, dev.jdock.daemon.container.AppArmorProfiles appArmor) {
        Path runDirs = execRoot.resolve("cri").resolve("sandboxes");
        ContainerImages names = new ContainerImages() {
            @Override
            public java.util.Optional<String> find(String refOrId) {
                return images.find(refOrId);
            }

            @Override
            public java.util.Optional<Names> names(String imageId) {
                return images.view(imageId).map(v -> new Names(v.repoTags(), v.repoDigests()));
            }

            @Override
            public List<Path> mountLayers(String containerId, int n) {
                return images.imageMountLayers(containerId, n);
            }
        };
        return new CriContainers(engine, sandboxes::status, names, runDirs::resolve, CriModule::hostHostname,
                appArmor);
    }

    /** The host's name, as a host-network container's HOSTNAME (jdockd runs in the host's UTS namespace). */
    private static String hostHostname() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The pod sandboxes on the host: records under {@code <data-root>/cri/sandboxes}, CNI results under
     * {@code <data-root>/cri/cni-results}, network namespaces and infra run directories under
     * {@code <exec-root>/cri}, the network from the first valid config in {@code cniConfDir}, its plugins looked up
     * in {@code cniBinDirs}.
     */
    public static PodSandboxes sandboxes(Path dataRoot, Path execRoot, Path cniConfDir, List<Path> cniBinDirs,
            NativeBinaries binaries, CgroupManager cgroups, Syscalls sys, SeccompPrograms seccomp,
            ContainerEngine containers) {
        PodSandboxStore store = new PodSandboxStore(dataRoot.resolve("cri").resolve("sandboxes"));
        store.load();
        ChildProcessExec exec = new ChildProcessExec();
        PodNetns netns = new PodNetns(execRoot.resolve("cri").resolve("netns"), Path.of("/usr/bin/unshare"), exec, sys);
        PodNetwork network = new PodNetwork(new CniConfigs(cniConfDir), new PluginPath(cniBinDirs), exec,
                new ResultCache(dataRoot.resolve("cri").resolve("cni-results")), PodNetwork.DEFAULT_TIMEOUT);
        NativeInfraRuntime infra = new NativeInfraRuntime(execRoot.resolve("cri").resolve("sandboxes"),
                binaries.init(), binaries.monitor(), cgroups, new PodShm(sys), seccomp);
        return new PodSandboxes(store, PodNetworking.cni(netns, network), infra, CriModule::nowNanos,
                new SandboxMembers(containers));
    }

    /** The wall clock in ns since the epoch (the CRI's timestamps). */
    static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /**
     * The socket file of a CRI endpoint: {@code unix:///path} (the kubelet's form) or an absolute path.
     *
     * @throws IllegalArgumentException for any other endpoint (a TCP one: the CRI has no authentication)
     */
    public static Path socketPath(String endpoint) {
        if (endpoint.startsWith("/")) {
            return Path.of(endpoint);
        }
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(endpoint + " is not a unix:///path endpoint");
        }
        if (!"unix".equals(uri.getScheme()) || uri.getRawAuthority() != null || uri.getPath() == null
                || !uri.getPath().startsWith("/") || uri.getPath().length() < 2) {
            throw new IllegalArgumentException(endpoint + " is not a unix:///path endpoint");
        }
        return Path.of(uri.getPath());
    }

    /**
     * Serves the CRI on {@code endpoint} with its channels on {@code group} (the caller's, shared). First installs
     * the default network when the CNI directory holds no configuration (the kubelet sends no RunPodSandbox while
     * NetworkReady is false, so it cannot wait for one), and reconciles the sandboxes with their infra processes
     * (a jdockd restart: those whose infra is gone are NOTREADY).
     */
    public synchronized void listen(String endpoint, EventLoopGroup group) throws IOException {
        if (server != null) {
            throw new IllegalStateException("the CRI server already listens on " + server.socket());
        }
        try {
            DefaultConflist.installIfEmpty(new CniConfigs(cniConfDir), DefaultConflist.build())
                    .ifPresent(f -> LOG.info("CRI: installed the default pod network {} ({} on {})", f,
                            DefaultConflist.SUBNET, DefaultConflist.BRIDGE));
        } catch (RuntimeException e) {
            LOG.warn("CRI: could not install the default pod network in {}: {}", cniConfDir, e.getMessage());
        }
        try {
            int marked = sandboxes.reconcile();
            if (marked > 0) {
                LOG.info("CRI: {} pod sandbox(es) whose infra process is gone are NOTREADY", marked);
            }
        } catch (RuntimeException e) { // the kubelet still sees them NOTREADY: status checks the infra each time
            LOG.warn("CRI: reconciling the pod sandboxes: {}", e.toString());
        }
        SslContext tls = streamListen.tlsCert() == null ? null : ServerTls.context(
                new TlsSettings(true, false, null, streamListen.tlsCert(), streamListen.tlsKey(), false));
        try {
            streaming.start(streamListen.address(), tls, group);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the CRI streaming server", e);
        }
        try {
            server = CriServer.start(socketPath(endpoint), group, services);
        } catch (IOException | RuntimeException e) {
            streaming.close();
            throw e;
        }
        LOG.info("CRI listening on unix://{}", server.socket());
    }

    /**
     * Stops the server (the calls in progress get 5 s, then are cancelled) and removes its socket; before the event
     * loop group it shares is shut down. Does nothing when it does not listen.
     */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("CRI server shutdown: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server = null;
            streaming.close();
            targets.close();
        }
    }
}
