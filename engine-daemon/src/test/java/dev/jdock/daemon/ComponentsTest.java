package dev.jdock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.daemon.api.Router;
import dev.jdock.daemon.api.Routes;
import dev.jdock.daemon.config.DaemonConfig;
import dev.jdock.daemon.container.ContainerRecord;
import dev.jdock.daemon.container.HostLimits;
import dev.jdock.daemon.container.AppArmorProfiles;
import dev.jdock.daemon.container.FakeAppArmor;
import dev.jdock.daemon.container.RuntimeHost;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.daemon.layer.TestTars;
import dev.jdock.daemon.network.NetworkModule;
import dev.jdock.daemon.network.firewall.RecordingCommands;
import dev.jdock.daemon.network.netlink.FakeNetlink;
import dev.jdock.runtime.cgroup.CgroupHandle;
import dev.jdock.runtime.cgroup.CgroupManager;
import dev.jdock.runtime.cgroup.CgroupMode;
import dev.jdock.runtime.cgroup.CgroupParent;
import dev.jdock.runtime.cgroup.Resources;
import dev.jdock.runtime.process.NativeBinaries;
import dev.jdock.runtime.syscall.RecordingSyscalls;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole component graph, built as jdockd builds it, against fakes of the host (no root, no kernel changes). */
class ComponentsTest {
    @TempDir
    Path tmp;

    private final FakeNetlink netlink = new FakeNetlink();
    private final RecordingCommands iptables = new RecordingCommands();

    private Components build() {
        return build(null);
    }

    private Components build(String metricsAddr) {
        return build(metricsAddr, null);
    }

    private Components build(String metricsAddr, String criSocket) {
        return build(metricsAddr, criSocket, new FakeAppArmor(false));
    }

    private Components build(String metricsAddr, String criSocket, FakeAppArmor appArmor) {
        DaemonConfig cfg = new DaemonConfig(List.of(), tmp.resolve("data"), tmp.resolve("exec"),
                tmp.resolve("jdockd.pid"), "info", "json-file", Map.of()).withMetricsAddr(metricsAddr)
                .withCriSocket(criSocket);
        Components.Host host = new Components.Host(new RecordingSyscalls(), new NoCgroups(),
                new RuntimeHost("", 0L, new HostLimits(Map.of(), 0),
                        new AppArmorProfiles(appArmor, tmp.resolve("apparmor.d"))),
                new NativeBinaries(tmp.resolve("libexec")),
                tmp.resolve("resolv.conf"), new NetworkModule.Host(netlink, netlink, iptables),
                tmp.resolve("net.d"));
        return new Components(cfg, host);
    }

    @Test
    void everyFeatureRegistersItsRoutes_once() {
        try (Components c = build()) {
            Routes routes = new Routes();
            for (Router r : c.routers()) {
                r.register(routes);
            }
            List<String> all = routes.describe();
            Set<String> seen = new HashSet<>();
            for (String route : all) {
                assertTrue(seen.add(route), "registered twice: " + route);
            }
            for (String[] probe : new String[][] {
                    {"POST", "/containers/create"}, {"POST", "/containers/x/start"}, {"GET", "/containers/x/logs"},
                    {"POST", "/containers/x/exec"}, {"GET", "/exec/e/json"}, {"GET", "/containers/x/archive"},
                    {"GET", "/containers/x/stats"}, {"GET", "/networks"}, {"POST", "/networks/n/connect"},
                    {"GET", "/volumes"}, {"GET", "/images/json"}, {"POST", "/images/create"}, {"GET", "/events"},
                    {"POST", "/auth"}, {"GET", "/distribution/busybox/json"}, {"POST", "/commit"},
                    {"POST", "/images/prune"}, {"GET", "/system/df"}}) {
                assertTrue(routes.find(probe[0], probe[1]).isPresent(), probe[0] + " " + probe[1] + " in " + all);
            }
        }
    }

    @Test
    void rmi_ofAnImageAContainerUses_isRefused_throughTheWiredGraph() throws Exception {
        try (Components c = build()) {
            byte[] rootfs = new TestTars().dir("etc").file("etc/hostname", "x").build();
            String id = c.images().importImage(new ByteArrayInputStream(rootfs), "img", "1", "", List.of());
            c.store().add(new ContainerRecord("c".repeat(64), "user", "2024-01-01T00:00:00Z", "sh", List.of(), id,
                    ContainerConfig.builder().image("img:1").build(), null));
            EngineException e = assertThrows(EngineException.class, () -> c.images().remove(id, false, false));
            assertEquals(ErrorKind.CONFLICT, e.kind());
            assertTrue(e.getMessage().contains("is being used by stopped container cccccccccccc"), e.getMessage());
        }
    }

