package dev.jdock.daemon.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeServiceTest {
    @TempDir
    Path root;
    final List<String> events = new ArrayList<>();
    final Map<String, List<String>> users = new HashMap<>();

    private VolumeService service() {
        VolumeStore store = new VolumeStore(root);
        store.load();
        return new VolumeService(store, List.of(new LocalVolumeDriver(store, null)),
                (type, action, id, attrs) -> events.add(type + " " + action + " " + id),
                n -> users.getOrDefault(n, List.of()));
    }

    @Test
    void volumesSurviveARestart() throws Exception {
        VolumeService s = service();
        s.create("data", "local", Map.of(), Map.of("a", "b"));
        Files.writeString(root.resolve("data/_data/f"), "x");
        Volume anon = s.create(null, null, null, null);
        assertEquals(64, anon.name().length());

        VolumeService again = service();
        Volume v = again.get("data");
        assertEquals(Map.of("a", "b"), v.labels());
        assertEquals("local", v.driver());
        assertTrue(again.get(anon.name()).anonymous());
        assertEquals(root.resolve("data/_data").toString(), again.info(v).mountpoint());
        assertEquals("x", Files.readString(Path.of(again.info(v).mountpoint(), "f")));
        assertEquals(List.of("volume create data", "volume create " + anon.name()), events);
    }

    @Test
    void createIsIdempotentAndValidates() {
        VolumeService s = service();
        Volume a = s.create("v1", null, null, Map.of("k", "1"));
        assertEquals(a, s.create("v1", null, null, null));
        assertEquals("create x: volume name is too short, names should be at least two alphanumeric characters",
                assertThrows(EngineException.class, () -> s.create("x", null, null, null)).getMessage());
        EngineException bad = assertThrows(EngineException.class, () -> s.create("a@b", null, null, null));
        assertTrue(bad.getMessage().startsWith("create a@b: \"a@b\" includes invalid characters"));
        assertEquals("create w1: invalid option: \"foo\"", assertThrows(EngineException.class,
                () -> s.create("w1", null, Map.of("foo", "1"), null)).getMessage());
        assertEquals("create w1: missing required option: \"device\"", assertThrows(EngineException.class,
                () -> s.create("w1", null, Map.of("type", "tmpfs"), null)).getMessage());
        EngineException plugin = assertThrows(EngineException.class, () -> s.create("w1", "nfsplug", null, null));
        assertEquals(ErrorKind.NOT_FOUND, plugin.kind());
    }

    @Test
    void removeRefusesAVolumeInUse() {
        VolumeService s = service();
        s.create("busy", null, null, null);
        users.put("busy", List.of("c1", "c2"));
        EngineException e = assertThrows(EngineException.class, () -> s.remove("busy", false));
        assertEquals(ErrorKind.CONFLICT, e.kind());
        assertEquals("remove busy: volume is in use - [c1, c2]", e.getMessage());
        users.clear();
        s.remove("busy", false);
        assertTrue(Files.notExists(root.resolve("busy")));
        EngineException missing = assertThrows(EngineException.class, () -> s.get("busy"));
        assertEquals("get busy: no such volume", missing.getMessage());
        assertEquals(ErrorKind.NOT_FOUND, missing.kind());
        s.remove("busy", true); // force: no error for a missing volume
    }

    @Test
    void pruneRemovesUnusedAnonymousVolumesOrAllWithAllTrue() {
        VolumeService s = service();
        s.create("named", null, null, null);
        String anon = s.create(null, null, null, null).name();
        String used = s.create(null, null, null, null).name();
        users.put(used, List.of("c1"));
        assertEquals(List.of(anon), s.prune(Filters.empty(), false).deleted());
        assertEquals(List.of("named"), s.prune(Filters.parse("{\"all\":[\"true\"]}"), false).deleted());
        assertEquals(List.of(used), s.list(Filters.empty()).stream().map(dev.jdock.api.types.volume.Volume::name).toList());
    }

    @Test
    void listFilters() {
        VolumeService s = service();
        s.create("alpha", null, null, Map.of("env", "prod"));
        s.create("beta", null, null, Map.of("env", "dev"));
        users.put("beta", List.of("c1"));
        assertEquals(List.of("alpha"), names(s, "{\"label\":[\"env=prod\"]}"));
        assertEquals(List.of("alpha", "beta"), names(s, "{\"label\":[\"env\"]}"));
        assertEquals(List.of("alpha"), names(s, "{\"dangling\":[\"true\"]}"));
        assertEquals(List.of("beta"), names(s, "{\"name\":[\"et\"]}"));
        assertEquals(List.of("alpha", "beta"), names(s, "{\"driver\":[\"local\"]}"));
        assertThrows(EngineException.class, () -> names(s, "{\"dangling\":[\"maybe\"]}"));
    }

    @Test
    void listFilters_nameIsAGoRegexp_linearEvenForABacktrackingBomb() {
        VolumeService s = service();
        s.create("alpha", null, null, null);
        s.create("a".repeat(200), null, null, null);
        assertEquals(List.of("alpha"), names(s, "{\"name\":[\"^al.h\"]}"));
        assertEquals(List.of(), names(s, "{\"name\":[\"(a+)+$\\\\d\"]}"));
        assertEquals(List.of(), names(s, "{\"name\":[\"(a|aa)+b\"]}"));
        assertEquals(List.of("alpha"), names(s, "{\"name\":[\"alpha\", \"(\"]}"), "an invalid value is skipped");
    }

    private static List<String> names(VolumeService s, String filters) {
        return s.list(Filters.parse(filters)).stream().map(dev.jdock.api.types.volume.Volume::name).toList();
    }

    @Test
    void removalKilledWhileDeleting_neverHandsItsDataToANewVolumeOfTheSameName() throws Exception {
        VolumeService s = service();
        s.create("data", "local", Map.of(), Map.of());
        Files.writeString(root.resolve("data/_data/secret"), "x");
        // what remove leaves when the daemon is killed before the tree is deleted: the renamed directory
        Files.move(root.resolve("data"), root.resolve(VolumeStore.TOMBSTONE + "data-1"));

        VolumeService again = service();
        assertTrue(again.list(Filters.empty()).isEmpty());
        try (var left = Files.list(root)) {
            assertEquals(List.of(), left.toList(), "the tombstone is deleted at load");
        }
        again.create("data", "local", Map.of(), Map.of());
        try (var content = Files.list(root.resolve("data/_data"))) {
            assertEquals(List.of(), content.toList());
        }
    }

    @Test
    void remove_renamesFirst_soNoHalfDeletedVolumeIsEverLoaded() throws Exception {
        VolumeService s = service();
        s.create("gone", "local", Map.of(), Map.of());
        Files.createDirectories(root.resolve("gone/_data/a/b"));
        s.remove("gone", false);
        try (var left = Files.list(root)) {
            assertEquals(List.of(), left.toList());
        }
    }

    /** moby/sys/mount's words: flags and data only when set, the errno as Go prints it. */
    @Test
    void mountError_asMobysMountError() {
        Path t = Path.of("/d/volumes/v/_data");
        assertEquals("mount /nonexistent:/d/volumes/v/_data, flags: 0x1000: no such file or directory",
                LocalVolumeDriver.mountError("/nonexistent", t, LocalVolumeDriver.parse("bind"),
                        new dev.jdock.runtime.syscall.SyscallException("mount", 2)));
        assertEquals("mount tmpfs:/d/volumes/v/_data, data: bad: invalid argument",
                LocalVolumeDriver.mountError("tmpfs", t, LocalVolumeDriver.parse("bad"),
                        new dev.jdock.runtime.syscall.SyscallException("mount", 22)));
    }
}
