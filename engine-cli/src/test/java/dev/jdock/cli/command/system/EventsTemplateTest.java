package dev.jdock.cli.command.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.cli.Recorded;
import dev.jdock.cli.format.MiniJson;
import dev.jdock.cli.reply.EventMessageView;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code events --format}: what the databind implementation printed for each template (recorded). */
class EventsTemplateTest {

    static List<List<?>> recorded() {
        return Recorded.cases("events-templates.jsonl");
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("recorded")
    void template_printsAsBefore(List<?> c) throws Exception {
        EventMessageView e = new EventMessageView(MiniJson.parse(((String) c.get(0)).getBytes(StandardCharsets.UTF_8)));
        assertEquals(c.get(2), EventsCommand.template((String) c.get(1), e));
    }
}
