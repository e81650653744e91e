package dev.jdock.daemon.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jdock.api.Json;
import dev.jdock.daemon.container.ContainerRecord;
import dev.jdock.daemon.container.ContainerRunState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * State files written in every earlier format are read without losing a field: each fixture under
 * {@code src/test/resources/state/format<N>/} (format 0: written by jdockd before state files carried a version;
 * format 1: the first versioned layout) is read into its record and written back, and the rewrite holds exactly the
 * fixture's fields and values. A renamed or retyped record field fails here until a new format and its migration
 * exist. The stores' own tests ({@code StateFilesLoadTest}) load the same fixtures through the stores.
 */
class StateFormatCompatTest {
    private static final String C = "8f9bada029571a9a72b235896fa571da5c6a08838c863b001597af29a601ec7a";

    /** Each fixture with the record type its store reads it as (type names: the stores' package-private ones). */
    static Stream<Object[]> fixtures() {
        return Stream.concat(Stream.of(0, 1).flatMap(v -> Stream.of(
                new Object[] {v, "containers/" + C + "/config.json", ContainerRecord.class},
                new Object[] {v, "containers/" + C + "/state.json", ContainerRunState.class},
                new Object[] {v, "image/by-id/6b0d620a3f3aa03fae2ee4814af6b07bcdedab395c514454762992575f534cb3.json",
                        type("dev.jdock.daemon.image.ImageRecord")},
                new Object[] {v, "image/repositories.json", type("dev.jdock.daemon.image.ImageStore$Repositories")},
                new Object[] {v, "network/networks/216164f2c56c55bf78593abaf0496ffed0c847db0df12011ccb54c15029574fa.json",
                        type("dev.jdock.daemon.network.NetworkRecord")},
                new Object[] {v, "network/containers/" + C + ".json", type("dev.jdock.daemon.network.ContainerNet")},
                new Object[] {v, "volumes/fixvol/volume.json", type("dev.jdock.daemon.volume.Volume")},
                new Object[] {v, "overlay/" + DIFF_ID + "/layer.json", type("dev.jdock.daemon.layer.Layer")},
                new Object[] {v, "overlay/7274ee6fa9b7d21f10e40937ace2d762191f3718ae42c57e7471647a383e3e09/layer.json",
                        type("dev.jdock.daemon.layer.Layer")},
                new Object[] {v, "overlay/" + C + "/snapshot.json",
                        type("dev.jdock.daemon.snapshot.OverlaySnapshotter$Meta")})),
                // since format 1: a running container's addresses, veths and ports apart from its configuration
                Stream.<Object[]>of(new Object[] {1, "network/active/" + C + ".json",
                        type("dev.jdock.daemon.network.RunningNet")}));
    }

    /** Each list fixture (a bare array in format 0) with the name of its list and the item type. */
    static Stream<Object[]> listFixtures() {
        return Stream.of(0, 1).flatMap(v -> Stream.of(
                new Object[] {v, "containers/" + C + "/mounts.json", "Mounts",
                        type("dev.jdock.daemon.volume.ResolvedMount")},
                new Object[] {v, "image/distribution/" + DIFF_ID + ".json", "Sources",
                        type("dev.jdock.daemon.image.DistributionMetadata$Source")}));
    }

    static final String DIFF_ID = "802bbd20a89018044eb7710af8d3bdac3dd5a55266bc42febeeb30bd1bf72c93";

