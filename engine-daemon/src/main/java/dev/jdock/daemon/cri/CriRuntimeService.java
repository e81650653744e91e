package dev.jdock.daemon.cri;

import dev.jdock.daemon.cri.container.CriContainers;
import dev.jdock.daemon.cri.pod.PodSandboxes;
import dev.jdock.daemon.cri.v1.ContainerEventResponse;
import dev.jdock.daemon.cri.v1.ContainerStatsRequest;
import dev.jdock.daemon.cri.v1.GetEventsRequest;
import dev.jdock.daemon.cri.v1.ContainerStatsResponse;
import dev.jdock.daemon.cri.v1.ContainerStatusRequest;
import dev.jdock.daemon.cri.v1.ListContainerStatsRequest;
import dev.jdock.daemon.cri.v1.ListContainerStatsResponse;
import dev.jdock.daemon.cri.v1.ListPodSandboxStatsRequest;
import dev.jdock.daemon.cri.v1.ListPodSandboxStatsResponse;
import dev.jdock.daemon.cri.v1.PodSandboxStatsRequest;
import dev.jdock.daemon.cri.v1.PodSandboxStatsResponse;
import dev.jdock.daemon.cri.v1.ContainerStatusResponse;
import dev.jdock.daemon.cri.v1.CreateContainerRequest;
import dev.jdock.daemon.cri.v1.CreateContainerResponse;
import dev.jdock.daemon.cri.v1.ExecSyncRequest;
import dev.jdock.daemon.cri.v1.ExecSyncResponse;
import dev.jdock.daemon.cri.v1.ListContainersRequest;
import dev.jdock.daemon.cri.v1.ListContainersResponse;
import dev.jdock.daemon.cri.v1.RemoveContainerRequest;
import dev.jdock.daemon.cri.v1.ReopenContainerLogRequest;
import dev.jdock.daemon.cri.v1.ReopenContainerLogResponse;
import dev.jdock.daemon.cri.v1.UpdateContainerResourcesRequest;
import dev.jdock.daemon.cri.v1.UpdateContainerResourcesResponse;
import dev.jdock.daemon.cri.v1.RemoveContainerResponse;
import dev.jdock.daemon.cri.v1.StartContainerRequest;
import dev.jdock.daemon.cri.v1.StartContainerResponse;
import dev.jdock.daemon.cri.v1.StopContainerRequest;
import dev.jdock.daemon.cri.v1.StopContainerResponse;
import dev.jdock.daemon.cri.v1.CgroupDriver;
import dev.jdock.daemon.cri.v1.LinuxRuntimeConfiguration;
import dev.jdock.daemon.cri.stats.CriMetrics;
import dev.jdock.daemon.cri.v1.ListMetricDescriptorsRequest;
import dev.jdock.daemon.cri.v1.ListMetricDescriptorsResponse;
import dev.jdock.daemon.cri.v1.ListPodSandboxMetricsRequest;
import dev.jdock.daemon.cri.v1.ListPodSandboxMetricsResponse;
import dev.jdock.daemon.cri.v1.AttachRequest;
import dev.jdock.daemon.cri.v1.AttachResponse;
import dev.jdock.daemon.cri.v1.ExecRequest;
import dev.jdock.daemon.cri.v1.ExecResponse;
import dev.jdock.daemon.cri.v1.ListPodSandboxRequest;
import dev.jdock.daemon.cri.v1.ListPodSandboxResponse;
import dev.jdock.daemon.cri.v1.PodSandboxStatusRequest;
import dev.jdock.daemon.cri.v1.PodSandboxStatusResponse;
import dev.jdock.daemon.cri.v1.PortForwardRequest;
import dev.jdock.daemon.cri.v1.PortForwardResponse;
import dev.jdock.daemon.cri.v1.RemovePodSandboxRequest;
import dev.jdock.daemon.cri.v1.RemovePodSandboxResponse;
import dev.jdock.daemon.cri.v1.RunPodSandboxRequest;
import dev.jdock.daemon.cri.v1.RunPodSandboxResponse;
import dev.jdock.daemon.cri.v1.RuntimeCondition;
import dev.jdock.daemon.cri.v1.RuntimeConfigRequest;
import dev.jdock.daemon.cri.v1.RuntimeConfigResponse;
import dev.jdock.daemon.cri.v1.RuntimeHandler;
import dev.jdock.daemon.cri.v1.RuntimeFeatures;
import dev.jdock.daemon.cri.v1.RuntimeHandlerFeatures;
import dev.jdock.daemon.cri.v1.RuntimeServiceGrpc;
import dev.jdock.daemon.cri.v1.RuntimeStatus;
import dev.jdock.daemon.cri.v1.StatusRequest;
import dev.jdock.daemon.cri.v1.StatusResponse;
import dev.jdock.daemon.cri.v1.StopPodSandboxRequest;
import dev.jdock.daemon.cri.v1.StopPodSandboxResponse;
import dev.jdock.daemon.cri.v1.UpdateRuntimeConfigRequest;
import dev.jdock.daemon.cri.v1.UpdateRuntimeConfigResponse;
import dev.jdock.daemon.cri.v1.VersionRequest;
import dev.jdock.daemon.cri.v1.VersionResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.MessageLite;
import dev.jdock.daemon.cri.v1.StreamContainerStatsRequest;
import dev.jdock.daemon.cri.v1.StreamContainerStatsResponse;
import dev.jdock.daemon.cri.v1.StreamContainersRequest;
import dev.jdock.daemon.cri.v1.StreamContainersResponse;
import dev.jdock.daemon.cri.v1.StreamPodSandboxMetricsRequest;
import dev.jdock.daemon.cri.v1.StreamPodSandboxMetricsResponse;
import dev.jdock.daemon.cri.v1.StreamPodSandboxStatsRequest;
import dev.jdock.daemon.cri.v1.StreamPodSandboxStatsResponse;
import dev.jdock.daemon.cri.v1.StreamPodSandboxesRequest;
import dev.jdock.daemon.cri.v1.StreamPodSandboxesResponse;
import dev.jdock.daemon.cri.v1.UpdatePodSandboxResourcesRequest;
import dev.jdock.daemon.cri.v1.UpdatePodSandboxResourcesResponse;
import dev.jdock.runtime.spec.MsFlags;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code runtime.v1.RuntimeService}: Version, Status, RuntimeConfig, UpdateRuntimeConfig and the metric calls,
 * answered as containerd answers them, the pod sandbox calls on {@link PodSandboxes}, the container calls on
 * {@link CriContainers}, the stats ({@link CriStats}) and events ({@link CriEvents}), the {@code Stream*} twins of
 * the list calls ({@link ListStream}), and Exec, Attach and PortForward (URLs of the streaming server,
 * {@link CriStreaming}); CheckpointContainer gets the generated base's UNIMPLEMENTED status, as from containerd.
 */
