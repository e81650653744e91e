package dev.jdock.daemon.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.value.Digest;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.runtime.syscall.FileModes;
import dev.jdock.runtime.syscall.RecordingSyscalls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LayerUnpackerTest {
    @TempDir
    Path tmp;

    private final RecordingSyscalls sys = new RecordingSyscalls();

    static Stream<Arguments> maliciousTars() {
        return Stream.of(
                Arguments.of("dotdot", (Supplier<byte[]>) () -> new TestTars().raw("../evil", "x").build()),
                Arguments.of("absolute dotdot",
                        (Supplier<byte[]>) () -> new TestTars().raw("/abs/../../evil", "x").build()),
                Arguments.of("symlink to /etc then through it", (Supplier<byte[]>) () -> new TestTars()
                        .symlink("a", "/etc").file("a/passwd", "pwned").build()),
                Arguments.of("symlink to .. then through it", (Supplier<byte[]>) () -> new TestTars()
                        .symlink("a", "..").file("a/x", "pwned").build()),
                Arguments.of("hardlink outside", (Supplier<byte[]>) () -> new TestTars()
                        .hardlink("h", "../../etc/passwd").build()),
                Arguments.of("whiteout through symlink", (Supplier<byte[]>) () -> new TestTars()
                        .symlink("a", "/etc").file("a/.wh.passwd", "").build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("maliciousTars")
    void maliciousEntry_refused_nothingLeftBehind(String name, Supplier<byte[]> tar) throws Exception {
        Path store = tmp.resolve("overlay");
        LayerStore layers = new LayerStore(store, new LayerUnpacker(sys));
        EngineException e = assertThrows(EngineException.class,
                () -> layers.create(null, new ByteArrayInputStream(tar.get()), null, null));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertTrue(e.getMessage().contains("invalid tar entry"), e.getMessage());
        try (Stream<Path> s = Files.list(store)) {
            assertEquals(List.of(store.resolve("l")), s.toList());
        }
        assertFalse(Files.exists(tmp.resolve("evil")));
        assertTrue(sys.calls(RecordingSyscalls.MknodCall.class).isEmpty());
    }

    @Test
    void absolutePath_isMadeRelative() {
        Path dir = tmp.resolve("d");
        unpack(new TestTars().file("/etc/hostname", "h").build(), dir);
        assertTrue(Files.isRegularFile(dir.resolve("etc/hostname")));
    }

    @Test
    void whiteoutAndOpaque_becomeOverlayMarkers() throws Exception {
        Path dir = tmp.resolve("d");
        unpack(new TestTars().dir("etc").file("etc/.wh.passwd", "").dir("opt").file("opt/.wh..wh..opq", "")
                .file("opt/new", "n").build(), dir);
        RecordingSyscalls.MknodCall node = sys.node(dir.resolve("etc/passwd")).orElseThrow();
        assertTrue(node.isWhiteout());
        assertEquals("y", sys.xattr(dir.resolve("opt"), "trusted.overlay.opaque").orElseThrow());
        assertFalse(Files.exists(dir.resolve("opt/.wh..wh..opq")));
        assertFalse(Files.exists(dir.resolve("etc/.wh.passwd")));
        assertTrue(Files.exists(dir.resolve("opt/new")));
    }

    @Test
    void diffId_isSha256OfUncompressedTar_forPlainGzipZstd() {
        byte[] tar = new TestTars().dir("bin").file("bin/sh", "#!").build();
        Digest expected = Digest.sha256(tar);
        int i = 0;
        for (byte[] variant : List.of(tar, TestTars.gzip(tar), TestTars.zstd(tar))) {
            ByteArrayOutputStream tee = new ByteArrayOutputStream();
            UnpackResult r = new LayerUnpacker(sys).unpack(new ByteArrayInputStream(variant),
                    mkdir(tmp.resolve("v" + i++)), tee);
            assertEquals(expected, r.diffId());
            assertEquals(tar.length, r.tarSize());
            assertArrayEquals(tar, tee.toByteArray());
        }
    }

    @Test
    void modesOwnersTimesAndSetuid_appliedAfterChown() {
        Path dir = tmp.resolve("d");
        unpack(new TestTars().file("su", "x".getBytes(), 04755).build(), dir);
        List<RecordingSyscalls.Call> calls = sys.calls();
        int chown = calls.indexOf(new RecordingSyscalls.ChownCall(dir.resolve("su"), 1000, 1001));
        int chmod = calls.indexOf(new RecordingSyscalls.ChmodCall(dir.resolve("su"), 04755));
        assertTrue(chown >= 0 && chmod > chown, calls.toString());
        assertEquals(1, sys.calls(RecordingSyscalls.UtimesCall.class).size());
    }

    @Test
    void hardLinks_symlinks_devices_xattrs() throws Exception {
        Path dir = tmp.resolve("d");
        unpack(new TestTars().file("a", "same").hardlink("b", "a").symlink("s", "/etc/passwd")
                .charDevice("null", 1, 3).fifo("pipe")
                .fileWithXattr("cap", "c", Map.of("user.k", "v")).build(), dir);
        assertEquals(Files.getAttribute(dir.resolve("a"), "unix:ino"), Files.getAttribute(dir.resolve("b"), "unix:ino"));
        assertEquals(Path.of("/etc/passwd"), Files.readSymbolicLink(dir.resolve("s")));
        RecordingSyscalls.MknodCall dev = sys.node(dir.resolve("null")).orElseThrow();
        assertEquals(FileModes.S_IFCHR | 0666, dev.mode());
        assertEquals(FileModes.makedev(1, 3), dev.dev());
        assertEquals(FileModes.S_IFIFO, sys.node(dir.resolve("pipe")).orElseThrow().mode() & FileModes.S_IFMT);
        assertEquals("v", sys.xattr(dir.resolve("cap"), "user.k").orElseThrow());
    }

    @Test
    void laterEntryReplacesEarlierFile() throws Exception {
        Path dir = tmp.resolve("d");
        unpack(new TestTars().file("x", "one").symlink("x", "target").build(), dir);
        assertTrue(Files.isSymbolicLink(dir.resolve("x")));
    }

    private UnpackResult unpack(byte[] tar, Path dir) {
        return new LayerUnpacker(sys).unpack(new ByteArrayInputStream(tar), mkdir(dir), null);
    }

    private static Path mkdir(Path p) {
        try {
            return Files.createDirectories(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
