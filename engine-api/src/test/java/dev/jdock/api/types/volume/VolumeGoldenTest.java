package dev.jdock.api.types.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.jdock.api.Json;
import dev.jdock.api.types.Golden;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class VolumeGoldenTest {
    private static final String MOUNTPOINT = "/var/lib/docker/volumes/gvol/_data";

    private static Volume gvol(UsageData usage) {
        return new Volume("2026-01-02T03:00:04Z", "local", new TreeMap<>(Map.of("a", "1", "b", "2")), MOUNTPOINT,
                "gvol", Map.of(), Volume.LOCAL_SCOPE, usage);
    }

    @Test
    void inspectAndCreate_labelsGivenOrNull_asDockerd() {
        assertEquals(Golden.load("volume-inspect.json"), Golden.write(gvol(null)));
        assertEquals(Golden.load("volume-create.json"), Golden.write(gvol(null)));
        Volume opts = Golden.assertRoundTrip("volume-create-opts.json", Volume.class);
        assertNull(opts.labels());
        assertNull(opts.usageData());
        assertEquals("size=1m", opts.options().get("o"));
    }

    @Test
    void list_warningsNull_emptyListAsDockerd() {
        VolumeListResponse l = Golden.assertRoundTrip("volume-list.json", VolumeListResponse.class);
        assertEquals(List.of("gvol", "gvol2"), l.volumes().stream().map(Volume::name).toList());
        assertEquals(Golden.load("volume-list-empty-filter.json"), Golden.write(new VolumeListResponse(List.of(),
                null)));
    }

    @Test
    void diskUsage_carriesUsageData_sizeFirstAsJdockd() {
        List<Volume> df = Golden.assertRoundTrip("system-df-volumes.json", new TypeReference<List<Volume>>() { });
        assertEquals(new UsageData(6, 0), df.get(0).usageData());
        assertEquals(Golden.load("system-df-volumes.json"), Golden.write(List.of(gvol(new UsageData(6, 0)))));
    }

    @Test
    void prune_namesAndBytes() {
        VolumePruneResponse p = Golden.assertRoundTrip("volume-prune.json", VolumePruneResponse.class);
        assertEquals(new VolumePruneResponse(List.of("gvol"), 6), p);
        assertEquals(Golden.load("volume-prune-none.json"), Golden.write(new VolumePruneResponse(List.of(), 0)));
    }

    @Test
    void createRequest_anyFieldMayBeAbsent() throws Exception {
        VolumeCreateRequest r = Json.requestMapper().readValue("{\"Name\":\"gvol\",\"Driver\":\"local\","
                + "\"DriverOpts\":{\"type\":\"tmpfs\"},\"Labels\":{\"a\":\"1\"},\"ClusterVolumeSpec\":null}",
                VolumeCreateRequest.class);
        assertEquals(new VolumeCreateRequest("gvol", "local", Map.of("type", "tmpfs"), Map.of("a", "1")), r);
        assertEquals(VolumeCreateRequest.EMPTY, Json.requestMapper().readValue("{}", VolumeCreateRequest.class));
        assertEquals("{\"Name\":\"v\"}\n", Golden.write(new VolumeCreateRequest("v", null, null, null)));
    }
}
