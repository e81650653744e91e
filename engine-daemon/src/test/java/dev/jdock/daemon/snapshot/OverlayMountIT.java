package dev.jdock.daemon.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.layer.Layer;
import dev.jdock.daemon.layer.LayerStore;
import dev.jdock.daemon.layer.LayerUnpacker;
import dev.jdock.daemon.layer.TestTars;
import dev.jdock.runtime.syscall.LinuxSyscalls;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real unpack (mknod whiteout, trusted.* xattr) and a real overlay mount of two layers. Needs root. */
@Tag("root")
class OverlayMountIT {
    @TempDir
    Path root;

    @Test
    void whiteoutAndOpaque_hideLowerEntries_inMergedView() throws Exception {
        LayerStore layers = new LayerStore(root.resolve("overlay"), new LayerUnpacker());
        Layer base = layers.create(null, new ByteArrayInputStream(new TestTars().dir("etc").file("etc/hideme", "x")
                .file("etc/keep", "k").dir("opt").file("opt/old", "o").file("setuid", "s".getBytes(), 04755)
                .build()), null, null);
        Layer top = layers.create(base.chainId(), new ByteArrayInputStream(new TestTars().dir("etc")
                .file("etc/.wh.hideme", "").dir("opt").file("opt/.wh..wh..opq", "").file("opt/new", "n").build()),
                null, null);
        SnapshotMounts m = new OverlaySnapshotter(layers).prepare("c1", top.chainId());
        Path merged = Files.createDirectory(root.resolve("merged"));
        Process p = new ProcessBuilder("mount", "-t", "overlay", "overlay", "-o", m.overlayOptions(),
                merged.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
        try {
            assertFalse(Files.exists(merged.resolve("etc/hideme")));
            assertTrue(Files.exists(merged.resolve("etc/keep")));
            try (Stream<Path> s = Files.list(merged.resolve("opt"))) {
                assertEquals(Set.of("new"), s.map(x -> x.getFileName().toString()).collect(Collectors.toSet()));
            }
            int mode = (Integer) Files.getAttribute(merged.resolve("setuid"), "unix:mode");
            assertEquals(04755, mode & 07777);
        } finally {
            assertEquals(0, new ProcessBuilder("umount", merged.toString()).inheritIO().start().waitFor());
        }
    }
}