final class CriRuntimeService extends RuntimeServiceGrpc.RuntimeServiceImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(CriRuntimeService.class);
    private static final ObjectMapper INFO_JSON = new ObjectMapper();
    /** The version of the kubelet runtime API (the v1alpha1 numbering the kubelet still checks). */
    static final String KUBELET_API_VERSION = "0.1.0";
    static final String RUNTIME_NAME = "jdock";
    static final String RUNTIME_API_VERSION = "v1";
    static final String RUNTIME_READY = "RuntimeReady";
    static final String NETWORK_READY = "NetworkReady";

    /** How long StopPodSandbox and RemovePodSandbox give the infra process after SIGTERM. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final String runtimeVersion;
    private final Supplier<Readiness> runtime;
    private final Supplier<Readiness> network;
    private final PodSandboxes sandboxes;
    private final CriContainers containers;
    private final CriStats stats;
    private final CriEvents events;
    private final CgroupDriver cgroupDriver;
    /** The node's pod CIDR from the kubelet's last UpdateRuntimeConfig ("" before any). */
    private volatile String podCidr = "";
    private final CriStreaming streaming;
    private final UsernsSupport userns;

    /** Without streaming: Exec, Attach and PortForward answer UNIMPLEMENTED (tests). */
    CriRuntimeService(String runtimeVersion, Supplier<Readiness> runtime, Supplier<Readiness> network,
            PodSandboxes sandboxes, CriContainers containers, CriStats stats, CriEvents events, String cgroupDriver) {
        this(runtimeVersion, runtime, network, sandboxes, containers, stats, events, null, cgroupDriver);
    }

    /**
     * @param runtimeVersion jdockd's own (semver)
     * @param runtime        asked at every Status call
     * @param network        asked at every Status call
     * @param cgroupDriver   the daemon's cgroup driver ({@code systemd} or {@code cgroupfs}), for RuntimeConfig
     */
    CriRuntimeService(String runtimeVersion, Supplier<Readiness> runtime, Supplier<Readiness> network,
            PodSandboxes sandboxes, CriContainers containers, CriStats stats, CriEvents events,
            CriStreaming streaming, String cgroupDriver) {
        this(runtimeVersion, runtime, network, sandboxes, containers, stats, events, streaming, cgroupDriver,
                UsernsSupport.fixed(false, "not probed"));
    }

    /** @param userns advertised as the default handler's {@code user_namespaces}, required by a pod in its own */
    CriRuntimeService(String runtimeVersion, Supplier<Readiness> runtime, Supplier<Readiness> network,
            PodSandboxes sandboxes, CriContainers containers, CriStats stats, CriEvents events,
            CriStreaming streaming, String cgroupDriver, UsernsSupport userns) {
        this.userns = userns;
        this.runtimeVersion = runtimeVersion;
        this.runtime = runtime;
        this.network = network;
        this.sandboxes = sandboxes;
        this.containers = containers;
        this.stats = stats;
        this.events = events;
        this.cgroupDriver = "systemd".equals(cgroupDriver) ? CgroupDriver.SYSTEMD : CgroupDriver.CGROUPFS;
        this.streaming = streaming;
    }

    /** Answers with {@code call}'s result, or with the gRPC status of its error. */
    /** A {@code Stream*} call: the list as its unary twin makes it, sent in parts ({@link ListStream}). */
    private static <T extends MessageLite, R> void stream(StreamObserver<R> out, String doing,
            Supplier<List<T>> list, Function<List<T>, R> message) {
        List<T> items;
        try {
            items = list.get();
        } catch (RuntimeException e) {
            out.onError(CriStatus.of(e, doing));
            return;
        }
        ListStream.send(out, items, message);
    }

    private static <T> void answer(StreamObserver<T> out, String doing, Supplier<T> call) {
        T result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            out.onError(CriStatus.of(e, doing));
            return;
        }
        out.onNext(result);
        out.onCompleted();
    }

    @Override
    public void runPodSandbox(RunPodSandboxRequest request, StreamObserver<RunPodSandboxResponse> out) {
        answer(out, "failed to run pod sandbox", () -> {
            PodSandboxes.Request req = SandboxViews.request(request.getConfig(), request.getRuntimeHandler(),
                    cgroupDriver == CgroupDriver.SYSTEMD);
            if (req.namespaces().userns() != null) {
                userns.require();
            }
            return RunPodSandboxResponse.newBuilder().setPodSandboxId(sandboxes.run(req).id()).build();
        });
    }

    @Override
    public void stopPodSandbox(StopPodSandboxRequest request, StreamObserver<StopPodSandboxResponse> out) {
        answer(out, "failed to stop sandbox \"" + request.getPodSandboxId() + "\"", () -> {
            sandboxes.stop(request.getPodSandboxId(), STOP_GRACE);
            return StopPodSandboxResponse.getDefaultInstance();
        });
    }

    @Override
    public void removePodSandbox(RemovePodSandboxRequest request, StreamObserver<RemovePodSandboxResponse> out) {
        answer(out, "failed to remove sandbox \"" + request.getPodSandboxId() + "\"", () -> {
            sandboxes.remove(request.getPodSandboxId(), STOP_GRACE);
            return RemovePodSandboxResponse.getDefaultInstance();
        });
    }

    @Override
    public void podSandboxStatus(PodSandboxStatusRequest request, StreamObserver<PodSandboxStatusResponse> out) {
        answer(out, "", () -> {
            dev.jdock.daemon.cri.pod.PodSandbox s = sandboxes.status(request.getPodSandboxId());
            PodSandboxStatusResponse.Builder b = PodSandboxStatusResponse.newBuilder()
                    .setStatus(SandboxViews.status(s)).setTimestamp(System.currentTimeMillis() * 1_000_000L);
            if (request.getVerbose()) {
                b.putInfo("info", infoJson(SandboxViews.info(s)));
            }
            return b.build();
        });
    }

    @Override
    public void listPodSandbox(ListPodSandboxRequest request, StreamObserver<ListPodSandboxResponse> out) {
        answer(out, "", () -> ListPodSandboxResponse.newBuilder()
                .addAllItems(sandboxes.list(SandboxViews.filter(request.getFilter())).stream()
                        .map(SandboxViews::item).toList())
                .build());
    }

    @Override
    public void streamPodSandboxes(StreamPodSandboxesRequest request,
            StreamObserver<StreamPodSandboxesResponse> out) {
        stream(out, "", () -> sandboxes.list(SandboxViews.filter(request.getFilter())).stream()
                .map(SandboxViews::item).toList(),
                items -> StreamPodSandboxesResponse.newBuilder().addAllPodSandboxes(items).build());
    }

    /**
     * Best effort, after the kubelet resized the pod's cgroups itself (in-place resize): nothing of jdockd's holds
     * pod-level resources (no NRI, no VM), so a known sandbox is answered OK and an unknown one NOT_FOUND, as CRI-O.
     */
    @Override
    public void updatePodSandboxResources(UpdatePodSandboxResourcesRequest request,
            StreamObserver<UpdatePodSandboxResourcesResponse> out) {
        answer(out, "", () -> {
            sandboxes.status(request.getPodSandboxId());
            return UpdatePodSandboxResourcesResponse.getDefaultInstance();
        });
    }

    @Override
    public void exec(ExecRequest request, StreamObserver<ExecResponse> out) {
        if (streaming == null) {
            super.exec(request, out);
            return;
        }
        answer(out, "failed to prepare exec endpoint", () -> ExecResponse.newBuilder()
                .setUrl(streaming.exec(request)).build());
    }

    @Override
    public void attach(AttachRequest request, StreamObserver<AttachResponse> out) {
        if (streaming == null) {
            super.attach(request, out);
            return;
        }
        answer(out, "failed to prepare attach endpoint", () -> AttachResponse.newBuilder()
                .setUrl(streaming.attach(request)).build());
    }

    @Override
    public void portForward(PortForwardRequest request, StreamObserver<PortForwardResponse> out) {
        if (streaming == null) {
            super.portForward(request, out);
            return;
        }
        answer(out, "failed to prepare port forward endpoint", () -> PortForwardResponse.newBuilder()
                .setUrl(streaming.portForward(request)).build());
    }

    @Override
    public void createContainer(CreateContainerRequest request, StreamObserver<CreateContainerResponse> out) {
        answer(out, "failed to create container", () -> CreateContainerResponse.newBuilder()
                .setContainerId(containers.create(request.getPodSandboxId(), request.getConfig())).build());
    }

    @Override
    public void startContainer(StartContainerRequest request, StreamObserver<StartContainerResponse> out) {
        answer(out, "failed to start container \"" + request.getContainerId() + "\"", () -> {
            containers.start(request.getContainerId());
            return StartContainerResponse.getDefaultInstance();
        });
    }

    @Override
    public void stopContainer(StopContainerRequest request, StreamObserver<StopContainerResponse> out) {
        answer(out, "failed to stop container \"" + request.getContainerId() + "\"", () -> {
            containers.stop(request.getContainerId(), request.getTimeout());
            return StopContainerResponse.getDefaultInstance();
        });
    }

    @Override
    public void removeContainer(RemoveContainerRequest request, StreamObserver<RemoveContainerResponse> out) {
        answer(out, "failed to remove container \"" + request.getContainerId() + "\"", () -> {
            containers.remove(request.getContainerId());
            return RemoveContainerResponse.getDefaultInstance();
        });
    }

    @Override
    public void listContainers(ListContainersRequest request, StreamObserver<ListContainersResponse> out) {
        answer(out, "", () -> ListContainersResponse.newBuilder()
                .addAllContainers(containers.list(request.getFilter())).build());
    }

    @Override
    public void streamContainers(StreamContainersRequest request, StreamObserver<StreamContainersResponse> out) {
        stream(out, "", () -> containers.list(request.getFilter()),
                items -> StreamContainersResponse.newBuilder().addAllContainers(items).build());
    }

    @Override
    public void containerStatus(ContainerStatusRequest request, StreamObserver<ContainerStatusResponse> out) {
        answer(out, "", () -> {
            ContainerStatusResponse.Builder b = ContainerStatusResponse.newBuilder()
                    .setStatus(containers.status(request.getContainerId()));
            if (request.getVerbose()) {
                b.putInfo("info", containers.info(request.getContainerId()));
            }
            return b.build();
        });
    }

    @Override
    public void updateContainerResources(UpdateContainerResourcesRequest request,
            StreamObserver<UpdateContainerResourcesResponse> out) {
        answer(out, "failed to update resources", () -> {
            containers.updateResources(request.getContainerId(), request.getLinux());
            return UpdateContainerResourcesResponse.getDefaultInstance();
        });
    }

    @Override
    public void reopenContainerLog(ReopenContainerLogRequest request,
            StreamObserver<ReopenContainerLogResponse> out) {
        answer(out, "failed to reopen container log \"" + request.getContainerId() + "\"", () -> {
            containers.reopenLog(request.getContainerId());
            return ReopenContainerLogResponse.getDefaultInstance();
        });
    }

    @Override
    public void execSync(ExecSyncRequest request, StreamObserver<ExecSyncResponse> out) {
        answer(out, "failed to exec in container", () -> containers.execSync(request.getContainerId(),
                request.getCmdList(), request.getTimeout()));
    }

    @Override
    public void version(VersionRequest request, StreamObserver<VersionResponse> out) {
        out.onNext(VersionResponse.newBuilder()
                .setVersion(KUBELET_API_VERSION)
                .setRuntimeName(RUNTIME_NAME)
                .setRuntimeVersion(runtimeVersion)
                .setRuntimeApiVersion(RUNTIME_API_VERSION)
                .build());
        out.onCompleted();
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> out) {
        Readiness net = network.get();
        StatusResponse.Builder b = StatusResponse.newBuilder()
                .setStatus(RuntimeStatus.newBuilder()
                        .addConditions(condition(RUNTIME_READY, runtime.get()))
                        .addConditions(condition(NETWORK_READY, net)))
                // the default handler (""), as containerd lists it: recursive read-only mounts and user
                // namespaces where this host has what they need (UsernsSupport)
                .addRuntimeHandlers(RuntimeHandler.newBuilder().setName("")
                        .setFeatures(RuntimeHandlerFeatures.newBuilder()
                                .setRecursiveReadOnlyMounts(MsFlags.recursiveReadOnlySupported())
                                .setUserNamespaces(userns.answer().supported())))
                // SupplementalGroupsPolicy Strict and ContainerStatus.user (the init reports what it set)
                .setFeatures(RuntimeFeatures.newBuilder().setSupplementalGroupsPolicy(true));
        if (request.getVerbose()) {
            b.putAllInfo(verboseInfo(net));
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    /**
     * {@code crictl info}'s extra: as containerd's keys, {@code config} (the CRI's own settings, JSON) and
     * {@code lastCNILoadStatus} ("OK", or why no pod network is ready).
     */
    Map<String, String> verboseInfo(Readiness net) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("runtimeName", RUNTIME_NAME);
        config.put("runtimeVersion", runtimeVersion);
        config.put("cgroupDriver", cgroupDriver == CgroupDriver.SYSTEMD ? "systemd" : "cgroupfs");
        config.put("runtimeHandlers", List.of(""));
        config.put("streamServerUrl", streaming == null ? "" : streaming.baseUrl());
        config.put("podCidr", podCidr);
        config.put("maxContainerEventStreams", CriEvents.MAX_STREAMS);
        return Map.of("config", infoJson(config), "lastCNILoadStatus", net.ready() ? "OK" : net.message());
    }

    /** A verbose answer's value: JSON, as crictl reads each one. */
    private static String infoJson(Map<String, Object> info) {
        try {
            return INFO_JSON.writeValueAsString(info);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }


    private static RuntimeCondition condition(String type, Readiness r) {
        return RuntimeCondition.newBuilder().setType(type).setStatus(r.ready()).setReason(r.reason())
                .setMessage(r.message()).build();
    }

    /**
     * The cgroup driver the kubelet must use: the daemon's own (the kubelet asks once, at its start, and builds its
     * pod cgroup hierarchy for it).
     */
    @Override
    public void runtimeConfig(RuntimeConfigRequest request, StreamObserver<RuntimeConfigResponse> out) {
        out.onNext(RuntimeConfigResponse.newBuilder()
                .setLinux(LinuxRuntimeConfiguration.newBuilder().setCgroupDriver(cgroupDriver))
                .build());
        out.onCompleted();
    }

    /**
     * The node's pod CIDR, which the kubelet sends when it learns it. Kept and logged; containerd without a CNI
     * config template does the same (the conflist in the CNI directory, jdockd's default one included, keeps its
     * own subnet).
     */
    @Override
    public void updateRuntimeConfig(UpdateRuntimeConfigRequest request,
            StreamObserver<UpdateRuntimeConfigResponse> out) {
        String cidr = request.getRuntimeConfig().getNetworkConfig().getPodCidr();
        if (!cidr.isEmpty() && !cidr.equals(podCidr)) {
            podCidr = cidr;
            LOG.info("CRI: the kubelet's pod CIDR is {}; the CNI configuration keeps its own subnet", cidr);
        }
        out.onNext(UpdateRuntimeConfigResponse.getDefaultInstance());
        out.onCompleted();
    }

    /** The pod CIDR from the last UpdateRuntimeConfig, "" before any. */
    String podCidr() {
        return podCidr;
    }

    /** cAdvisor's metrics that jdockd serves ({@link CriMetrics}): names, help and sorted label keys. */
    @Override
    public void listMetricDescriptors(ListMetricDescriptorsRequest request,
            StreamObserver<ListMetricDescriptorsResponse> out) {
        out.onNext(ListMetricDescriptorsResponse.newBuilder().addAllDescriptors(CriMetrics.DESCRIPTORS).build());
        out.onCompleted();
    }

    /** Every ready pod with its metrics and those of its running containers ({@link CriStats#podMetrics}). */
    @Override
    public void listPodSandboxMetrics(ListPodSandboxMetricsRequest request,
            StreamObserver<ListPodSandboxMetricsResponse> out) {
        answer(out, "failed to list pod sandbox metrics", () -> ListPodSandboxMetricsResponse.newBuilder()
                .addAllPodMetrics(stats.podMetrics()).build());
    }

    /** What {@link #listPodSandboxMetrics} lists, in parts. */
    @Override
    public void streamPodSandboxMetrics(StreamPodSandboxMetricsRequest request,
            StreamObserver<StreamPodSandboxMetricsResponse> out) {
        stream(out, "failed to list pod sandbox metrics", stats::podMetrics,
                items -> StreamPodSandboxMetricsResponse.newBuilder().addAllPodSandboxMetrics(items).build());
    }

    @Override
    public void containerStats(ContainerStatsRequest request, StreamObserver<ContainerStatsResponse> out) {
        answer(out, "failed to get container stats", () -> ContainerStatsResponse.newBuilder()
                .setStats(stats.container(request.getContainerId())).build());
    }

    @Override
    public void listContainerStats(ListContainerStatsRequest request,
            StreamObserver<ListContainerStatsResponse> out) {
        answer(out, "failed to list container stats", () -> ListContainerStatsResponse.newBuilder()
                .addAllStats(stats.containers(request.getFilter())).build());
    }

    @Override
    public void streamContainerStats(StreamContainerStatsRequest request,
            StreamObserver<StreamContainerStatsResponse> out) {
        stream(out, "failed to list container stats", () -> stats.containers(request.getFilter()),
                items -> StreamContainerStatsResponse.newBuilder().addAllContainerStats(items).build());
    }

    @Override
    public void podSandboxStats(PodSandboxStatsRequest request, StreamObserver<PodSandboxStatsResponse> out) {
        answer(out, "failed to get pod sandbox stats", () -> PodSandboxStatsResponse.newBuilder()
                .setStats(stats.sandbox(request.getPodSandboxId())).build());
    }

    @Override
    public void listPodSandboxStats(ListPodSandboxStatsRequest request,
            StreamObserver<ListPodSandboxStatsResponse> out) {
        answer(out, "failed to list pod sandbox stats", () -> ListPodSandboxStatsResponse.newBuilder()
                .addAllStats(stats.sandboxes(request.getFilter())).build());
    }

    @Override
    public void streamPodSandboxStats(StreamPodSandboxStatsRequest request,
            StreamObserver<StreamPodSandboxStatsResponse> out) {
        stream(out, "failed to list pod sandbox stats", () -> stats.sandboxes(request.getFilter()),
                items -> StreamPodSandboxStatsResponse.newBuilder().addAllPodSandboxStats(items).build());
    }

    /** The CRI containers' lifecycle events, streamed until the client cancels ({@link CriEvents}). */
    @Override
    public void getContainerEvents(GetEventsRequest request, StreamObserver<ContainerEventResponse> out) {
        events.stream(out);
    }
}
