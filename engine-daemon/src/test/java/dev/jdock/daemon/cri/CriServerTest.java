package dev.jdock.daemon.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.ListenableFuture;
import dev.jdock.daemon.cri.container.ContainerEngine;
import dev.jdock.daemon.cri.stats.ProcFds;
import dev.jdock.daemon.cri.v1.ContainerConfig;
import dev.jdock.daemon.cri.v1.ContainerFilter;
import dev.jdock.daemon.cri.v1.ContainerMetadata;
import dev.jdock.daemon.cri.v1.ContainerState;
import dev.jdock.daemon.cri.v1.ContainerStatusRequest;
import dev.jdock.daemon.cri.v1.ContainerStatusResponse;
import dev.jdock.daemon.cri.v1.CreateContainerRequest;
import dev.jdock.daemon.cri.v1.ExecSyncRequest;
import dev.jdock.daemon.cri.v1.ExecSyncResponse;
import dev.jdock.daemon.cri.v1.ImageSpec;
import dev.jdock.daemon.cri.v1.RemoveContainerRequest;
import dev.jdock.daemon.cri.v1.StartContainerRequest;
import dev.jdock.daemon.cri.v1.StopContainerRequest;
import dev.jdock.daemon.cri.container.FakeEngine;
import dev.jdock.daemon.cri.container.FakeImages;
import dev.jdock.daemon.cri.container.SandboxMembers;
import dev.jdock.daemon.cri.pod.FakePods;
import dev.jdock.daemon.cri.pod.PodSandboxes;
import dev.jdock.daemon.cri.v1.CgroupDriver;
import dev.jdock.daemon.cri.v1.CheckpointContainerRequest;
import dev.jdock.daemon.cri.v1.DNSConfig;
import dev.jdock.daemon.cri.v1.Int64Value;
import dev.jdock.daemon.cri.v1.LinuxPodSandboxConfig;
import dev.jdock.daemon.cri.container.CriContainers;
import dev.jdock.daemon.cri.v1.ContainerEventResponse;
import dev.jdock.daemon.cri.v1.ContainerEventType;
import dev.jdock.daemon.cri.v1.ContainerStats;
import dev.jdock.daemon.cri.v1.GetEventsRequest;
import dev.jdock.daemon.events.EventBus;
import dev.jdock.daemon.cri.v1.ContainerStatsFilter;
import dev.jdock.daemon.cri.v1.ContainerStatsRequest;
import dev.jdock.daemon.cri.v1.ListContainerStatsRequest;
import dev.jdock.daemon.cri.v1.ListPodSandboxStatsRequest;
import dev.jdock.daemon.cri.v1.PodSandboxStats;
import dev.jdock.daemon.cri.v1.PodSandboxStatsFilter;
import dev.jdock.daemon.cri.v1.PodSandboxStatsRequest;
import dev.jdock.daemon.cri.v1.UpdatePodSandboxResourcesRequest;
import dev.jdock.daemon.cri.v1.LinuxSandboxSecurityContext;
import dev.jdock.daemon.cri.v1.ListContainersRequest;
import dev.jdock.daemon.cri.v1.ListMetricDescriptorsRequest;
import dev.jdock.daemon.cri.v1.ListPodSandboxMetricsRequest;
import dev.jdock.daemon.cri.v1.ListPodSandboxRequest;
import dev.jdock.daemon.cri.v1.NamespaceMode;
import dev.jdock.daemon.cri.v1.NetworkConfig;
import dev.jdock.daemon.cri.v1.NamespaceOption;
import dev.jdock.daemon.cri.v1.PodSandboxConfig;
import dev.jdock.daemon.cri.v1.PodSandboxFilter;
import dev.jdock.daemon.cri.v1.PodSandboxMetadata;
import dev.jdock.daemon.cri.v1.PodSandboxState;
import dev.jdock.daemon.cri.v1.PodSandboxStateValue;
import dev.jdock.daemon.cri.v1.PodSandboxStatus;
import dev.jdock.daemon.cri.v1.PodSandboxStatusRequest;
import dev.jdock.daemon.cri.v1.PortMapping;
import dev.jdock.daemon.cri.v1.RemovePodSandboxRequest;
import dev.jdock.daemon.cri.v1.RunPodSandboxRequest;
import dev.jdock.daemon.cri.v1.RuntimeCondition;
import dev.jdock.daemon.cri.v1.RuntimeConfig;
import dev.jdock.daemon.cri.v1.RuntimeConfigRequest;
import dev.jdock.daemon.cri.v1.RuntimeConfigResponse;
import dev.jdock.daemon.cri.v1.RuntimeServiceGrpc;
import dev.jdock.daemon.cri.v1.SecurityProfile;
import dev.jdock.daemon.cri.v1.StatusRequest;
import dev.jdock.daemon.cri.v1.StatusResponse;
import dev.jdock.daemon.cri.v1.StopPodSandboxRequest;
import dev.jdock.daemon.cri.v1.UpdateRuntimeConfigRequest;
import dev.jdock.daemon.cri.v1.UpdateRuntimeConfigResponse;
import dev.jdock.daemon.cri.v1.VersionRequest;
import dev.jdock.daemon.cri.v1.VersionResponse;
import dev.jdock.daemon.server.HalfCloseSafeEpoll;
import dev.jdock.daemon.server.ServerHeaders;
import dev.jdock.runtime.process.NativeBinaries;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CRI server on a real UNIX socket, called by grpc-java's client over the same transport (epoll, a
 * DomainSocketAddress): the daemon's Netty 4.2 under grpc-netty both ways.
 */
class CriServerTest {
    @TempDir
    Path dir;
    private final FakePods pods = new FakePods();
    private final FakeEngine engine = new FakeEngine();
    private final FakeMetrics metrics = new FakeMetrics();
    private final EventBus bus = new EventBus();
    private final FakeImages images = new FakeImages().add("busybox:latest", "sha256:" + "b".repeat(64));
    private PodSandboxes sandboxes;

    private Path cniDir;
    private Path nativeDir;
    private CriServer server;
    /** The daemon's side: the API server's event loops, which the CRI server shares and does not own. */
    private EventLoopGroup serverGroup;
    private EventLoopGroup clientGroup;
    private ManagedChannel channel;
    private RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime;
    private final List<ManagedChannel> extraChannels = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        cniDir = Files.createDirectories(dir.resolve("net.d"));
        nativeDir = Files.createDirectories(dir.resolve("native"));
        for (String helper : List.of("jdock-monitor", "jdock-init")) {
            Files.createFile(nativeDir.resolve(helper), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        sandboxes = pods.sandboxes(dir.resolve("sandboxes"), new SandboxMembers(engine));
        CriContainers served = engine.containers(sandboxes, images, dir.resolve("pods"));
        CriRuntimeService service = new CriRuntimeService(ServerHeaders.SERVER_VERSION,
                new RuntimeReadiness(new NativeBinaries(nativeDir))::check, new NetworkReadiness(cniDir)::check,
                sandboxes, served,
                metrics.stats(engine, sandboxes), new CriEvents(bus, sandboxes, served), "cgroupfs");
        serverGroup = new MultiThreadIoEventLoopGroup(1, HalfCloseSafeEpoll.factory());
        server = CriServer.start(dir.resolve("run/cri.sock"), serverGroup, List.of(service));
        clientGroup = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(server.socket().toString()))
                .channelType(EpollDomainSocketChannel.class)
                .eventLoopGroup(clientGroup)
                .overrideAuthority("localhost")
                .usePlaintext()
                .build();
        runtime = RuntimeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        for (ManagedChannel ch : extraChannels) {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (clientGroup != null) {
            clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
        serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }

    @Test
    void versionAnswersAsContainerdDoesWithJdocksName() {
        VersionResponse v = runtime.version(VersionRequest.newBuilder().setVersion("v1").build());

        assertEquals("0.1.0", v.getVersion());
        assertEquals("jdock", v.getRuntimeName());
        assertEquals(ServerHeaders.SERVER_VERSION, v.getRuntimeVersion());
        assertEquals("v1", v.getRuntimeApiVersion());
    }

    @Test
    void grpcRunsOnTheDaemonsNettyOfOneVersion() {
        Map<String, Version> netty = Version.identify();

        assertTrue(netty.containsKey("netty-codec-http2"), netty.keySet().toString());
        assertEquals(1, netty.values().stream().map(Version::artifactVersion).distinct().count(),
                netty.toString());
        assertThrows(ClassNotFoundException.class,
                () -> Class.forName("io.grpc.netty.shaded.io.netty.channel.Channel"));
    }

    @Test
    void socketIsOwnerAndGroupOnly() throws Exception {
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(server.socket())));
    }

