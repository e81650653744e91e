package dev.jdock.api.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.Json;
import dev.jdock.api.types.Golden;
import dev.jdock.api.types.image.PushResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * dockerd's JSON message streams (pull, push, load, a failed push) read as {@link ProgressMessage}: every field of
 * every message survives the record. dockerd writes {@code progressDetail} and {@code progress} before {@code id}
 * and HTML-escapes {@code >}, and ends each message with CRLF; the record writes jdockd's order (see the golden README), so the written message is
 * compared as a JSON tree, not byte for byte.
 */
class ProgressGoldenTest {

    private static List<String> lines(String name) {
        return List.of(Golden.load(name).split("\r\n"));
    }

    private static List<ProgressMessage> read(String name) throws Exception {
        List<ProgressMessage> out = new ArrayList<>();
        for (String line : lines(name)) {
            out.add(Json.mapper().readValue(line, ProgressMessage.class));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"progress-pull.jsonl", "progress-push.jsonl", "progress-load.jsonl",
        "progress-error.jsonl"})
    void everyMessage_keepsEveryFieldThroughTheRecord(String name) throws Exception {
        for (String line : lines(name)) {
            ProgressMessage m = Json.mapper().readValue(line, ProgressMessage.class);
            assertEquals(Json.mapper().readTree(line), Json.mapper().readTree(Golden.write(m)), line);
        }
    }

    @Test
    void pull_layersWithProgressBarsThenDigestAndStatus() throws Exception {
        List<ProgressMessage> pull = read("progress-pull.jsonl");
        assertEquals(ProgressMessage.status("Pulling from gbox").status(), pull.get(0).status());
        assertEquals("v1", pull.get(0).id());
        ProgressMessage fsLayer = pull.get(1);
        assertEquals(new ProgressMessage.ProgressDetail(null, null), fsLayer.progressDetail());
        ProgressMessage downloading = pull.get(6);
        assertEquals("Downloading", downloading.status());
        assertEquals(new ProgressMessage.ProgressDetail(32768L, 1068859L), downloading.progressDetail());
        assertTrue(downloading.progress().startsWith("[=>    "), downloading.progress());
        assertEquals("Status: Downloaded newer image for 127.0.0.1:47100/gbox:v1", pull.get(pull.size() - 1).status());
        assertFalse(pull.stream().anyMatch(ProgressMessage::isError));
    }

    @Test
    void push_endsWithTheAuxPushResult() throws Exception {
        List<ProgressMessage> push = read("progress-push.jsonl");
        ProgressMessage last = push.get(push.size() - 1);
        assertNull(last.status());
        assertEquals(Golden.load("push-aux.json"), Golden.write(Json.mapper().treeToValue(last.aux(),
                PushResult.class)));
        assertEquals("{\"progressDetail\":{},\"aux\":" + Golden.load("push-aux.json").strip() + "}\n",
                Golden.write(last), "the aux message is byte for byte dockerd's");
    }

    @Test
    void load_layersThenTheLoadedImageLine() throws Exception {
        List<ProgressMessage> load = read("progress-load.jsonl");
        assertEquals("Loading layer", load.get(0).status());
        assertEquals(ProgressMessage.stream("Loaded image: busybox:latest\n"), load.get(load.size() - 1));
    }

    @Test
    void failedPush_errorAndItsDetail_asDockerd() throws Exception {
        List<String> lines = lines("progress-error.jsonl");
        ProgressMessage err = Json.mapper().readValue(lines.get(1), ProgressMessage.class);
        assertTrue(err.isError());
        assertNull(err.errorDetail().code());
        assertEquals(err.error(), err.errorDetail().message());
        assertEquals(lines.get(1) + "\n", Golden.write(ProgressMessage.failure(err.error())));
    }
}
