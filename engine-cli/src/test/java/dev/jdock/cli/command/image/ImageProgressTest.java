package dev.jdock.cli.command.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.client.DockerHost;
import dev.jdock.api.client.EngineClient;
import dev.jdock.api.types.Golden;
import dev.jdock.cli.core.Cli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code load}/{@code import} off a terminal print dockerd's message streams as the docker CLI did (its stdout
 * and stderr, recorded under {@code docker-cli/} by scripts/test/capture-docker-progress.sh) and exit 1 on an error.
 */
class ImageProgressTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = ImageProgressTest.class.getResourceAsStream("/docker-cli/" + name)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pull", "push", "load", "error"})
    void printProgress_asDocker(String name) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Cli cli = new Cli(new EngineClient(DockerHost.parse("unix:///tmp/jdock-imageprogress-nope.sock")),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> 0L);
        int status = ImageCommands.printProgress(cli, new ByteArrayInputStream(
                Golden.load("progress-" + name + ".jsonl").getBytes(StandardCharsets.UTF_8)), false);
        String expectedErr = resource(name + ".err");
        assertEquals(expectedErr.isEmpty() ? 0 : 1, status);
        assertEquals(resource(name + ".plain.out"), out.toString(StandardCharsets.UTF_8));
        assertEquals(expectedErr, err.toString(StandardCharsets.UTF_8));
    }
}
