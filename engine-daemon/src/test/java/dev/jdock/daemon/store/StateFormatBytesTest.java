package dev.jdock.daemon.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jdock.api.Json;
import dev.jdock.daemon.container.ContainerRunState;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link StateFormat#bytes} writes what the tree it replaced wrote: the format field first, then the record's. */
class StateFormatBytesTest {
    record Nested(@JsonProperty("Name") String name, @JsonProperty("Tags") List<String> tags,
            @JsonProperty("Env") Map<String, String> env, @JsonProperty("Size") long size,
            @JsonProperty("Ratio") double ratio, @JsonProperty("Unset") String unset) {
    }

    record Empty() {
    }

    /** What bytes() wrote before: through a tree with the field put first. */
    private static byte[] throughTree(Object record) throws Exception {
        ObjectMapper m = Json.mapper();
        ObjectNode node = m.createObjectNode();
        node.put(StateFormat.FIELD, StateFormat.CURRENT);
        node.setAll((ObjectNode) m.valueToTree(record));
        return m.writeValueAsBytes(node);
    }

    @Test
    void theSameBytesAsThroughATree() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("B", "x\"y\u00e9");
        env.put("A", null);
        List<Object> records = List.of(
                new Nested("n", List.of("a", "b"), env, Long.MAX_VALUE, 0.1, null),
                ContainerRunState.created(),
                ContainerRunState.created().running(42, 41, "2026-12-06T04:00:00.123456789Z"),
                new Empty(),
                Map.of("k", 1));
        for (Object r : records) {
            assertArrayEquals(throughTree(r), StateFormat.bytes(r), r.toString());
        }
        assertEquals("{\"JdockFormat\":1}", new String(StateFormat.bytes(new Empty()), StandardCharsets.UTF_8));
    }

    @Test
    void aRecordThatIsNotAnObject_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> StateFormat.bytes(List.of(1)));
        assertThrows(IllegalArgumentException.class, () -> StateFormat.bytes("text"));
    }
}