    /**
     * An image mount through the wired graph: the image held by its snapshot {@code <id>.img0} at create, rmi of it
     * refused as of a container's own image, the hold gone with the container (and the image removable again).
     */
    @Test
    void imageMount_holdsItsImage_untilItsContainerGoes() throws Exception {
        try (Components c = build()) {
            String base = c.images().importImage(new ByteArrayInputStream(new TestTars().dir("etc")
                    .file("etc/hostname", "x").build()), "img", "1", "", List.of());
            String tool = c.images().importImage(new ByteArrayInputStream(new TestTars().dir("opt")
                    .file("opt/tool", "t").build()), "tool", "1", "", List.of());
            var req = dev.jdock.api.types.container.ContainerCreateRequest.builder().image(base).cmd(List.of("sh"))
                    .hostConfig(dev.jdock.api.types.container.HostConfig.builder().mounts(List.of(
                            new dev.jdock.api.types.container.Mount("image", "tool:1", "/t", false, null, null, null,
                                    null, new dev.jdock.api.types.container.Mount.ImageOptions("opt"))))
                            .build()).build();
            var ctr = c.containers().create("user", req);
            assertTrue(c.images().snapshotter().keys().contains(ctr.id() + ".img0"), "the hold");
            EngineException e = assertThrows(EngineException.class, () -> c.images().remove("tool:1", false, false));
            assertEquals(ErrorKind.CONFLICT, e.kind());
            assertTrue(e.getMessage().contains("container " + ctr.id().substring(0, 12) + " is using its referenced "
                    + "image " + tool.substring(7, 19)), e.getMessage());
            var missing = dev.jdock.api.types.container.ContainerCreateRequest.builder().image(base)
                    .cmd(List.of("sh")).hostConfig(dev.jdock.api.types.container.HostConfig.builder().mounts(List.of(
                            new dev.jdock.api.types.container.Mount("image", "nosuch:1", "/t", null, null, null, null,
                                    null))).build()).build();
            EngineException nf = assertThrows(EngineException.class, () -> c.containers().create("user2", missing));
            assertEquals(ErrorKind.NOT_FOUND, nf.kind());
            assertEquals(1, c.store().all().size(), "the refused create leaves no container");
            c.containers().remove(ctr, ctr.id(), true, false);
            assertFalse(c.images().snapshotter().keys().stream().anyMatch(k -> k.contains(".img")), "hold released");
            c.images().remove("tool:1", false, false);
        }
    }

    /**
     * moby 28 shares image mounts through {@code --volumes-from}: the second container holds the same layers under
     * its own snapshot, so it outlives the first container and a forced removal of the image.
     */
    @Test
    void imageMount_throughVolumesFrom_isHeldAgain_andOutlivesTheImage() throws Exception {
        try (Components c = build()) {
            String base = c.images().importImage(new ByteArrayInputStream(new TestTars().dir("etc")
                    .file("etc/hostname", "x").build()), "img", "1", "", List.of());
            String tool = c.images().importImage(new ByteArrayInputStream(new TestTars().dir("opt")
                    .file("opt/tool", "t").build()), "tool", "1", "", List.of());
            var first = c.containers().create("first", dev.jdock.api.types.container.ContainerCreateRequest.builder()
                    .image(base).cmd(List.of("sh")).hostConfig(dev.jdock.api.types.container.HostConfig.builder()
                            .mounts(List.of(new dev.jdock.api.types.container.Mount("image", "tool:1", "/t", null,
                                    null, null, null, null, new dev.jdock.api.types.container.Mount.ImageOptions(
                                            "opt")))).build()).build());
            var second = c.containers().create("second", dev.jdock.api.types.container.ContainerCreateRequest
                    .builder().image(base).cmd(List.of("sh")).hostConfig(dev.jdock.api.types.container.HostConfig
                            .builder().volumesFrom(List.of("first:rw")).build()).build());
            String held = second.id() + ".img0";
            assertTrue(c.images().snapshotter().keys().contains(held), "the second container's own hold");
            assertEquals(c.images().snapshotter().mounts(first.id() + ".img0").parentChainId(),
                    c.images().snapshotter().mounts(held).parentChainId(), "the same layers");
            var seen = c.containers().inspect(second.id()).mounts();
            assertEquals(1, seen.size());
            assertEquals("image", seen.get(0).type());
            assertEquals(tool, seen.get(0).source());
            assertFalse(seen.get(0).rw(), "read-only whatever the mode");
            c.containers().remove(first, first.id(), true, false);
            c.images().remove(tool, true, false);
            assertTrue(c.images().snapshotter().keys().contains(held), "kept after the image and the first go");
            c.containers().remove(second, second.id(), true, false);
            assertFalse(c.images().snapshotter().keys().stream().anyMatch(k -> k.contains(".img")), "hold released");
        }
    }

