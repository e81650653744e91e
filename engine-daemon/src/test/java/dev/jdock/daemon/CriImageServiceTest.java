package dev.jdock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdock.api.value.Digest;
import dev.jdock.daemon.cri.CriImages;
import dev.jdock.daemon.cri.CriModule;
import dev.jdock.daemon.cri.FakeMetrics;
import dev.jdock.daemon.cri.container.FakeEngine;
import dev.jdock.daemon.cri.container.FakeImages;
import dev.jdock.daemon.cri.pod.FakePods;
import dev.jdock.daemon.cri.stream.FakeTargets;
import dev.jdock.daemon.cri.pod.PodSandboxes;
import dev.jdock.daemon.cri.v1.AuthConfig;
import dev.jdock.daemon.cri.v1.FilesystemUsage;
import dev.jdock.daemon.cri.v1.Image;
import dev.jdock.daemon.cri.v1.ImageFilter;
import dev.jdock.daemon.cri.v1.ImageFsInfoRequest;
import dev.jdock.daemon.cri.v1.ImageServiceGrpc;
import dev.jdock.daemon.cri.v1.ImageSpec;
import dev.jdock.daemon.cri.v1.ImageStatusRequest;
import dev.jdock.daemon.cri.v1.ImageStatusResponse;
import dev.jdock.daemon.cri.v1.ListImagesRequest;
import dev.jdock.daemon.cri.v1.PullImageRequest;
import dev.jdock.daemon.cri.v1.RemoveImageRequest;
import dev.jdock.daemon.cri.v1.StreamImagesRequest;
import dev.jdock.daemon.image.ImageService;
import dev.jdock.daemon.image.ImageStores;
import dev.jdock.daemon.layer.TestTars;
import dev.jdock.daemon.registry.MediaTypes;
import dev.jdock.daemon.registry.RegistryConfig;
import dev.jdock.daemon.registry.RegistryContent;
import dev.jdock.daemon.registry.RegistryService;
import dev.jdock.daemon.registry.TestRegistryServer;
import dev.jdock.daemon.server.HalfCloseSafeEpoll;
import dev.jdock.daemon.server.ServerHeaders;
import dev.jdock.runtime.process.NativeBinaries;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CRI's ImageService over a real UNIX socket (grpc-java's client), on the daemon's real image store as jdockd
 * wires it ({@link CriModule} with {@link CriImageStore}): an image imported as {@code docker load} or
 * {@code docker import} stores it is listed, one pulled over the CRI is in the store the Engine API reads.
 */
class CriImageServiceTest {
    @TempDir
    Path dir;

    private final List<String> events = new CopyOnWriteArrayList<>();
    private ImageService images;
    private CriModule cri;
    private EventLoopGroup serverGroup;
    private EventLoopGroup clientGroup;
    private ManagedChannel channel;
    private ImageServiceGrpc.ImageServiceBlockingStub stub;

