package dev.jdock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.container.ContainerStatus;
import dev.jdock.api.types.container.MountPoint;
import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.container.ContainerStore;
import dev.jdock.daemon.layer.Layer;
import dev.jdock.daemon.layer.LayerStore;
import dev.jdock.daemon.layer.LayerUnpacker;
import dev.jdock.daemon.network.ContainerNet;
import dev.jdock.daemon.network.NetworkRecord;
import dev.jdock.daemon.network.NetworkStore;
import dev.jdock.daemon.snapshot.OverlaySnapshotter;
import dev.jdock.daemon.snapshot.SnapshotMounts;
import dev.jdock.daemon.volume.Volume;
import dev.jdock.daemon.volume.VolumeModule;
import dev.jdock.daemon.volume.VolumeStore;
import dev.jdock.runtime.syscall.RecordingSyscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A data root written in every earlier state format (src/test/resources/state/format&lt;N&gt;, recorded from a
 * jdockd with one container on a user network with a published port, a volume, a bind, a healthcheck and a restart
 * policy) loads through the stores with everything in it, its mounts, image layers and snapshot too. ImageStoreFormatsTest and
 * DistributionMetadataTest do the same for images.
 */
class StateFilesLoadTest {
    private static final String C = "8f9bada029571a9a72b235896fa571da5c6a08838c863b001597af29a601ec7a";

    @TempDir
    Path tmp;

    private Path dataRoot(int format) throws IOException {
        Path src = Path.of("src/test/resources/state/format" + format);
        Path root = tmp.resolve("data");
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path to = root.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        Files.createDirectories(root.resolve("volumes/fixvol/_data"));
        return root;
    }

    @ParameterizedTest(name = "format {0}")
    @ValueSource(ints = {0, 1})
    void containerNetworkAndVolumeRecords_loadWithEveryField(int format) throws Exception {
        Path root = dataRoot(format);
        ContainerStore containers = new ContainerStore(root.resolve("containers"));
        containers.load();
        Container c = containers.get("fixture");
        assertEquals(C, c.id());
        assertEquals(ContainerStatus.RUNNING, c.state().status());
        assertEquals(22203, c.state().pid());
        assertEquals("healthy", c.state().health().status());
        assertEquals("on-failure", c.record().hostConfig().restartPolicy().name());
        assertEquals(3, c.record().hostConfig().restartPolicy().maximumRetryCount());
        assertEquals(List.of("fixvol:/data", "/tmp:/host:ro"), c.record().hostConfig().binds());
        assertEquals(Map.of("role", "fixture"), c.record().config().labels());
        assertEquals(List.of("-c", "sleep 3600"), c.record().args());

        NetworkStore networks = new NetworkStore(root.resolve("network"));
        networks.load();
        NetworkRecord net = networks.networks().stream().filter(n -> n.name().equals("fixnet")).findFirst()
                .orElseThrow();
        assertEquals("10.231.0.0/24", net.subnet());
        assertEquals(Map.of("team", "a"), net.labels());
        ContainerNet cn = networks.container(C).orElseThrow();
        assertEquals("10.231.0.2", cn.endpoints().get("fixnet").ip());
        assertEquals(List.of("web"), cn.endpoints().get("fixnet").aliases());
        assertEquals(18099, cn.ports().get(0).hostPort());

        VolumeStore volumes = new VolumeStore(root.resolve("volumes"));
        volumes.load();
        Volume v = volumes.get("fixvol").orElseThrow();
        assertEquals(Map.of("keep", "1"), v.labels());
        assertTrue(Files.isDirectory(root.resolve("volumes/fixvol/_data")));

        VolumeModule module = VolumeModule.create(root, containers, (type, action, id, attrs) -> { },
                new RecordingSyscalls());
        module.boot();
        assertEquals(List.of(
                new MountPoint("bind", null, "/tmp", "/host", null, "ro", false, "rprivate"),
                new MountPoint("volume", "fixvol", "/var/lib/jdock/volumes/fixvol/_data", "/data", "local", "z", true,
                        "")), module.mounts().mountPoints(c));
        assertEquals(List.of(C), module.service().users("fixvol"), "the container's mounts reference the volume");
        assertTrue(module.service().usedByOthers("fixvol", "other"), "the running container holds its volume");
    }

    @ParameterizedTest(name = "format {0}")
    @ValueSource(ints = {0, 1})
    void layersAndTheContainersSnapshot_load(int format) throws Exception {
        Path root = dataRoot(format);
        String base = "sha256:802bbd20a89018044eb7710af8d3bdac3dd5a55266bc42febeeb30bd1bf72c93";
        String top = "sha256:7274ee6fa9b7d21f10e40937ace2d762191f3718ae42c57e7471647a383e3e09";
        LayerStore layers = new LayerStore(root.resolve("overlay"), new LayerUnpacker());
        List<Layer> chain = layers.chain(top);
        assertEquals(List.of(top, base), chain.stream().map(Layer::chainId).toList());
        Layer t = chain.get(0);
        assertEquals("sha256:e24c7ec8c83ebbf821928457cf6c66e5d00cd412a373f44b40cedf8061ab7bcd", t.diffId());
        assertEquals(base, t.parent());
        assertEquals("TWSDQV33YRS1Y2N98NDF38J5IW", t.link());
        assertEquals(623, t.size());
        assertEquals(10240, t.tarSize());
        assertEquals(1982256, chain.get(1).size());
        SnapshotMounts m = new OverlaySnapshotter(layers).mounts(C);
        assertEquals(top, m.parentChainId());
        assertEquals(List.of("l/TWSDQV33YRS1Y2N98NDF38J5IW", "l/K4MP4TQ4L2GQDA0UQS8M5C6Y9P"), m.shortLowerDirs());
    }
}