    /** The CRI serves the image feature's store on the event loops it is given, and goes at close with its socket. */
    @Test
    void criSocket_servesTheSameImages_onTheGivenEventLoops_untilClose() throws Exception {
        Path sock = tmp.resolve("run/cri.sock");
        io.netty.channel.EventLoopGroup loops = new io.netty.channel.MultiThreadIoEventLoopGroup(1,
                dev.jdock.daemon.server.HalfCloseSafeEpoll.factory());
        io.grpc.ManagedChannel ch = null;
        try (Components c = build(null, "unix://" + sock)) {
            c.boot();
            c.serveCri(loops);
            String id = c.images().importImage(new ByteArrayInputStream(new TestTars().dir("etc").build()),
                    "kube/shared", "1", "", List.of());
            ch = io.grpc.netty.NettyChannelBuilder.forAddress(new io.netty.channel.unix.DomainSocketAddress(
                    sock.toString())).channelType(io.netty.channel.epoll.EpollDomainSocketChannel.class)
                    .eventLoopGroup(loops).overrideAuthority("localhost").usePlaintext().build();
            var images = dev.jdock.daemon.cri.v1.ImageServiceGrpc.newBlockingStub(ch)
                    .withDeadlineAfter(10, java.util.concurrent.TimeUnit.SECONDS)
                    .listImages(dev.jdock.daemon.cri.v1.ListImagesRequest.getDefaultInstance()).getImagesList();
            assertEquals(List.of(id), images.stream().map(dev.jdock.daemon.cri.v1.Image::getId).toList());
            assertEquals(List.of("docker.io/kube/shared:1"), images.get(0).getRepoTagsList());
            c.stopCri();
            assertFalse(Files.exists(sock), "the socket goes with the server");
            assertFalse(loops.isShuttingDown(), "the event loops are the caller's");
        } finally {
            if (ch != null) {
                ch.shutdownNow();
            }
            loops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).await(5,
                    java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void boot_onFakes_runsEveryStartUpStep_andCloses() throws Exception {
        try (Components c = build()) {
            c.boot();
            assertTrue(netlink.forwarding(), "IP forwarding enabled for the bridges");
            assertTrue(netlink.links(FakeNetlink.HOST).stream().anyMatch(l -> l.startsWith("jdock")),
                    "the default bridge: " + netlink.links(FakeNetlink.HOST));
            assertTrue(iptables.runs().size() > 0, "the firewall chains");
            assertTrue(Files.isDirectory(tmp.resolve("data/image")), "the image stores");
            assertEquals(List.of(), c.store().all());
        }
    }

    @Test
    void boot_onAnAppArmorHost_loadsDockerDefault_andInfoSaysSo() throws Exception {
        FakeAppArmor appArmor = new FakeAppArmor(true);
        try (Components c = build(null, null, appArmor)) {
            assertTrue(c.systemBackend().appArmor());
            c.boot();
            assertEquals(Set.of("docker-default"), appArmor.loaded());
        }
        FakeAppArmor none = new FakeAppArmor(false);
        try (Components c = build(null, null, none)) {
            assertFalse(c.systemBackend().appArmor());
            c.boot();
            assertEquals(List.of(), none.loads(), "nothing is loaded on a host without AppArmor (this one)");
        }
    }

    @Test
    void metricsAddr_servesTheExposition_fromBoot_withWhatTheFeaturesReport() throws Exception {
        try (Components c = build("127.0.0.1:23802")) {
            c.boot();
            c.metrics().request("GET /containers/{id}/json", 200, 1_000_000);
            c.images().importImage(new ByteArrayInputStream(new TestTars().dir("etc").build()), "e2e/metrics", "1",
                    "", List.of());
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:23802/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("\nengine_daemon_container_states_containers{state=\"running\"} 0\n"),
                    r.body());
            assertTrue(r.body().contains("\njdock_api_requests_total{method=\"GET\",route=\"/containers/{id}/json\","
                    + "code=\"200\"} 1\n"), r.body());
            assertTrue(r.body().matches("(?s).*\njdock_events_total\\{type=\"image\"} [1-9][0-9]*\n.*"),
                    "the import's events: " + r.body());
        }
    }

    @Test
    void withoutMetricsAddr_theFeaturesReportToNothing() {
        try (Components c = build()) {
            assertEquals(dev.jdock.daemon.metrics.Metrics.none(), c.metrics());
        }
    }

    /** No cgroup hierarchy: nothing is launched by these tests. */
    private static final class NoCgroups implements CgroupManager {
        @Override
        public CgroupHandle create(String containerId, CgroupParent parent, Resources resources) {
            throw new UnsupportedOperationException("create");
        }

        @Override
        public Optional<CgroupHandle> find(String containerId, CgroupParent parent) {
            return Optional.empty();
        }

        @Override
        public java.util.Optional<dev.jdock.runtime.cgroup.CgroupPressure> pressureOf(
                dev.jdock.runtime.cgroup.CgroupParent parent) {
            return java.util.Optional.empty();
        }

        @Override
        public CgroupMode mode() {
            return CgroupMode.V2;
        }
    }
}
