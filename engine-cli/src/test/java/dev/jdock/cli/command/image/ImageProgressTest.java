package dev.jdock.cli.command.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.client.DockerHost;
import dev.jdock.api.client.EngineClient;
import dev.jdock.api.types.Golden;
import dev.jdock.cli.Recorded;
import dev.jdock.cli.core.Cli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code load}/{@code import} print dockerd's message streams as the databind implementation did (recorded). */
class ImageProgressTest {

    static List<List<?>> recorded() {
        return Recorded.cases("print-progress.jsonl");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recorded")
    void printProgress_asBefore(List<?> c) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Cli cli = new Cli(new EngineClient(DockerHost.parse("unix:///tmp/jdock-imageprogress-nope.sock")),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> 0L);
        int status = ImageCommands.printProgress(cli,
                new ByteArrayInputStream(Golden.load((String) c.get(0)).getBytes(StandardCharsets.UTF_8)));
        assertEquals(((Number) c.get(1)).intValue(), status);
        assertEquals(c.get(2), out.toString(StandardCharsets.UTF_8));
        assertEquals(c.get(3), err.toString(StandardCharsets.UTF_8));
    }
}