    @Test
    void statusNetworkIsNotReadyUntilACniConfigListAppears() throws Exception {
        Map<String, RuntimeCondition> before = conditions(runtime.status(StatusRequest.getDefaultInstance()));
        assertTrue(before.get("RuntimeReady").getStatus());
        assertFalse(before.get("NetworkReady").getStatus());
        assertEquals("NetworkPluginNotReady", before.get("NetworkReady").getReason());
        assertTrue(before.get("NetworkReady").getMessage().contains(cniDir.toString()));

        Files.writeString(cniDir.resolve("10-broken.conflist"), "{\"name\": \"x\", \"plugins\": [");
        Files.writeString(cniDir.resolve("05-notes.txt"), "{\"name\": \"x\", \"type\": \"bridge\"}");
        assertFalse(conditions(runtime.status(StatusRequest.getDefaultInstance())).get("NetworkReady").getStatus());

        Files.writeString(cniDir.resolve("20-bridge.conflist"), """
                {"cniVersion": "1.0.0", "name": "jdock-pods",
                 "plugins": [{"type": "bridge", "bridge": "cni0", "ipam": {"type": "host-local"}}]}
                """);
        RuntimeCondition network = conditions(runtime.status(StatusRequest.getDefaultInstance())).get("NetworkReady");
        assertTrue(network.getStatus());
        assertEquals("", network.getReason());
        assertEquals("OK", runtime.status(StatusRequest.newBuilder().setVerbose(true).build())
                .getInfoOrThrow("lastCNILoadStatus"));
    }

    @Test
    void statusAdvertisesTheSupplementalGroupsPolicy_theKubeletsGateForStrictAndContainerUser() {
        assertTrue(runtime.status(StatusRequest.getDefaultInstance()).getFeatures().getSupplementalGroupsPolicy());
    }

    @Test
    void statusRuntimeIsNotReadyWithoutTheMonitor() throws Exception {
        Files.delete(nativeDir.resolve("jdock-monitor"));

        RuntimeCondition r = conditions(runtime.status(StatusRequest.getDefaultInstance())).get("RuntimeReady");

        assertFalse(r.getStatus());
        assertEquals("RuntimeNotReady", r.getReason());
        assertTrue(r.getMessage().contains("jdock-monitor"), r.getMessage());
    }

