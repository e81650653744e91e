package dev.jdock.cli.command.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.MiniJson;
import dev.jdock.cli.reply.EventMessageView;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The default event line: time, type, action, actor and its sorted attributes. */
class EventsCommandTest {

    private static EventMessageView event(String json) throws Exception {
        return new EventMessageView(MiniJson.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void line_typeActionActorAndSortedAttributes() throws Exception {
        String line = EventsCommand.line(event("{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"abc\","
                + "\"Attributes\":{\"name\":\"web\",\"image\":\"nginx\"}},\"time\":1700000000,"
                + "\"timeNano\":1700000000123456789}"));
        assertTrue(line.endsWith(" container start abc (image=nginx, name=web)"), line);
        assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.123456789\\S* container .*"), line);
    }

    @Test
    void line_withoutTimeOrActor() throws Exception {
        assertEquals("network destroy ", EventsCommand.line(event("{\"Type\":\"network\",\"Action\":\"destroy\"}")));
        String fromSeconds = EventsCommand.line(event("{\"Type\":\"image\",\"Action\":\"pull\",\"time\":1700000000,"
                + "\"Actor\":{\"ID\":\"busybox\",\"Attributes\":{}}}"));
        assertTrue(fromSeconds.matches("\\S+\\.000000000\\S* image pull busybox"), fromSeconds);
    }
}
