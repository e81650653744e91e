package dev.jdock.cli.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.types.Golden;
import dev.jdock.cli.Recorded;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** dockerd's pull, push, load and failed-push streams shown as the databind implementation showed them. */
class ProgressDisplayRecordedTest {

    static List<List<?>> recorded() {
        return Recorded.cases("progress-display.jsonl");
    }

    @ParameterizedTest(name = "{0} terminal={1}")
    @MethodSource("recorded")
    void display_asBefore(List<?> c) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressDisplay d = new ProgressDisplay(new PrintStream(bytes, true, StandardCharsets.UTF_8), (Boolean) c.get(1));
        String error = d.display(new ByteArrayInputStream(Golden.load((String) c.get(0)).getBytes(StandardCharsets.UTF_8)));
        assertEquals(c.get(2), error);
        assertEquals(c.get(3), bytes.toString(StandardCharsets.UTF_8));
    }
}