    @BeforeEach
    void start() throws Exception {
        // removals deleted inline: a background reaper could still be deleting a del-* directory while @TempDir's
        // cleanup walks it (NoSuchFileException)
        images = new ImageService(ImageStores.open(dir.resolve("data"), dev.jdock.daemon.store.Reaper.inline()),
                new RegistryService(new RegistryConfig(List.of(), List.of(), List.of()),
                        dev.jdock.daemon.metrics.Metrics.none()),
                (type, action, id, attrs) -> events.add(type + " " + action + " " + attrs.get("name")),
                id -> List.of(), List::of);
        images.boot();
        PodSandboxes sandboxes = new FakePods().sandboxes(dir.resolve("sandboxes"));
        CriImageStore store = new CriImageStore(images);
        cri = new CriModule(ServerHeaders.SERVER_VERSION, new NativeBinaries(dir.resolve("libexec")),
                dir.resolve("net.d"), store, sandboxes, new FakeEngine().containers(sandboxes, new FakeImages(), dir),
                FakeMetrics.none(new FakeEngine(), sandboxes),
                new dev.jdock.daemon.events.EventBus(), new FakeTargets(),
                dev.jdock.daemon.cri.stream.StreamingServer.Listen.DEFAULT, "cgroupfs",
                dev.jdock.daemon.cri.UsernsSupport.fixed(false, "not probed"));
        serverGroup = new MultiThreadIoEventLoopGroup(1, HalfCloseSafeEpoll.factory());
        Path sock = dir.resolve("run/cri.sock");
        cri.listen("unix://" + sock, serverGroup);
        clientGroup = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(sock.toString()))
                .channelType(EpollDomainSocketChannel.class).eventLoopGroup(clientGroup)
                .overrideAuthority("localhost").usePlaintext().build();
        stub = ImageServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        cri.close();
        serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        images.close();
    }

    private String importImage(String repo, String tag, List<String> changes) {
        byte[] rootfs = new TestTars().dir("etc").file("etc/hostname", "x").build();
        return images.importImage(new ByteArrayInputStream(rootfs), repo, tag, "", changes);
    }

    private static ImageSpec spec(String image) {
        return ImageSpec.newBuilder().setImage(image).build();
    }

    private ImageStatusResponse status(String image) {
        return stub.imageStatus(ImageStatusRequest.newBuilder().setImage(spec(image)).build());
    }

    @Test
    void listImages_showsTheStoresImages_fullyQualified_andFiltersBySpec() {
        String id = importImage("app", "1", List.of("USER 1000:1000"));
        String other = importImage("example.com/team/tool", "2", List.of("USER nobody"));

        List<Image> all = stub.listImages(ListImagesRequest.getDefaultInstance()).getImagesList();
        Map<String, Image> byId = new HashMap<>();
        all.forEach(i -> byId.put(i.getId(), i));
        assertEquals(2, all.size(), all.toString());
        Image app = byId.get(id);
        assertEquals(List.of("docker.io/library/app:1"), app.getRepoTagsList());
        assertEquals(List.of(), app.getRepoDigestsList());
        assertEquals(1000, app.getUid().getValue());
        assertEquals("", app.getUsername());
        assertTrue(app.getSize() > 0);
        assertEquals(id, app.getSpec().getImage());
        assertFalse(app.getPinned());
        Image tool = byId.get(other);
        assertEquals(List.of("example.com/team/tool:2"), tool.getRepoTagsList());
        assertEquals("nobody", tool.getUsername());
        assertFalse(tool.hasUid());

        List<Image> filtered = stub.listImages(ListImagesRequest.newBuilder()
                .setFilter(ImageFilter.newBuilder().setImage(spec("app:1"))).build()).getImagesList();
        assertEquals(List.of(id), filtered.stream().map(Image::getId).toList());
        assertEquals(0, stub.listImages(ListImagesRequest.newBuilder()
                .setFilter(ImageFilter.newBuilder().setImage(spec("nothing:here"))).build()).getImagesCount());

        List<String> streamed = new ArrayList<>();
        stub.streamImages(StreamImagesRequest.getDefaultInstance())
                .forEachRemaining(r -> r.getImagesList().forEach(i -> streamed.add(i.getId())));
        assertEquals(all.stream().map(Image::getId).sorted().toList(), streamed.stream().sorted().toList());
    }

    @Test
    void imageStatus_byNameIdOrPrefix_missingIsAnEmptyAnswer_verboseHasTheConfig() throws Exception {
        String id = importImage("app", "1", List.of());

        for (String name : List.of("app:1", "docker.io/library/app:1", id, id.substring(7), id.substring(7, 19))) {
            assertEquals(id, status(name).getImage().getId(), name);
        }
        for (String missing : List.of("app:2", "nothing", "sha256:" + "0".repeat(64), "Not A Reference!", "")) {
            ImageStatusResponse r = status(missing);
            assertFalse(r.hasImage(), missing);
            assertEquals(0, r.getInfoCount(), missing);
        }
        assertEquals(0, status("app:1").getInfoCount(), "info only when verbose");

        ImageStatusResponse verbose = stub.imageStatus(ImageStatusRequest.newBuilder().setImage(spec("app:1"))
                .setVerbose(true).build());
        JsonNode info = new ObjectMapper().readTree(verbose.getInfoOrThrow("info"));
        assertEquals(images.chainId(id), info.path("chainID").asText());
        assertEquals(id, Digest.sha256(images.rawConfig(id)).toString());
        assertEquals("layers", info.path("imageSpec").path("rootfs").path("type").asText(), info.toString());
    }

    @Test
    void removeImage_dropsEveryTag_andAMissingImageIsNoError() {
        String id = importImage("app", "1", List.of());
        images.tag("app:1", "other/name", "2");

        stub.removeImage(RemoveImageRequest.newBuilder().setImage(spec("other/name:2")).build());

        assertEquals(0, images.count());
        assertFalse(status("app:1").hasImage());
        assertTrue(events.contains("image delete " + id), events.toString());
        stub.removeImage(RemoveImageRequest.newBuilder().setImage(spec("app:1")).build());
        stub.removeImage(RemoveImageRequest.newBuilder().setImage(spec(id)).build());
    }

    @Test
    void aContainersWritableLayer_isItsUpperDirectory_onTheImageFileSystem() throws Exception {
        CriImageStore store = new CriImageStore(images);
        assertTrue(store.writableLayer("c1").isEmpty(), "no snapshot");
        Path upper = images.snapshotter().prepare("c1", null).upperDir();
        Files.createDirectories(upper.resolve("d"));
        Files.write(upper.resolve("d/a"), new byte[1000]);
        Files.write(upper.resolve("b"), new byte[24]);
        Files.createSymbolicLink(upper.resolve("l"), Path.of("/etc/passwd"));

        CriImages.LayerUsage u = store.writableLayer("c1").orElseThrow();
        assertEquals(dir.resolve("data/overlay").toString(), u.mountpoint(), "ImageFsInfo's mount point");
        assertEquals(1024 + "/etc/passwd".length(), u.usedBytes(), "the files, the link by its target's length");
        assertEquals(5, u.inodesUsed(), "the directory itself, d, a, b and the link");
        images.snapshotter().remove("c1");
        assertTrue(store.writableLayer("c1").isEmpty());
    }

    @Test
    void imageFsInfo_isTheLayerStoresFileSystem_withWhatItHolds() {
        FilesystemUsage before = stub.imageFsInfo(ImageFsInfoRequest.getDefaultInstance()).getImageFilesystems(0);
        assertEquals(dir.resolve("data/overlay").toString(), before.getFsId().getMountpoint());
        assertTrue(before.getTimestamp() > 0);
        assertTrue(before.getInodesUsed().getValue() >= 1, before.toString());

        var response = stub.imageFsInfo(ImageFsInfoRequest.getDefaultInstance());
        assertEquals(1, response.getImageFilesystemsCount());
        assertEquals(0, response.getContainerFilesystemsCount());
    }

    @Test
    void pullImage_fromARegistry_returnsTheImageId_seenByTheEngineApiStore() throws Exception {
        Registry reg = new Registry();
        String manifest = reg.image("1", new TestTars().dir("bin").file("bin/sh", "#!").build());
        try (TestRegistryServer s = new TestRegistryServer(reg::answer)) {
            String ref = s.authority() + "/app:1";

            String imageRef = stub.pullImage(PullImageRequest.newBuilder().setImage(spec(ref)).build())
                    .getImageRef();

            assertEquals(images.resolve(ref), imageRef, "image_ref is the image ID, as containerd's");
            Image img = status(ref).getImage();
            assertEquals(imageRef, img.getId());
            assertEquals(List.of(ref), img.getRepoTagsList());
            assertEquals(List.of(s.authority() + "/app@" + manifest), img.getRepoDigestsList());
            assertTrue(events.contains("image pull " + ref), events.toString());

            String latest = stub.pullImage(PullImageRequest.newBuilder().setImage(spec(s.authority() + "/app"))
                    .build()).getImageRef();
            assertEquals(imageRef, latest, "no tag pulls latest");
            assertEquals(imageRef, images.resolve(s.authority() + "/app:latest"));
        }
    }

    @Test
    void pullImage_errors_carryTheirStatus() throws Exception {
        Registry reg = new Registry();
        reg.image("1", new TestTars().file("a", "b").build());
        try (TestRegistryServer s = new TestRegistryServer(reg::answer)) {
            StatusRuntimeException missing = assertThrows(StatusRuntimeException.class, () -> stub.pullImage(
                    PullImageRequest.newBuilder().setImage(spec(s.authority() + "/app:9")).build()));
            assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
            assertTrue(missing.getStatus().getDescription().startsWith("failed to pull image \""
                    + s.authority() + "/app:9\": manifest for"), missing.getStatus().getDescription());
            for (String bad : List.of("", "busybox@sha256:abc", "Upper:case")) {
                Status st = assertThrows(StatusRuntimeException.class,
                        () -> stub.pullImage(PullImageRequest.newBuilder().setImage(spec(bad)).build())).getStatus();
                assertEquals(Status.Code.INVALID_ARGUMENT, st.getCode(), bad + ": " + st);
            }
        }
    }

    @Test
    void pullImage_sendsTheAuthConfigsCredentials_toItsRegistryOnly() throws Exception {
        Registry reg = new Registry();
        reg.image("1", new TestTars().file("a", "b").build());
        String basic = "Basic " + Base64.getEncoder().encodeToString("kube:s3cret".getBytes(StandardCharsets.UTF_8));
        Function<TestRegistryServer.Request, TestRegistryServer.Response> guarded = r ->
                basic.equals(r.header("Authorization")) ? reg.answer(r)
                        : TestRegistryServer.Response.of(401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}",
                                "WWW-Authenticate", "Basic realm=\"test\"");
        try (TestRegistryServer s = new TestRegistryServer(guarded)) {
            String ref = s.authority() + "/app:1";
            assertThrows(StatusRuntimeException.class,
                    () -> stub.pullImage(PullImageRequest.newBuilder().setImage(spec(ref)).build()));
            AuthConfig otherRegistry = AuthConfig.newBuilder().setUsername("kube").setPassword("s3cret")
                    .setServerAddress("https://registry.example.com/v2/").build();
            assertThrows(StatusRuntimeException.class, () -> stub.pullImage(PullImageRequest.newBuilder()
                    .setImage(spec(ref)).setAuth(otherRegistry).build()));
            assertFalse(s.requests().stream().anyMatch(r -> basic.equals(r.header("Authorization"))),
                    "credentials for another registry are not sent");

            AuthConfig encoded = AuthConfig.newBuilder().setServerAddress(s.authority())
                    .setAuth(Base64.getEncoder().encodeToString("kube:s3cret".getBytes(StandardCharsets.UTF_8)))
                    .build();
            String id = stub.pullImage(PullImageRequest.newBuilder().setImage(spec(ref)).setAuth(encoded).build())
                    .getImageRef();
            assertEquals(images.resolve(ref), id);
            images.remove(id, true, true);
            AuthConfig plain = AuthConfig.newBuilder().setUsername("kube").setPassword("s3cret").build();
            assertEquals(id, stub.pullImage(PullImageRequest.newBuilder().setImage(spec(ref)).setAuth(plain)
                    .build()).getImageRef());
        }
    }

    /**
     * A client that gives up (cancels its call) stops the pull: the call ends, the layer's download, blocked on a
     * registry that sends nothing, is stopped rather than left waiting (the next pull downloads afresh instead of
     * joining it), and nothing of it is unpacked.
     */
    @Test
    void pullImage_cancelledByTheClient_stopsTheDownload() throws Exception {
        Registry reg = new Registry();
        byte[] layer = new TestTars().file("big", "x".repeat(200_000)).build();
        reg.image("1", layer);
        String layerDigest = Digest.sha256(layer).toString();
        java.util.concurrent.atomic.AtomicInteger blobGets = new java.util.concurrent.atomic.AtomicInteger();
        CountDownLatch blobAsked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Function<TestRegistryServer.Request, TestRegistryServer.Response> stalling = r -> {
            if (r.path().endsWith("/blobs/" + layerDigest) && blobGets.incrementAndGet() == 1) {
                blobAsked.countDown();
                try { // the first download gets nothing for 30 s
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return reg.answer(r);
        };
        try (TestRegistryServer s = new TestRegistryServer(stalling)) {
            var first = ImageServiceGrpc.newFutureStub(channel)
                    .pullImage(PullImageRequest.newBuilder().setImage(spec(s.authority() + "/app:1")).build());
            assertTrue(blobAsked.await(20, TimeUnit.SECONDS), "the layer's download started");
            first.cancel(true); // the client goes away
            // the server looks every 200 ms; a pull that came before would rightly join the download and keep it
            Thread.sleep(2000);

            long t0 = System.nanoTime();
            String id = stub.pullImage(PullImageRequest.newBuilder().setImage(spec(s.authority() + "/app:1"))
                    .build()).getImageRef();
            assertTrue(System.nanoTime() - t0 < 15_000_000_000L, "the second pull did not wait for the stalled one");
            assertEquals(2, blobGets.get(), "the second pull downloaded the layer afresh");
            assertEquals(images.resolve(s.authority() + "/app:1"), id);
            assertEquals(1, images.count());
        } finally {
            release.countDown();
        }
    }

    /** Cancelled once its download started, a pull leaves neither an image nor a layer behind. */
    @Test
    void pullImage_cancelled_leavesNoLayer() throws Exception {
        Registry reg = new Registry();
        byte[] layer = new TestTars().file("big", "y".repeat(200_000)).build();
        reg.image("1", layer);
        String layerDigest = Digest.sha256(layer).toString();
        CountDownLatch blobAsked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Function<TestRegistryServer.Request, TestRegistryServer.Response> slow = r -> {
            if (r.path().endsWith("/blobs/" + layerDigest)) {
                blobAsked.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return reg.answer(r);
        };
        try (TestRegistryServer s = new TestRegistryServer(slow)) {
            var pull = ImageServiceGrpc.newFutureStub(channel)
                    .pullImage(PullImageRequest.newBuilder().setImage(spec(s.authority() + "/app:1")).build());
            assertTrue(blobAsked.await(20, TimeUnit.SECONDS), "the layer's download started");
            pull.cancel(true);
            Thread.sleep(500); // the server sees the cancellation
            release.countDown(); // whatever the registry sends now finds no download
            Thread.sleep(1000);
            assertEquals(0, images.count());
            try (Stream<Path> layers = Files.list(dir.resolve("data/overlay"))) {
                List<String> left = layers.map(p -> p.getFileName().toString())
                        .filter(n -> n.matches("[a-f0-9]{64}") || n.startsWith("new-")).toList();
                assertEquals(List.of(), left, "no layer unpacked for a cancelled pull");
            }
        } finally {
            release.countDown();
        }
    }

    /** A registry serving one repository's blobs and manifests from memory. */
    private static final class Registry extends RegistryContent {

        /** An image of one plain tar layer under {@code tag} and {@code latest}; returns the manifest digest. */
        String image(String tag, byte[] layer) {
            byte[] cfg = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"User\":\"65534\"},"
                    + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.sha256(layer) + "\"]}}")
                    .getBytes(StandardCharsets.UTF_8);
            add(layer);
            add(cfg);
            byte[] m = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\",\"config\":"
                    + desc(MediaTypes.DOCKER_CONFIG, cfg) + ",\"layers\":[" + desc(MediaTypes.OCI_LAYER, layer)
                    + "]}").getBytes(StandardCharsets.UTF_8);
            String d = Digest.sha256(m).toString();
            for (String key : new String[] {tag, "latest", d}) {
                bodies.put("manifests/" + key, m);
                types.put("manifests/" + key, MediaTypes.DOCKER_MANIFEST);
            }
            return d;
        }

        private static String desc(String type, byte[] b) {
            return "{\"mediaType\":\"" + type + "\",\"size\":" + b.length + ",\"digest\":\"" + Digest.sha256(b)
                    + "\"}";
        }

    }
}