    @Test
    void statusListsTheDefaultRuntimeHandler() {
        StatusResponse s = runtime.status(StatusRequest.newBuilder().setVerbose(true).build());

        assertEquals(1, s.getRuntimeHandlersCount());
        assertEquals("", s.getRuntimeHandlers(0).getName());
        assertEquals(dev.jdock.runtime.spec.MsFlags.recursiveReadOnlySupported(),
                s.getRuntimeHandlers(0).getFeatures().getRecursiveReadOnlyMounts(), "the kubelet's gate for it");
        assertFalse(s.getRuntimeHandlers(0).getFeatures().getUserNamespaces(), "not probed here");
        // crictl info's extra, as containerd's keys: the CRI's settings, and why the pod network is not ready
        assertTrue(s.getInfoOrThrow("lastCNILoadStatus").contains("no network config found in " + cniDir),
                s.getInfoOrThrow("lastCNILoadStatus"));
        com.fasterxml.jackson.databind.JsonNode config;
        try {
            config = new com.fasterxml.jackson.databind.ObjectMapper().readTree(s.getInfoOrThrow("config"));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertEquals("cgroupfs", config.path("cgroupDriver").asText());
        assertEquals("jdock", config.path("runtimeName").asText());
        assertEquals(0, runtime.status(StatusRequest.getDefaultInstance()).getInfoCount(), "only when verbose");
    }

    @Test
    void aPodInItsOwnUserNamespace_isRefusedWithTheProbesReason_whereItSaysNo() {
        dev.jdock.daemon.cri.v1.IDMapping ids = dev.jdock.daemon.cri.v1.IDMapping.newBuilder().setContainerId(0)
                .setHostId(65536 * 7).setLength(65536).build();
        PodSandboxConfig pod = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("un").setUid("u8").setNamespace("default"))
                .setLinux(dev.jdock.daemon.cri.v1.LinuxPodSandboxConfig.newBuilder().setSecurityContext(
                        dev.jdock.daemon.cri.v1.LinuxSandboxSecurityContext.newBuilder().setNamespaceOptions(
                                dev.jdock.daemon.cri.v1.NamespaceOption.newBuilder().setUsernsOptions(
                                        dev.jdock.daemon.cri.v1.UserNamespace.newBuilder()
                                                .setMode(dev.jdock.daemon.cri.v1.NamespaceMode.POD)
                                                .addUids(ids).addGids(ids)))))
                .build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> runtime.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(pod).build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("user namespaces are not supported on this node: "
                + "not probed"), e.getStatus().getDescription());
        assertTrue(sandboxes.list(new PodSandboxes.Filter(null, null, java.util.Map.of())).stream()
                .noneMatch(sb -> sb.metadata().name().equals("un")), "nothing made");
    }

    @Test
    void updatePodSandboxResources_isOkForAKnownSandbox_notFoundOtherwise() {
        PodSandboxConfig pod = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("rs").setUid("u7").setNamespace("default"))
                .build();
        String sb = runtime.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(pod).build()).getPodSandboxId();
        runtime.updatePodSandboxResources(UpdatePodSandboxResourcesRequest.newBuilder().setPodSandboxId(sb)
                .setResources(dev.jdock.daemon.cri.v1.LinuxContainerResources.newBuilder()
                        .setMemoryLimitInBytes(64 << 20)).build());
        assertEquals(Status.Code.NOT_FOUND, code(() -> runtime.updatePodSandboxResources(
                UpdatePodSandboxResourcesRequest.newBuilder().setPodSandboxId("f".repeat(64)).build())));
    }

    /** KEP-5825's Stream* calls give what their unary twins list, each item once, and an empty list as no message. */
    @Test
    void streamCalls_giveWhatTheListCallsGive() {
        List<String> pods = new ArrayList<>();
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            PodSandboxConfig pod = PodSandboxConfig.newBuilder()
                    .setMetadata(PodSandboxMetadata.newBuilder().setName("s" + i).setUid("su" + i)
                            .setNamespace("default"))
                    .putLabels("i", Integer.toString(i)).setLogDirectory(dir.resolve("slogs").toString()).build();
            String sb = runtime.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(pod).build())
                    .getPodSandboxId();
            pods.add(sb);
            made.add(runtime.createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(sb)
                    .setSandboxConfig(pod).setConfig(ContainerConfig.newBuilder()
                            .setMetadata(ContainerMetadata.newBuilder().setName("c"))
                            .setImage(ImageSpec.newBuilder().setImage("busybox:latest")).setLogPath("c/0.log"))
                    .build()).getContainerId());
        }
        List<String> streamed = new ArrayList<>();
        runtime.streamPodSandboxes(dev.jdock.daemon.cri.v1.StreamPodSandboxesRequest.getDefaultInstance())
                .forEachRemaining(r -> {
                    assertTrue(r.getPodSandboxesCount() >= 1, "lists of at least one");
                    r.getPodSandboxesList().forEach(p -> streamed.add(p.getId()));
                });
        assertEquals(runtime.listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList().stream()
                .map(dev.jdock.daemon.cri.v1.PodSandbox::getId).toList(), streamed);
        assertTrue(streamed.containsAll(pods));

        List<String> containers = new ArrayList<>();
        runtime.streamContainers(dev.jdock.daemon.cri.v1.StreamContainersRequest.newBuilder().setFilter(
                ContainerFilter.newBuilder().setPodSandboxId(pods.get(1))).build())
                .forEachRemaining(r -> r.getContainersList().forEach(c -> containers.add(c.getId())));
        assertEquals(List.of(made.get(1)), containers, "the filter applies");

        List<String> stats = new ArrayList<>();
        runtime.streamContainerStats(dev.jdock.daemon.cri.v1.StreamContainerStatsRequest.getDefaultInstance())
                .forEachRemaining(r -> r.getContainerStatsList().forEach(c -> stats.add(c.getAttributes().getId())));
        assertEquals(runtime.listContainerStats(ListContainerStatsRequest.getDefaultInstance()).getStatsList()
                .stream().map(c -> c.getAttributes().getId()).toList(), stats);
        List<String> podStats = new ArrayList<>();
        runtime.streamPodSandboxStats(dev.jdock.daemon.cri.v1.StreamPodSandboxStatsRequest.newBuilder().setFilter(
                PodSandboxStatsFilter.newBuilder().putLabelSelector("i", "2")).build())
                .forEachRemaining(r -> r.getPodSandboxStatsList().forEach(p -> podStats.add(
                        p.getAttributes().getId())));
        assertEquals(List.of(pods.get(2)), podStats);
        List<String> podMetrics = new ArrayList<>();
        runtime.streamPodSandboxMetrics(dev.jdock.daemon.cri.v1.StreamPodSandboxMetricsRequest.getDefaultInstance())
                .forEachRemaining(r -> r.getPodSandboxMetricsList().forEach(m -> podMetrics.add(
                        m.getPodSandboxId())));
        assertEquals(runtime.listPodSandboxMetrics(ListPodSandboxMetricsRequest.getDefaultInstance())
                .getPodMetricsList().stream().map(dev.jdock.daemon.cri.v1.PodSandboxMetrics::getPodSandboxId)
                .toList(), podMetrics);
        assertTrue(podMetrics.containsAll(pods), "every ready pod (critest's streaming list of pod metrics)");
        assertFalse(runtime.streamContainers(dev.jdock.daemon.cri.v1.StreamContainersRequest.newBuilder()
                .setFilter(ContainerFilter.newBuilder().setId("nothing-matches")).build()).hasNext(),
                "an empty list is no message");
    }

    @Test
    void checkpointContainer_isUnimplemented_asContainerdAnswersIt() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> runtime.checkpointContainer(CheckpointContainerRequest.newBuilder().setContainerId("c1")
                        .setLocation("/tmp/cp.tar").build()));

        assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
    }

    @Test
    void runtimeConfig_tellsTheDaemonsCgroupDriver() {
        assertEquals(CgroupDriver.CGROUPFS,
                runtime.runtimeConfig(RuntimeConfigRequest.getDefaultInstance()).getLinux().getCgroupDriver());

        CriRuntimeService systemd = new CriRuntimeService("1.0.0", () -> Readiness.READY, () -> Readiness.READY,
                sandboxes, engine.containers(sandboxes, images, dir.resolve("pods2")),
                FakeMetrics.none(engine, sandboxes), noEvents(), "systemd");
        List<RuntimeConfigResponse> got = new ArrayList<>();
        systemd.runtimeConfig(RuntimeConfigRequest.getDefaultInstance(), collect(got));
        assertEquals(CgroupDriver.SYSTEMD, got.get(0).getLinux().getCgroupDriver());
    }

    @Test
    void updateRuntimeConfig_keepsThePodCidr_andAnEmptyOneChangesNothing() {
        CriRuntimeService service = new CriRuntimeService("1.0.0", () -> Readiness.READY, () -> Readiness.READY,
                sandboxes, engine.containers(sandboxes, images, dir.resolve("pods2")),
                FakeMetrics.none(engine, sandboxes), noEvents(), "cgroupfs");
        List<UpdateRuntimeConfigResponse> got = new ArrayList<>();
        service.updateRuntimeConfig(UpdateRuntimeConfigRequest.newBuilder().setRuntimeConfig(RuntimeConfig.newBuilder()
                .setNetworkConfig(NetworkConfig.newBuilder().setPodCidr("10.244.0.0/24"))).build(), collect(got));
        service.updateRuntimeConfig(UpdateRuntimeConfigRequest.getDefaultInstance(), collect(got));

        assertEquals(2, got.size());
        assertEquals("10.244.0.0/24", service.podCidr());
        // and over the socket, as the kubelet sends it
        runtime.updateRuntimeConfig(UpdateRuntimeConfigRequest.newBuilder().setRuntimeConfig(RuntimeConfig.newBuilder()
                .setNetworkConfig(NetworkConfig.newBuilder().setPodCidr("10.244.1.0/24"))).build());
    }

    /** No metric is described; each ready pod is listed with its running containers, each without a metric. */
    @Test
    void metricCalls_describeCadvisorsMetrics_andListTheReadyPodsWithValues() {
        PodSandboxConfig pod = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("m").setUid("mu").setNamespace("default"))
                .setLogDirectory(dir.resolve("mlogs").toString()).build();
        String ready = runtime.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(pod).build())
                .getPodSandboxId();
        String running = runtime.createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(ready)
                .setSandboxConfig(pod).setConfig(ContainerConfig.newBuilder()
                        .setMetadata(ContainerMetadata.newBuilder().setName("run"))
                        .setImage(ImageSpec.newBuilder().setImage("busybox:latest")).setLogPath("run/0.log"))
                .build()).getContainerId();
        runtime.createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(ready)
                .setSandboxConfig(pod).setConfig(ContainerConfig.newBuilder()
                        .setMetadata(ContainerMetadata.newBuilder().setName("created"))
                        .setImage(ImageSpec.newBuilder().setImage("busybox:latest")).setLogPath("created/0.log"))
                .build());
        runtime.startContainer(StartContainerRequest.newBuilder().setContainerId(running).build());
        PodSandboxConfig other = pod.toBuilder().setMetadata(PodSandboxMetadata.newBuilder().setName("s")
                .setUid("su").setNamespace("default")).build();
        String stopped = runtime.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(other).build())
                .getPodSandboxId();
        runtime.stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(stopped).build());

        var run = usage(3_500_000_000L, 50_000, 10_000, 2);
        var infra = usage(1_000_000_000L, 5_000, 0, 1);
        metrics.containers.put(running, new dev.jdock.runtime.cgroup.CgroupMetrics(run.cpuTotalNs(), List.of(), 0, 0,
                0, 0, 0, run.memoryUsage(), 0, 0, 0, run.memoryStats(), run.pidsCurrent(), 0,
                List.of(io(8, 0, "Read", 100), io(8, 0, "Write", 300)), List.of(io(8, 0, "Read", 1))));
        metrics.infras.put(ready, new dev.jdock.runtime.cgroup.CgroupMetrics(infra.cpuTotalNs(), List.of(), 0, 0, 0,
                0, 0, infra.memoryUsage(), 0, 0, 0, infra.memoryStats(), infra.pidsCurrent(), 0,
                List.of(io(8, 0, "Read", 20)), List.of(io(8, 0, "Read", 2))));
        metrics.processes.put(running, new ProcFds.Counts(2, 10, 3));
        metrics.processes.put(ready, new ProcFds.Counts(1, 4, 0));
        metrics.deviceNames.put("8:0", "/dev/sda");
        metrics.tasks.put(running, new dev.jdock.daemon.cri.stats.TaskStates.Counts(1, 5, 0, 1));
        metrics.tasks.put(ready, new dev.jdock.daemon.cri.stats.TaskStates.Counts(0, 1, 0, 0));
        metrics.openFiles.put(running, 1024L);
        metrics.schedstats.put(running, new dev.jdock.daemon.cri.stats.Schedstats.Figures(2_000_000_000L, 0, 5));
        metrics.schedstats.put(ready, new dev.jdock.daemon.cri.stats.Schedstats.Figures(3_000_000_000L, 0, 9));
        Map<String, Long> tcp = new java.util.LinkedHashMap<>();
        tcp.put("listen", 1L);
        metrics.sockets.put(ready, new dev.jdock.daemon.cri.stats.NetSockets.Counts(tcp, null, null, null));
        metrics.layers.put(running, new CriImages.LayerUsage("/var/lib/jd/layers", 8192, 3));
        metrics.fileSystems.put("/var/lib/jd/layers", new dev.jdock.daemon.cri.stats.CriMetrics.FileSystem(
                "/dev/vda1", 10L << 30, 655_360, 600_000));
        metrics.podPressures.put(ready, new dev.jdock.runtime.cgroup.CgroupPressure(-1, 0, Optional.empty(),
                Optional.empty(), Optional.empty(), -1, List.of(), -1,
                new dev.jdock.runtime.cgroup.CgroupPressure.Spec(100_000, 150_000, 307, 1L << 28, 0, -1)));

        Map<String, dev.jdock.daemon.cri.v1.MetricDescriptor> described = new HashMap<>();
        runtime.listMetricDescriptors(ListMetricDescriptorsRequest.getDefaultInstance()).getDescriptorsList()
                .forEach(d -> described.put(d.getName(), d));
        assertTrue(described.containsKey("container_cpu_usage_seconds_total"), described.keySet().toString());
        List<dev.jdock.daemon.cri.v1.PodSandboxMetrics> listed = runtime.listPodSandboxMetrics(
                ListPodSandboxMetricsRequest.getDefaultInstance()).getPodMetricsList();
        assertEquals(List.of(ready), listed.stream().map(dev.jdock.daemon.cri.v1.PodSandboxMetrics::getPodSandboxId)
                .toList(), "the ready pod, not the stopped one");
        assertEquals(List.of(running), listed.get(0).getContainerMetricsList().stream()
                .map(dev.jdock.daemon.cri.v1.ContainerMetrics::getContainerId).toList(), "the running container");
        Map<String, String> container = labelled(described, listed.get(0).getContainerMetrics(0).getMetricsList());
        Map<String, String> podLevel = labelled(described, listed.get(0).getMetricsList());
        String engineName = engine.find(running).orElseThrow().record().name();
        assertEquals("3", container.get("container_cpu_usage_seconds_total{container=run,cpu=total,id=" + running
                + ",image=busybox:latest,name=" + engineName + ",namespace=default,pod=m}"), container.toString());
        assertEquals("40000", container.get("container_memory_working_set_bytes{container=run,id=" + running
                + ",image=busybox:latest,name=" + engineName + ",namespace=default,pod=m}"));
        assertEquals("4", podLevel.get("container_cpu_usage_seconds_total{container=,cpu=total,id=" + ready
                + ",image=,name=,namespace=default,pod=m}"), "the infra's and the container's: " + podLevel);
        assertEquals("3", podLevel.get("container_threads{container=,id=" + ready + ",image=,name=,namespace=default,"
                + "pod=m}"));
        assertEquals(1, podLevel.keySet().stream().filter(k -> k.startsWith("container_last_seen{")).count());
        String podLabels = "id=" + ready + ",image=,name=,namespace=default,pod=m}";
        assertEquals("3", podLevel.get("container_processes{container=," + podLabels), "infra and container summed");
        assertEquals("14", podLevel.get("container_file_descriptors{container=," + podLabels));
        assertEquals("3", podLevel.get("container_sockets{container=," + podLabels));
        assertEquals("10", container.get("container_file_descriptors{container=run,id=" + running
                + ",image=busybox:latest,name=" + engineName + ",namespace=default,pod=m}"), "the container's own");
        assertEquals("120", podLevel.get("container_fs_reads_bytes_total{container=,device=/dev/sda," + podLabels),
                "the pod's block I/O: its cgroups' per device");
        assertEquals("3", podLevel.get("container_fs_reads_total{container=,device=/dev/sda," + podLabels));
        assertEquals("300", podLevel.get("container_blkio_device_usage_total{container=,device=/dev/sda,id=" + ready
                + ",image=,major=8,minor=0,name=,namespace=default,operation=Write,pod=m}"));
        assertEquals(Long.toString(java.time.Instant.parse(engine.find(running).orElseThrow().state().startedAt())
                .getEpochSecond()), container.get("container_start_time_seconds{container=run,id=" + running
                + ",image=busybox:latest,name=" + engineName + ",namespace=default,pod=m}"), "its start");
        for (var m : listed.get(0).getContainerMetrics(0).getMetricsList()) {
            assertEquals(metrics.clock.get(), m.getTimestamp(), "the sample's time, ns");
        }
        String own = ",id=" + running + ",image=busybox:latest,name=" + engineName + ",namespace=default,pod=m";
        assertEquals("1024", container.get("container_ulimits_soft{container=run" + own + ",ulimit=max_open_files}"));
        String vda = "{container=run,device=/dev/vda1" + own + "}";
        assertEquals("8192", container.get("container_fs_usage_bytes" + vda), "the writable layer's bytes");
        assertEquals(Long.toString(10L << 30), container.get("container_fs_limit_bytes" + vda), "its file system's");
        assertEquals("655360", container.get("container_fs_inodes_total" + vda));
        assertEquals("600000", container.get("container_fs_inodes_free" + vda));
        assertEquals("5", container.get("container_tasks_state{container=run" + own.replace(",pod=m", ",pod=m,")
                + "state=sleeping}"));
        assertEquals("6", podLevel.get("container_tasks_state{container=," + podLabels.replace("pod=m}",
                "pod=m,state=sleeping}")), "the infra's and the container's");
        assertEquals("1", podLevel.get("container_tasks_state{container=," + podLabels.replace("pod=m}",
                "pod=m,state=uninterruptible}")));
        assertEquals("307", podLevel.get("container_spec_cpu_shares{container=," + podLabels), "its own cgroup's");
        assertEquals("150000", podLevel.get("container_spec_cpu_quota{container=," + podLabels));
        assertEquals(Long.toString(1L << 28), podLevel.get("container_spec_memory_limit_bytes{container=,"
                + podLabels));
        assertEquals(null, podLevel.get("container_spec_memory_swap_limit_bytes{container=," + podLabels),
                "not told");
        assertEquals("1", podLevel.get("container_network_tcp_usage_total{container=," + podLabels.replace("pod=m}",
                "pod=m,tcp_state=listen}")), "the pod's network namespace's sockets");
        assertFalse(container.keySet().stream().anyMatch(k -> k.startsWith("container_network_")),
                "the pod's, not the container's, as its interfaces");
        assertEquals("2", container.get("container_cpu_schedstat_run_seconds_total{container=run" + own + "}"));
        assertEquals("9", podLevel.get("container_cpu_schedstat_run_periods_total{container=," + podLabels),
                "all the pod's processes'");
        assertEquals(List.of(java.util.Set.of(running), java.util.Set.of(ready)), metrics.retained,
                "the figures kept between calls: of what runs");
        assertEquals(null, container.get("container_spec_cpu_shares{container=run" + own + "}"),
                "no settings read for it here");
    }

    /** name{key=value,...} → value of each metric, its keys from its descriptor (as the kubelet renders them). */
    private static Map<String, String> labelled(Map<String, dev.jdock.daemon.cri.v1.MetricDescriptor> described,
            List<dev.jdock.daemon.cri.v1.Metric> metrics) {
        Map<String, String> out = new HashMap<>();
        for (var m : metrics) {
            var d = described.get(m.getName());
            assertTrue(d != null && d.getLabelKeysCount() == m.getLabelValuesCount(), "described: " + m);
            StringBuilder k = new StringBuilder(m.getName()).append('{');
            for (int i = 0; i < d.getLabelKeysCount(); i++) {
                k.append(i == 0 ? "" : ",").append(d.getLabelKeys(i)).append('=').append(m.getLabelValues(i));
            }
            out.put(k.append('}').toString(), Long.toString(m.getValue().getValue()));
        }
        return out;
    }

    private static <T> StreamObserver<T> collect(List<T> into) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                into.add(value);
            }

            @Override
            public void onError(Throwable t) {
                throw new AssertionError(t);
            }

            @Override
            public void onCompleted() {
            }
        };
    }

    @Test
    void closingRemovesTheSocketAndFreesItsPath() throws Exception {
        Path sock = server.socket();
        server.close();
        server = null;
        assertFalse(Files.exists(sock));

        assertFalse(serverGroup.isShuttingDown(), "the shared event loops stay up");
        server = CriServer.start(sock, serverGroup, List.of(new CriRuntimeService("9.9.9", () -> Readiness.READY,
                () -> Readiness.READY, sandboxes, engine.containers(sandboxes, images, dir),
                FakeMetrics.none(engine, sandboxes), noEvents(), "cgroupfs")));
        ManagedChannel again = NettyChannelBuilder.forAddress(new DomainSocketAddress(sock.toString()))
                .channelType(EpollDomainSocketChannel.class).eventLoopGroup(clientGroup)
                .overrideAuthority("localhost").usePlaintext().build();
        try {
            assertEquals("9.9.9", RuntimeServiceGrpc.newBlockingStub(again).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .version(VersionRequest.getDefaultInstance()).getRuntimeVersion());
        } finally {
            again.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStaleSocketFileIsReplaced_andAMissingDirectoryIsCreatedOwnerOnly() throws Exception {
        Path sock = dir.resolve("fresh/dir/cri.sock");
        Files.createDirectories(sock.getParent());
        Files.writeString(sock, "stale: left by a killed daemon");
        try (CriServer other = CriServer.start(sock, serverGroup, List.of(new CriRuntimeService("1.2.3",
                () -> Readiness.READY, () -> Readiness.READY, sandboxes,
                engine.containers(sandboxes, images, dir), FakeMetrics.none(engine, sandboxes), noEvents(), "cgroupfs")))) {
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
            assertEquals("1.2.3", stubFor(sock).version(VersionRequest.getDefaultInstance()).getRuntimeVersion());
        }
        Path nested = dir.resolve("new/cri.sock");
        try (CriServer other = CriServer.start(nested, serverGroup, List.of())) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    nested.getParent())));
        }
    }

    /** A second daemon on the same path would take the socket of the first one's kubelet: it is refused. */
    @Test
    void aSocketAServerAnswersOn_isRefused() {
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> CriServer.start(server.socket(),
                serverGroup, List.of()));

        assertTrue(e.getMessage().contains("in use by another server"), e.getMessage());
        assertEquals(ServerHeaders.SERVER_VERSION, runtime.version(VersionRequest.getDefaultInstance())
                .getRuntimeVersion(), "the first server still serves");
    }

    /** Calls beyond the pool's threads wait in its queue; the threads never exceed the bound. */
    @Test
    void callsRunOnABoundedPool() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        Path sock = dir.resolve("bounded.sock");
        RuntimeServiceGrpc.RuntimeServiceImplBase blocking = new RuntimeServiceGrpc.RuntimeServiceImplBase() {
            @Override
            public void version(VersionRequest request, StreamObserver<VersionResponse> out) {
                running.incrementAndGet();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                out.onNext(VersionResponse.newBuilder().setVersion("ok").build());
                out.onCompleted();
            }
        };
        int calls = CriServer.MAX_CALL_THREADS + 36;
        try (CriServer bounded = CriServer.start(sock, serverGroup, List.of(blocking))) {
            ManagedChannel ch = channelFor(sock);
            try {
                RuntimeServiceGrpc.RuntimeServiceFutureStub async = RuntimeServiceGrpc.newFutureStub(ch)
                        .withDeadlineAfter(30, TimeUnit.SECONDS);
                List<ListenableFuture<VersionResponse>> answers = new ArrayList<>();
                for (int i = 0; i < calls; i++) {
                    answers.add(async.version(VersionRequest.getDefaultInstance()));
                }
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (running.get() < CriServer.MAX_CALL_THREADS && System.nanoTime() < until) {
                    Thread.sleep(20);
                }
                Thread.sleep(200);
                assertEquals(CriServer.MAX_CALL_THREADS, running.get(), "one thread per call up to the bound");
                assertEquals(CriServer.MAX_CALL_THREADS, bounded.callThreads());
                release.countDown();
                for (ListenableFuture<VersionResponse> a : answers) {
                    assertEquals("ok", a.get(20, TimeUnit.SECONDS).getVersion());
                }
                assertEquals(calls, running.get());
                assertTrue(bounded.callThreads() <= CriServer.MAX_CALL_THREADS);
            } finally {
                ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private ManagedChannel channelFor(Path sock) {
        return NettyChannelBuilder.forAddress(new DomainSocketAddress(sock.toString()))
                .channelType(EpollDomainSocketChannel.class).eventLoopGroup(clientGroup)
                .overrideAuthority("localhost").usePlaintext().build();
    }

    @Test
    void aSocketUnderALongExecRoot_isBoundByNameInItsDirectory() throws Exception {
        Path deep = dir.resolve("x".repeat(60)).resolve("y".repeat(60));
        Path sock = deep.resolve("cri.sock");
        assertTrue(sock.toString().length() > 107, "longer than sun_path");
        try (CriServer longOne = CriServer.start(sock, serverGroup, List.of())) {
            assertTrue(((java.nio.file.attribute.BasicFileAttributes) Files.readAttributes(sock,
                    java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)).isOther(),
                    "a socket at " + sock);
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
            IOException e = assertThrows(IOException.class, () -> CriServer.start(sock, serverGroup, List.of()));
            assertTrue(e.getMessage().contains("in use"), e.getMessage()); // reached through the short path
        }
        assertFalse(Files.exists(sock, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void podSandboxCalls_runStatusListStopRemove_asTheKubeletMakesThem() {
        PodSandboxConfig config = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("web").setUid("u1").setNamespace("default"))
                .setHostname("web").putLabels("app", "web").putAnnotations("note", "kept as given")
                .addPortMappings(PortMapping.newBuilder().setContainerPort(80).setHostPort(8080))
                .setLinux(LinuxPodSandboxConfig.newBuilder().setCgroupParent("/kubepods/podu1"))
                .build();
        String id = runtime.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(config).build())
                .getPodSandboxId();
        assertEquals(64, id.length());
        assertEquals(List.of("netns " + id.substring(0, 4), "add 1", "start false"), pods.calls);
        PodSandboxStatus st = runtime.podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(id)
                .build()).getStatus();
        assertEquals(PodSandboxState.SANDBOX_READY, st.getState());
        assertEquals("10.90.0.5", st.getNetwork().getIp());
        assertEquals("web", st.getMetadata().getName());
        assertEquals("kept as given", st.getAnnotationsMap().get("note"));
        assertEquals(NamespaceMode.POD, st.getLinux().getNamespaces().getOptions().getNetwork());
        assertTrue(st.getCreatedAt() > 0);
        assertEquals(0, runtime.podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(id).build())
                .getInfoCount(), "info only when verbose");
        String info = runtime.podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(id)
                .setVerbose(true).build()).getInfoMap().get("info");
        assertTrue(info.matches("\\{\"pid\":[1-9][0-9]*,\"processStatus\":\"running\",\"runtimeHandler\":\"\"}"),
                info); // crictl inspectp's, under containerd's keys
        StatusRuntimeException dup = assertThrows(StatusRuntimeException.class, () -> runtime.runPodSandbox(
                RunPodSandboxRequest.newBuilder().setConfig(config).build()));
        assertTrue(dup.getStatus().getDescription().contains("is reserved for \"" + id + "\""),
                dup.getStatus().toString());
        assertEquals(List.of(id), runtime.listPodSandbox(ListPodSandboxRequest.newBuilder().setFilter(
                PodSandboxFilter.newBuilder().putLabelSelector("app", "web")).build()).getItemsList().stream()
                .map(dev.jdock.daemon.cri.v1.PodSandbox::getId).toList());
        runtime.stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(id).build());
        assertEquals(PodSandboxState.SANDBOX_NOTREADY, runtime.podSandboxStatus(PodSandboxStatusRequest.newBuilder()
                .setPodSandboxId(id).build()).getStatus().getState());
        assertEquals("{\"pid\":0,\"processStatus\":\"stopped\",\"runtimeHandler\":\"\"}", runtime.podSandboxStatus(
                PodSandboxStatusRequest.newBuilder().setPodSandboxId(id).setVerbose(true).build()).getInfoMap()
                .get("info"));
        assertTrue(runtime.listPodSandbox(ListPodSandboxRequest.newBuilder().setFilter(PodSandboxFilter.newBuilder()
                .setState(PodSandboxStateValue.newBuilder().setState(PodSandboxState.SANDBOX_READY))).build())
                .getItemsList().isEmpty());
        runtime.removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(id).build());
        runtime.removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(id).build());
        runtime.stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(id).build()); // idempotent too
        assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class, () -> runtime.podSandboxStatus(
                PodSandboxStatusRequest.newBuilder().setPodSandboxId(id).build())).getStatus().getCode());
        assertEquals(Status.Code.INVALID_ARGUMENT, assertThrows(StatusRuntimeException.class,
                () -> runtime.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(config.toBuilder()
                        .setMetadata(PodSandboxMetadata.newBuilder().setName("x"))).build())).getStatus().getCode());
    }

    @Test
    void aBadCgroupParentOrSysctl_isInvalidArgument_beforeAnyNetworkIsMade() {
        PodSandboxConfig.Builder config = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("web").setUid("u1").setNamespace("default"));
        for (LinuxPodSandboxConfig.Builder linux : List.of(
                LinuxPodSandboxConfig.newBuilder().setCgroupParent("/kubepods/../../sys"),
                LinuxPodSandboxConfig.newBuilder().putSysctls("kernel.panic", "1"),
                LinuxPodSandboxConfig.newBuilder().setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
                        .setNamespaceOptions(NamespaceOption.newBuilder().setNetwork(NamespaceMode.NODE)))
                        .putSysctls("net.ipv4.ip_unprivileged_port_start", "0"))) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> runtime.runPodSandbox(
                    RunPodSandboxRequest.newBuilder().setConfig(config.setLinux(linux)).build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
            assertTrue(e.getStatus().getDescription().startsWith("failed to run pod sandbox: "),
                    e.getStatus().toString());
        }
        assertEquals(List.of(), pods.calls, "nothing to undo");
    }

    @Test
    void theSandboxsSysctlsDnsAndSecurityContext_reachTheRecord() {
        PodSandboxConfig config = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("web").setUid("u1").setNamespace("default"))
                .setDnsConfig(DNSConfig.newBuilder().addServers("10.96.0.10").addSearches("default.svc")
                        .addOptions("ndots:5"))
                .setLinux(LinuxPodSandboxConfig.newBuilder().putSysctls("net.ipv4.ip_unprivileged_port_start", "0")
                        .setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
                                .setRunAsUser(Int64Value.newBuilder().setValue(1000))
                                .setSeccomp(SecurityProfile.newBuilder()
                                        .setProfileType(SecurityProfile.ProfileType.RuntimeDefault))
                                .setReadonlyRootfs(true).setPrivileged(true)))
                .build();
        String id = runtime.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(config).build())
                .getPodSandboxId();
        dev.jdock.daemon.cri.pod.PodSandbox.Linux l = sandboxes.status(id).linux();
        assertEquals(java.util.Map.of("net.ipv4.ip_unprivileged_port_start", "0"), l.sysctls());
        assertEquals(List.of("10.96.0.10"), l.dns().servers());
        assertEquals(List.of("ndots:5"), l.dns().options());
        assertEquals("runtime/default", l.seccomp());
        assertEquals(1000L, l.runAsUser());
        assertEquals(null, l.runAsGroup());
        assertTrue(l.privileged() && l.readonlyRootfs());
        String other = runtime.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(config.toBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("b").setUid("u2").setNamespace("default"))
                .setLinux(LinuxPodSandboxConfig.newBuilder().setSecurityContext(LinuxSandboxSecurityContext
                        .newBuilder().setSeccompProfilePath("docker/default")))).build()).getPodSandboxId();
        assertEquals("runtime/default", sandboxes.status(other).linux().seccomp(), "the deprecated path");
        assertEquals(null, sandboxes.status(other).linux().runAsUser());
    }

    private RuntimeServiceGrpc.RuntimeServiceBlockingStub stubFor(Path sock) {
        ManagedChannel ch = channelFor(sock);
        extraChannels.add(ch);
        return RuntimeServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static Map<String, RuntimeCondition> conditions(StatusResponse s) {
        return s.getStatus().getConditionsList().stream()
                .collect(Collectors.toMap(RuntimeCondition::getType, c -> c));
    }

    @Test
    void containerCalls_overTheSocket_withContainerdsStatusCodes() {
        PodSandboxConfig pod = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("web").setUid("u1").setNamespace("default"))
                .setLogDirectory(dir.resolve("logs").toString()).build();
        String sb = runtime.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(pod).build()).getPodSandboxId();
        CreateContainerRequest create = CreateContainerRequest.newBuilder().setPodSandboxId(sb).setSandboxConfig(pod)
                .setConfig(ContainerConfig.newBuilder().setMetadata(ContainerMetadata.newBuilder().setName("app"))
                        .setImage(ImageSpec.newBuilder().setImage("busybox:latest")).setLogPath("app/0.log"))
                .build();

        String id = runtime.createContainer(create).getContainerId();
        runtime.startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
        ContainerStatusResponse st = runtime.containerStatus(ContainerStatusRequest.newBuilder().setContainerId(id)
                .setVerbose(true).build());
        assertEquals(ContainerState.CONTAINER_RUNNING, st.getStatus().getState());
        assertEquals(dir.resolve("logs/app/0.log").toString(), st.getStatus().getLogPath());
        assertTrue(st.getInfoMap().get("info").contains("\"sandboxID\":\"" + sb + "\""), st.getInfoMap().toString());
        assertEquals(List.of(id), runtime.listContainers(ListContainersRequest.newBuilder().setFilter(
                ContainerFilter.newBuilder().setPodSandboxId(sb)).build()).getContainersList().stream()
                .map(dev.jdock.daemon.cri.v1.Container::getId).toList());
        engine.execResult = new ContainerEngine.ExecResult(4, "hi\n".getBytes(StandardCharsets.UTF_8), new byte[0]);
        ExecSyncResponse ex = runtime.execSync(ExecSyncRequest.newBuilder().setContainerId(id).addCmd("echo")
                .addCmd("hi").setTimeout(3).build());
        assertEquals(4, ex.getExitCode());
        assertEquals("hi\n", ex.getStdout().toStringUtf8());
        assertEquals(Status.Code.ALREADY_EXISTS, code(() -> runtime.createContainer(create)));
        engine.execResult = null;
        assertEquals(Status.Code.DEADLINE_EXCEEDED, code(() -> runtime.execSync(ExecSyncRequest.newBuilder()
                .setContainerId(id).addCmd("sleep").setTimeout(1).build())));
        runtime.stopContainer(StopContainerRequest.newBuilder().setContainerId(id).setTimeout(2).build());
        runtime.stopContainer(StopContainerRequest.newBuilder().setContainerId(id).setTimeout(2).build());
        runtime.removeContainer(RemoveContainerRequest.newBuilder().setContainerId(id).build());
        runtime.removeContainer(RemoveContainerRequest.newBuilder().setContainerId(id).build());
        assertEquals(Status.Code.NOT_FOUND, code(() -> runtime.containerStatus(ContainerStatusRequest.newBuilder()
                .setContainerId(id).build())));
        runtime.stopContainer(StopContainerRequest.newBuilder().setContainerId(id).build()); // idempotent: no error
        runtime.stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(sb).build());
        assertEquals(Status.Code.FAILED_PRECONDITION, code(() -> runtime.createContainer(create)));
        assertEquals(Status.Code.NOT_FOUND, code(() -> runtime.createContainer(create.toBuilder()
                .setPodSandboxId("f".repeat(64)).build())));
    }

    private static Status.Code code(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(StatusRuntimeException.class, call).getStatus().getCode();
    }

    private static dev.jdock.runtime.cgroup.CgroupMetrics.BlkioEntry io(long major, long minor, String op, long v) {
        return new dev.jdock.runtime.cgroup.CgroupMetrics.BlkioEntry(major, minor, op, v);
    }

    private static dev.jdock.runtime.cgroup.CgroupMetrics usage(long cpuNs, long memory, long inactiveFile, long pids) {
        return new dev.jdock.runtime.cgroup.CgroupMetrics(cpuNs, List.of(), 0, 0, 0, 0, 0, memory, 0, 0, 0,
                Map.of("total_inactive_file", inactiveFile, "total_rss", memory / 2), pids, 0, List.of(), List.of());
    }

    @Test
    void statsCalls_containerAndPodUsage_asTheKubeletReadsThem() {
        PodSandboxConfig pod = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("web").setUid("u9").setNamespace("default"))
                .putLabels("app", "web").setLogDirectory(dir.resolve("logs").toString()).build();
        String sb = runtime.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(pod).build()).getPodSandboxId();
        String running = runtime.createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(sb)
                .setSandboxConfig(pod).setConfig(ContainerConfig.newBuilder()
                        .setMetadata(ContainerMetadata.newBuilder().setName("app").setAttempt(2))
                        .putLabels("tier", "front").putAnnotations("note", "kept")
                        .setImage(ImageSpec.newBuilder().setImage("busybox:latest")).setLogPath("app/0.log"))
                .build()).getContainerId();
        String created = runtime.createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(sb)
                .setSandboxConfig(pod).setConfig(ContainerConfig.newBuilder()
                        .setMetadata(ContainerMetadata.newBuilder().setName("side"))
                        .setImage(ImageSpec.newBuilder().setImage("busybox:latest")).setLogPath("side/0.log"))
                .build()).getContainerId();
        runtime.startContainer(StartContainerRequest.newBuilder().setContainerId(running).build());
        metrics.containers.put(running, usage(2_000_000_000L, 50_000, 10_000, 3));
        metrics.containers.put(created, usage(9, 9, 0, 9)); // not running: not read
        metrics.infras.put(sb, usage(1_000_000_000L, 5_000, 0, 1));
        metrics.networks.put(sb, List.of(new dev.jdock.daemon.cri.stats.NetDev.Counters("lo", 1, 0, 1, 0),
                new dev.jdock.daemon.cri.stats.NetDev.Counters("eth0", 700, 0, 300, 0)));

        ContainerStats first = runtime.containerStats(ContainerStatsRequest.newBuilder().setContainerId(running)
                .build()).getStats();
        assertEquals(running, first.getAttributes().getId());
        assertEquals("app", first.getAttributes().getMetadata().getName());
        assertEquals(2, first.getAttributes().getMetadata().getAttempt());
        assertEquals("front", first.getAttributes().getLabelsMap().get("tier"));
        assertEquals("kept", first.getAttributes().getAnnotationsMap().get("note"));
        assertEquals(2_000_000_000L, first.getCpu().getUsageCoreNanoSeconds().getValue());
        assertFalse(first.getCpu().hasUsageNanoCores(), "no rate at the first sample");
        assertEquals(40_000, first.getMemory().getWorkingSetBytes().getValue());
        assertFalse(first.hasSwap() || first.hasIo() || first.getCpu().hasPsi(), "unknown: left out");

        var some = new dev.jdock.runtime.cgroup.CgroupPressure.Data(1500, 2.5, 1.0, 0.5);
        var psi = new dev.jdock.runtime.cgroup.CgroupPressure.Psi(some,
                dev.jdock.runtime.cgroup.CgroupPressure.Data.ZERO);
        metrics.pressures.put(running, new dev.jdock.runtime.cgroup.CgroupPressure(4096, 1 << 20,
                java.util.Optional.of(psi), java.util.Optional.of(psi), java.util.Optional.empty(), -1));
        ContainerStats withPsi = runtime.containerStats(ContainerStatsRequest.newBuilder().setContainerId(running)
                .build()).getStats();
        assertEquals(4096, withPsi.getSwap().getSwapUsageBytes().getValue());
        assertEquals((1 << 20) - 4096, withPsi.getSwap().getSwapAvailableBytes().getValue());
        assertEquals(1_500_000, withPsi.getCpu().getPsi().getSome().getTotal(), "the kernel's us as ns");
        assertEquals(2.5, withPsi.getCpu().getPsi().getSome().getAvg10());
        assertEquals(0.5, withPsi.getMemory().getPsi().getSome().getAvg300());
        assertFalse(withPsi.hasIo(), "no io.pressure: no I/O usage");
        assertEquals(2_000_000_000L, withPsi.getCpu().getUsageCoreNanoSeconds().getValue());
        metrics.pressures.remove(running);

        metrics.clock.addAndGet(2_000_000_000L);
        metrics.containers.put(running, usage(3_000_000_000L, 50_000, 10_000, 3));
        ContainerStats second = runtime.containerStats(ContainerStatsRequest.newBuilder()
                .setContainerId(running.substring(0, 12)).build()).getStats();
        assertEquals(500_000_000L, second.getCpu().getUsageNanoCores().getValue(), "1 s of CPU in 2 s: half a core");

        List<ContainerStats> listed = runtime.listContainerStats(ListContainerStatsRequest.newBuilder()
                .setFilter(ContainerStatsFilter.newBuilder().setPodSandboxId(sb)).build()).getStatsList();
        assertEquals(2, listed.size());
        ContainerStats idle = listed.stream().filter(c -> c.getAttributes().getId().equals(created)).findFirst()
                .orElseThrow();
        assertFalse(idle.hasCpu() || idle.hasMemory(), "a container that does not run has no usage");
        assertEquals(1, runtime.listContainerStats(ListContainerStatsRequest.newBuilder().setFilter(
                ContainerStatsFilter.newBuilder().putLabelSelector("tier", "front")).build()).getStatsCount());
        assertEquals(Status.Code.NOT_FOUND, code(() -> runtime.containerStats(ContainerStatsRequest.newBuilder()
                .setContainerId("f".repeat(64)).build())));

        PodSandboxStats ps = runtime.podSandboxStats(PodSandboxStatsRequest.newBuilder().setPodSandboxId(sb).build())
                .getStats();
        assertEquals("web", ps.getAttributes().getMetadata().getName());
        assertEquals("web", ps.getAttributes().getLabelsMap().get("app"));
        assertEquals(4_000_000_000L, ps.getLinux().getCpu().getUsageCoreNanoSeconds().getValue(),
                "the infra's and the running container's CPU");
        assertEquals(45_000, ps.getLinux().getMemory().getWorkingSetBytes().getValue());
        assertEquals(4, ps.getLinux().getProcess().getProcessCount().getValue());
        assertEquals("eth0", ps.getLinux().getNetwork().getDefaultInterface().getName());
        assertEquals(700, ps.getLinux().getNetwork().getDefaultInterface().getRxBytes().getValue());
        assertEquals(1, ps.getLinux().getNetwork().getInterfacesCount(), "lo is left out");
        assertEquals(2, ps.getLinux().getContainersCount());
        assertFalse(ps.getLinux().getCpu().hasPsi() || ps.getLinux().hasIo(), "no cgroup of its own: no PSI");
        metrics.podPressures.put(sb, new dev.jdock.runtime.cgroup.CgroupPressure(-1, 0, java.util.Optional.of(psi),
                java.util.Optional.empty(), java.util.Optional.of(psi), -1));
        PodSandboxStats podPsi = runtime.podSandboxStats(PodSandboxStatsRequest.newBuilder().setPodSandboxId(sb)
                .build()).getStats();
        assertEquals(1_500_000, podPsi.getLinux().getCpu().getPsi().getSome().getTotal(), "the pod cgroup's PSI");
        assertFalse(podPsi.getLinux().getMemory().hasPsi(), "no memory.pressure: left out");
        assertEquals(2.5, podPsi.getLinux().getIo().getPsi().getSome().getAvg10());
        assertEquals(4_000_000_000L, podPsi.getLinux().getCpu().getUsageCoreNanoSeconds().getValue());
        assertEquals(1, runtime.listPodSandboxStats(ListPodSandboxStatsRequest.newBuilder().setFilter(
                PodSandboxStatsFilter.newBuilder().putLabelSelector("app", "web")).build()).getStatsCount());
        assertEquals(0, runtime.listPodSandboxStats(ListPodSandboxStatsRequest.newBuilder().setFilter(
                PodSandboxStatsFilter.newBuilder().putLabelSelector("app", "db")).build()).getStatsCount());
        assertEquals(Status.Code.NOT_FOUND, code(() -> runtime.podSandboxStats(PodSandboxStatsRequest.newBuilder()
                .setPodSandboxId("e".repeat(64)).build())));
    }

    @Test
    void containerStats_reportTheWritableLayer_walkedAtMostEveryTenSeconds() {
        PodSandboxConfig pod = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("wl").setUid("u10").setNamespace("default"))
                .build();
        String sb = runtime.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(pod).build()).getPodSandboxId();
        String id = runtime.createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(sb)
                .setSandboxConfig(pod).setConfig(ContainerConfig.newBuilder()
                        .setMetadata(ContainerMetadata.newBuilder().setName("w"))
                        .setImage(ImageSpec.newBuilder().setImage("busybox:latest")))
                .build()).getContainerId();
        metrics.layers.put(id, new CriImages.LayerUsage("/var/lib/jdock/overlay", 4096, 7));

        ContainerStats s = runtime.containerStats(ContainerStatsRequest.newBuilder().setContainerId(id).build())
                .getStats();
        assertEquals("/var/lib/jdock/overlay", s.getWritableLayer().getFsId().getMountpoint());
        assertEquals(4096, s.getWritableLayer().getUsedBytes().getValue());
        assertEquals(7, s.getWritableLayer().getInodesUsed().getValue());
        assertEquals(metrics.clock.get(), s.getWritableLayer().getTimestamp());
        long walks = metrics.layerWalks.get();
        metrics.layers.put(id, new CriImages.LayerUsage("/var/lib/jdock/overlay", 8192, 9));
        metrics.clock.addAndGet(5_000_000_000L);
        assertEquals(4096, runtime.listContainerStats(ListContainerStatsRequest.getDefaultInstance()).getStats(0)
                .getWritableLayer().getUsedBytes().getValue(), "5 s later: the figures of the last walk");
        assertEquals(walks, metrics.layerWalks.get());
        metrics.clock.addAndGet(5_000_000_000L);
        assertEquals(8192, runtime.containerStats(ContainerStatsRequest.newBuilder().setContainerId(id).build())
                .getStats().getWritableLayer().getUsedBytes().getValue(), "10 s later: walked again");
        metrics.layers.remove(id);
        metrics.clock.addAndGet(10_000_000_000L);
        assertFalse(runtime.containerStats(ContainerStatsRequest.newBuilder().setContainerId(id).build())
                .getStats().hasWritableLayer(), "no snapshot: no layer");
    }

    private CriEvents noEvents() {
        return new CriEvents(new EventBus(), sandboxes, engine.containers(sandboxes, images, dir.resolve("ev")));
    }

    @Test
    void getContainerEvents_streamsTheCriContainersLifecycle_withTheirPodsStatus() throws Exception {
        PodSandboxConfig pod = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("ev").setUid("u7").setNamespace("default"))
                .setLogDirectory(dir.resolve("logs").toString()).build();
        String sb = runtime.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(pod).build()).getPodSandboxId();
        String id = runtime.createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(sb)
                .setSandboxConfig(pod).setConfig(ContainerConfig.newBuilder()
                        .setMetadata(ContainerMetadata.newBuilder().setName("app"))
                        .setImage(ImageSpec.newBuilder().setImage("busybox:latest")).setLogPath("app/0.log"))
                .build()).getContainerId();
        java.util.Iterator<ContainerEventResponse> stream = RuntimeServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(20, TimeUnit.SECONDS).getContainerEvents(GetEventsRequest.getDefaultInstance());
        java.util.concurrent.atomic.AtomicBoolean got = new java.util.concurrent.atomic.AtomicBoolean();
        Thread publisher = new Thread(() -> { // until the stream has subscribed: the first events may come before
            while (!got.get()) {
                bus.publish("container", "start", "f".repeat(64), Map.of("name", "not-cri")); // no pod label
                bus.publish("container", "start", id, Map.of(CriContainers.SANDBOX_LABEL, sb));
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        publisher.start();
        ContainerEventResponse e;
        try {
            e = stream.next();
        } finally {
            got.set(true);
            publisher.join();
        }

        assertEquals(id, e.getContainerId(), "only CRI containers' events");
        assertEquals(ContainerEventType.CONTAINER_STARTED_EVENT, e.getContainerEventType());
        assertTrue(e.getCreatedAt() > 0);
        assertEquals(sb, e.getPodSandboxStatus().getId());
        assertEquals(List.of(id), e.getContainersStatusesList().stream()
                .map(dev.jdock.daemon.cri.v1.ContainerStatus::getId).toList());
        bus.publish("container", "destroy", id, Map.of(CriContainers.SANDBOX_LABEL, sb));
        ContainerEventResponse deleted = stream.next();
        while (deleted.getContainerEventType() == ContainerEventType.CONTAINER_STARTED_EVENT) {
            deleted = stream.next(); // the publisher's extra ones
        }
        assertEquals(ContainerEventType.CONTAINER_DELETED_EVENT, deleted.getContainerEventType());
    }

    @Test
    void getContainerEvents_sendsTheSandboxesOwnEvents_andSkipsAContainersWhosePodIsGone() throws Exception {
        PodSandboxConfig first = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("ev1").setUid("u8").setNamespace("default"))
                .build();
        String known = runtime.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(first).build())
                .getPodSandboxId();
        java.util.Iterator<ContainerEventResponse> stream = RuntimeServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(20, TimeUnit.SECONDS).getContainerEvents(GetEventsRequest.getDefaultInstance());
        java.util.concurrent.atomic.AtomicBoolean got = new java.util.concurrent.atomic.AtomicBoolean();
        Thread publisher = new Thread(() -> { // until the stream has subscribed
            while (!got.get()) {
                bus.publish("container", "die", "a".repeat(64), Map.of(CriContainers.SANDBOX_LABEL, "e".repeat(64)));
                bus.publish("container", "die", "b".repeat(64), Map.of(CriContainers.SANDBOX_LABEL, known));
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        publisher.start();
        try {
            assertEquals("b".repeat(64), stream.next().getContainerId(), "none for a pod that is gone");
        } finally {
            got.set(true);
            publisher.join();
        }

        PodSandboxConfig pod = first.toBuilder().setMetadata(PodSandboxMetadata.newBuilder().setName("ev2")
                .setUid("u9").setNamespace("default")).build();
        String sb = runtime.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(pod).build()).getPodSandboxId();
        runtime.stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(sb).build());
        runtime.removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(sb).build());
        List<ContainerEventType> types = new java.util.ArrayList<>();
        while (types.size() < 4) {
            ContainerEventResponse e = stream.next();
            if (e.getContainerId().equals("b".repeat(64))) {
                continue; // the publisher's extra ones
            }
            assertEquals(sb, e.getContainerId(), "the sandbox's ID as the container's");
            assertEquals(sb, e.getPodSandboxStatus().getId());
            assertEquals("u9", e.getPodSandboxStatus().getMetadata().getUid());
            assertTrue(e.getCreatedAt() > 0);
            types.add(e.getContainerEventType());
            if (e.getContainerEventType() == ContainerEventType.CONTAINER_DELETED_EVENT) {
                assertEquals(dev.jdock.daemon.cri.v1.PodSandboxState.SANDBOX_NOTREADY,
                        e.getPodSandboxStatus().getState(), "a removed sandbox's status, as it was");
            }
        }
        assertEquals(List.of(ContainerEventType.CONTAINER_CREATED_EVENT, ContainerEventType.CONTAINER_STARTED_EVENT,
                ContainerEventType.CONTAINER_STOPPED_EVENT, ContainerEventType.CONTAINER_DELETED_EVENT), types);
    }
}