    private static Class<?> type(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    static Path fixture(int format, String file) {
        return Path.of("src/test/resources/state/format" + format).resolve(file);
    }

    @ParameterizedTest(name = "format {0}: {1}")
    @MethodSource("fixtures")
    void everyFieldOfAnEarlierFormat_survivesReadAndWrite(int format, String file, Class<?> type) throws Exception {
        byte[] old = Files.readAllBytes(fixture(format, file));
        ObjectNode before = (ObjectNode) Json.mapper().readTree(old);
        assertEquals(format == 0, before.get(StateFormat.FIELD) == null, "fixture's format field");
        Object record = StateFormat.read(old, type);
        ObjectNode after = (ObjectNode) Json.mapper().readTree(StateFormat.bytes(record));
        assertEquals(StateFormat.CURRENT, after.get(StateFormat.FIELD).intValue());
        assertEquals(StateFormat.FIELD, after.fieldNames().next(), "the format comes first");
        before.remove(StateFormat.FIELD);
        after.remove(StateFormat.FIELD);
        for (String derived : DERIVED.getOrDefault(file.substring(file.lastIndexOf('/') + 1), List.of())) {
            before.remove(derived);
        }
        assertEquals(before, after, file);
    }

    @ParameterizedTest(name = "format {0}: {1}")
    @MethodSource("listFixtures")
    void everyItemOfAnEarlierFormatList_survivesReadAndWrite(int format, String file, String name, Class<?> type)
            throws Exception {
        byte[] old = Files.readAllBytes(fixture(format, file));
        JsonNode before = Json.mapper().readTree(old);
        assertEquals(format == 0, before.isArray(), "format 0 lists are bare arrays");
        List<?> items = StateFormat.readList(old, name, type);
        assertFalse(items.isEmpty());
        ObjectNode after = (ObjectNode) Json.mapper().readTree(StateFormat.listBytes(name, items));
        assertEquals(List.of(StateFormat.FIELD, name), iterable(after.fieldNames()));
        assertEquals(StateFormat.CURRENT, after.get(StateFormat.FIELD).intValue());
        JsonNode expected = format == 0 ? before : before.get(name);
        for (String derived : DERIVED.getOrDefault(file.substring(file.lastIndexOf('/') + 1), List.of())) {
            expected.forEach(item -> ((ObjectNode) item).remove(derived));
        }
        assertEquals(expected, after.get(name), file);
    }

    @Test
    void aList_ofANewerFormat_isRefused_withUnknownFieldsOnlyInAnUnversionedFile() throws Exception {
        Class<?> mount = type("dev.jdock.daemon.volume.ResolvedMount");
        String item = "{\"Type\":\"bind\",\"Source\":\"/tmp\",\"Destination\":\"/host\",\"Renamed\":1}";
        IOException newer = assertThrows(StateFormat.NewerFormatException.class, () -> StateFormat.readList(bytes(
                "{\"JdockFormat\":" + (StateFormat.CURRENT + 1) + ",\"Mounts\":[]}"), "Mounts", mount));
        assertTrue(newer.getMessage().contains("written by a newer jdockd"), newer.getMessage());
        assertThrows(IOException.class, () -> StateFormat.readList(bytes("{\"JdockFormat\":1,\"Mounts\":["
                + item + "]}"), "Mounts", mount));
        assertEquals(1, StateFormat.readList(bytes("[" + item + "]"), "Mounts", mount).size());
    }

    @Test
    void aListFile_ofTheWrongShape_isAnError() {
        Class<?> mount = type("dev.jdock.daemon.volume.ResolvedMount");
        for (String bad : new String[] {"{\"Mounts\":[]}", "{\"JdockFormat\":1}",
                "{\"JdockFormat\":1,\"Mounts\":{}}",
                "{\"JdockFormat\":1,\"Mounts\":[],\"Extra\":[]}", "{\"JdockFormat\":1,\"Other\":[]}",
                "{\"JdockFormat\":0,\"Mounts\":[]}", "\"Mounts\"", "3"}) {
            assertThrows(IOException.class, () -> StateFormat.readList(bytes(bad), "Mounts", mount), bad);
        }
    }

    private static List<String> iterable(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    /** Fields format 0 wrote that were never read (derived from others); format 1 no longer writes them. */
    private static final Map<String, List<String>> DERIVED = Map.of("state.json", List.of("running"),
            "mounts.json", List.of("volume"));

    @Test
    void aNewerFormat_isRefused_ratherThanReadWithLoss() throws Exception {
        String json = "{\"JdockFormat\":" + (StateFormat.CURRENT + 1) + ",\"Name\":\"v\",\"Driver\":\"local\"}";
        IOException e = assertThrows(IOException.class, () -> StateFormat.read(bytes(json), type(
                "dev.jdock.daemon.volume.Volume")));
        assertTrue(e.getMessage().contains("written by a newer jdockd"), e.getMessage());
    }

    @Test
    void aFieldTheRecordDoesNotHave_failsTheCurrentFormat_butNotAnUnversionedFile() throws Exception {
        Class<?> volume = type("dev.jdock.daemon.volume.Volume");
        String renamed = "\"Nom\":\"v\",\"Driver\":\"local\",\"CreatedAt\":\"2026-01-01T00:00:00Z\"}";
        assertThrows(IOException.class, () -> StateFormat.read(bytes("{\"JdockFormat\":1," + renamed), volume));
        Object legacy = StateFormat.read(bytes("{" + renamed), volume);
        JsonNode tree = Json.mapper().valueToTree(legacy);
        assertFalse(tree.path("Driver").isMissingNode());
    }

    @Test
    void aBadFormatField_isAnError() {
        assertThrows(IOException.class, () -> StateFormat.read(bytes("{\"JdockFormat\":\"1\"}"),
                ContainerRunState.class));
        assertThrows(IOException.class, () -> StateFormat.read(bytes("{\"JdockFormat\":0}"),
                ContainerRunState.class));
        assertThrows(IOException.class, () -> StateFormat.read(bytes("[1]"), ContainerRunState.class));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
