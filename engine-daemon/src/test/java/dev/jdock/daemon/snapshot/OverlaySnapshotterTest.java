package dev.jdock.daemon.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.layer.Layer;
import dev.jdock.daemon.layer.LayerStore;
import dev.jdock.daemon.layer.LayerUnpacker;
import dev.jdock.daemon.layer.TestTars;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverlaySnapshotterTest {
    @TempDir
    Path root;

    @Test
    void prepare_describesLowersTopFirst_withShortLinks() throws Exception {
        LayerStore layers = new LayerStore(root, new LayerUnpacker());
        Layer base = layers.create(null, new ByteArrayInputStream(new TestTars().file("a", "1").build()), null, null);
        Layer top = layers.create(base.chainId(), new ByteArrayInputStream(new TestTars().file("b", "2").build()),
                null, null);
        OverlaySnapshotter snaps = new OverlaySnapshotter(layers);
        SnapshotMounts m = snaps.prepare("c1", top.chainId());
        assertEquals(List.of(top.diffDir(), base.diffDir()), m.lowerDirs());
        assertEquals(List.of(top.shortPath(), base.shortPath()), m.shortLowerDirs());
        assertEquals(top.diffDir().toRealPath(), root.resolve(top.shortPath()).toRealPath());
        assertTrue(Files.isDirectory(m.upperDir()) && Files.isDirectory(m.workDir()));
        assertEquals("lowerdir=" + top.shortPath() + ":" + base.shortPath() + ",upperdir=c1/diff,workdir=c1/work",
                m.shortOverlayOptions());
        assertEquals(m, snaps.mounts("c1"));
        assertEquals(List.of(top.chainId()), snaps.parentsInUse());
        assertThrows(EngineException.class, () -> snaps.prepare("c1", top.chainId()));
        snaps.remove("c1");
        assertFalse(Files.exists(root.resolve("c1")));
        assertTrue(snaps.find("c1").isEmpty());
    }

    @Test
    void metaBytes_areTheSerialisersBytes_andTheFileIsPrivate() throws Exception {
        String chain = "sha256:" + "0123456789abcdef".repeat(4);
        for (String parent : new String[] {chain, null}) {
            assertArrayEquals(dev.jdock.daemon.store.StateFormat.bytes(new OverlaySnapshotter.Meta("c1.img0", parent)),
                    OverlaySnapshotter.metaBytes("c1.img0", parent));
        }
        // what is not plain goes through the serialiser (escaped)
        assertArrayEquals(dev.jdock.daemon.store.StateFormat.bytes(new OverlaySnapshotter.Meta("k", "x\"y")),
                OverlaySnapshotter.metaBytes("k", "x\"y"));
        LayerStore layers = new LayerStore(root, new LayerUnpacker());
        Layer base = layers.create(null, new ByteArrayInputStream(new TestTars().file("a", "1").build()), null, null);
        OverlaySnapshotter snaps = new OverlaySnapshotter(layers);
        snaps.prepare("c2", base.chainId());
        Path meta = root.resolve("c2/snapshot.json");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(meta)));
        assertEquals(new OverlaySnapshotter.Meta("c2", base.chainId()),
                dev.jdock.daemon.store.StateFormat.read(meta, OverlaySnapshotter.Meta.class));
        assertEquals(snaps.mounts("c2"), new OverlaySnapshotter(layers).mounts("c2")); // read back from disk
        try (var names = Files.list(root)) {
            assertTrue(names.noneMatch(p -> p.getFileName().toString().startsWith("new-")));
        }
    }

    @Test
    void prepare_overADanglingLink_failsAndLeavesNothing() throws Exception {
        LayerStore layers = new LayerStore(root, new LayerUnpacker());
        Files.createSymbolicLink(root.resolve("c3"), root.resolve("nowhere"));
        assertThrows(EngineException.class, () -> new OverlaySnapshotter(layers).prepare("c3", null));
        assertTrue(Files.isSymbolicLink(root.resolve("c3")));
        assertFalse(Files.exists(root.resolve("nowhere")));
        try (var names = Files.list(root)) {
            assertTrue(names.noneMatch(p -> p.getFileName().toString().startsWith("new-")));
        }
    }

    @Test
    void anInitDirectory_onceMade_isTheTopLower_andGoesWithTheSnapshot() throws Exception {
        LayerStore layers = new LayerStore(root, new LayerUnpacker());
        Layer base = layers.create(null, new ByteArrayInputStream(new TestTars().file("a", "1").build()), null, null);
        OverlaySnapshotter snaps = new OverlaySnapshotter(layers);
        SnapshotMounts m = snaps.prepare("c1", base.chainId());
        assertEquals(root.resolve("c1/init"), m.initDir());
        assertEquals(List.of(base.diffDir()), m.lowerDirs(), "none made yet");
        Files.createDirectory(m.initDir());
        SnapshotMounts again = snaps.mounts("c1");
        assertEquals(List.of(m.initDir(), base.diffDir()), again.lowerDirs());
        assertEquals(List.of("c1/init", base.shortPath()), again.shortLowerDirs());
        assertEquals(m.upperDir(), again.upperDir());
        assertEquals(List.of(base.chainId()), snaps.parentsInUse());
        snaps.remove("c1");
        assertFalse(Files.exists(root.resolve("c1")));
    }

    @Test
    void prepare_withoutParent_hasOneEmptyLower() {
        LayerStore layers = new LayerStore(root, new LayerUnpacker());
        SnapshotMounts m = new OverlaySnapshotter(layers).prepare("scratch", null);
        assertEquals(1, m.lowerDirs().size());
        assertTrue(Files.isDirectory(m.lowerDirs().get(0)));
    }

    @Test
    void prepare_unknownParent_notFound_andInvalidKey_refused() {
        OverlaySnapshotter snaps = new OverlaySnapshotter(
                new LayerStore(root, new LayerUnpacker()));
        assertThrows(EngineException.class, () -> snaps.prepare("c", "sha256:" + "0".repeat(64)));
        assertFalse(Files.exists(root.resolve("c")), "nothing made for a missing parent");
        assertThrows(EngineException.class, () -> snaps.prepare("../x", null));
        assertThrows(EngineException.class, () -> snaps.prepare("l", null));
    }

    @Test
    void aSnapshotLeftByAKillInsidePrepare_isListedAndRemovable_whateverItsMetadata() throws Exception {
        // prepare renames the snapshot into place before its syncs: a power loss there can leave its metadata empty
        LayerStore layers = new LayerStore(root, new LayerUnpacker());
        OverlaySnapshotter snaps = new OverlaySnapshotter(layers);
        snaps.prepare("torn", null);
        Files.write(root.resolve("torn/snapshot.json"), new byte[0]);
        assertTrue(snaps.keys().contains("torn"), "ContainerRestore sees it as a root fs of no container");
        snaps.remove("torn");
        assertFalse(Files.exists(root.resolve("torn")));
        assertFalse(snaps.keys().contains("torn"));
    }
}
