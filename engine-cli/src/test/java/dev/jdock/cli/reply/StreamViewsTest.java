package dev.jdock.cli.reply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.MiniJson;
import dev.jdock.api.types.Golden;
import dev.jdock.cli.format.JsonStreamSplitter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The views of the streamed replies (stats, events, JSON messages) over dockerd's recorded streams. */
class StreamViewsTest {

    private static List<Object> stream(String golden) throws IOException {
        List<Object> out = new ArrayList<>();
        try (JsonStreamSplitter s = new JsonStreamSplitter(new ByteArrayInputStream(
                Golden.load(golden).getBytes(StandardCharsets.UTF_8)))) {
            Object o;
            while ((o = s.next()) != null) {
                out.add(o);
            }
        }
        return out;
    }

    @Test
    void stats_goldenCgroupV1Sample() throws IOException {
        StatsView s = new StatsView(stream("container-stats.json").get(0));
        assertEquals("/gc", s.name());
        assertEquals("1".repeat(64), s.id());
        assertEquals(1, s.pidsCurrent());
        assertEquals(2, s.cpuStats().onlineCpus());
        assertTrue(s.cpuStats().totalUsage() > s.precpuStats().totalUsage());
        assertTrue(s.cpuStats().systemCpuUsage() > 0);
        assertEquals(2, s.cpuStats().perCpuCount());
        assertEquals(1, s.networks().size());
        assertEquals(1112, s.networks().get(0).rxBytes());
        assertEquals(List.of("Read", "Write", "Sync", "Async", "Discard", "Total"),
                s.ioServiceBytes().stream().map(StatsView.BlkioEntryView::op).toList());
        assertEquals(8192, s.ioServiceBytes().get(1).value());
        assertTrue(s.memoryStats().usage() > 0 && s.memoryStats().limit() > s.memoryStats().usage());
        assertEquals(0.0, s.memoryStats().inactiveFile()); // total_inactive_file, cgroup v1
    }

    @Test
    void stats_emptyObject_readsAsZeros() {
        StatsView s = new StatsView(Map.of());
        assertEquals("", s.id());
        assertEquals(0, s.pidsCurrent());
        assertEquals(0, s.cpuStats().perCpuCount());
        assertNull(s.memoryStats().inactiveFile());
        assertEquals(List.of(), s.networks());
        assertEquals(List.of(), s.ioServiceBytes());
    }

    @Test
    void stats_inactiveFile_v2KeyWhenNoV1Key_andAPresentV1NullWins() throws IOException {
        assertEquals(50.0, memory("{\"stats\":{\"inactive_file\":50}}").inactiveFile());
        assertEquals(7.0, memory("{\"stats\":{\"total_inactive_file\":7,\"inactive_file\":50}}").inactiveFile());
        assertNull(memory("{\"stats\":{\"total_inactive_file\":null,\"inactive_file\":50}}").inactiveFile());
    }

    private static StatsView.MemoryStatsView memory(String json) throws IOException {
        return new StatsView(MiniJson.parse(("{\"memory_stats\":" + json + "}").getBytes(StandardCharsets.UTF_8)))
                .memoryStats();
    }

    @Test
    void events_goldenContainerNetworkImage() throws IOException {
        List<EventMessageView> events = stream("events.jsonl").stream().map(EventMessageView::new).toList();
        EventMessageView start = events.get(0);
        assertEquals("container", start.type());
        assertEquals("start", start.action());
        assertEquals("1".repeat(64), start.actorId());
        assertEquals(Map.of("image", "busybox", "name", "gt"), start.actorAttributes());
        assertEquals(1796424932L, start.time());
        assertEquals(1796424932361063171L, start.timeNano());
        assertEquals("network", events.get(1).type());
        assertEquals("gnet", events.get(1).actorAttributes().get("name"));
        assertEquals(Map.of(), new EventMessageView(Map.of()).actorAttributes());
    }

    @Test
    void events_goFieldNames_toJsonKeys() {
        assertEquals(List.of("status", "id", "from", "Type", "Action", "Actor", "scope", "time", "timeNano", "Other"),
                List.of("Status", "ID", "From", "Type", "Action", "Actor", "Scope", "Time", "TimeNano", "Other")
                        .stream().map(EventMessageView::goField).toList());
    }

    @Test
    void jsonMessages_goldenPull() throws IOException {
        List<JsonMessageView> pull = stream("progress-pull.jsonl").stream().map(JsonMessageView::new).toList();
        assertEquals(20, pull.size());
        assertEquals("v1", pull.get(0).id());
        assertEquals("Pulling from gbox", pull.get(0).status());
        JsonMessageView downloading = pull.get(3);
        assertEquals("dd14ee6868d4", downloading.id());
        assertEquals("[" + "=".repeat(50) + ">]     558B/558B", downloading.progress());
        assertFalse(downloading.isError() || downloading.hasAux() || downloading.hasStream());
        assertEquals("", pull.get(19).id());
        assertFalse(pull.get(19).hasId());
    }

    @Test
    void jsonMessages_goldenPushAux_loadStream_andError() throws IOException {
        List<Object> push = stream("progress-push.jsonl");
        JsonMessageView aux = new JsonMessageView(push.get(push.size() - 1));
        assertTrue(aux.hasAux());
        assertEquals("sha256:9314d679ed431e971a782fc4d6fc250e42e44c1e33f1ee7c7690bd2fc63c579b",
                new PushResultView(aux.aux()).digest());
        List<Object> load = stream("progress-load.jsonl");
        JsonMessageView loaded = new JsonMessageView(load.get(load.size() - 1));
        assertTrue(loaded.hasStream());
        assertEquals("Loaded image: busybox:latest\n", loaded.stream());
        JsonMessageView failed = new JsonMessageView(stream("progress-error.jsonl").get(1));
        assertTrue(failed.isError());
        assertEquals("An image does not exist locally with the tag: 127.0.0.1:47100/nothere", failed.errorMessage());
    }

    @Test
    void jsonMessages_errorText_theDetailFirst_asDocker_thenTheErrorField_elseEmpty() throws IOException {
        assertEquals("e2", message("{\"error\":\"e1\",\"errorDetail\":{\"message\":\"e2\"}}").errorMessage());
        assertEquals("e2", message("{\"errorDetail\":{\"message\":\"e2\"}}").errorMessage());
        assertEquals("e1", message("{\"error\":\"e1\"}").errorMessage());
        assertEquals("", message("{\"errorDetail\":{}}").errorMessage());
        assertTrue(message("{\"errorDetail\":{}}").isError());
        assertFalse(message("{\"error\":null,\"errorDetail\":null,\"aux\":null}").isError());
        assertFalse(message("{\"aux\":null}").hasAux());
    }

    private static JsonMessageView message(String json) throws IOException {
        return new JsonMessageView(MiniJson.parse(json.getBytes(StandardCharsets.UTF_8)));
    }
}
