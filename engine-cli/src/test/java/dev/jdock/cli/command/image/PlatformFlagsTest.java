package dev.jdock.cli.command.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.client.DockerHost;
import dev.jdock.api.client.EngineClient;
import dev.jdock.cli.Jdock;
import dev.jdock.cli.core.Cli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** --platform of history, image inspect and rmi as docker 28.2.2 treats them against an API 1.48 daemon (recorded). */
class PlatformFlagsTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int jdock(String... args) {
        EngineClient c = new EngineClient(DockerHost.parse("unix:///tmp/jdock-platform-nope.sock"));
        c.pinVersion(new ApiVersion(1, 48));
        Cli cli = new Cli(c, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> 0L);
        return Jdock.dispatch(cli, args, 0, new ByteArrayInputStream(new byte[0]));
    }

    @Test
    void history_sendsTheOciPlatformJson() {
        assertEquals("{\"architecture\":\"amd64\",\"os\":\"linux\"}", HistoryCommand.platformJson("linux/amd64"));
    }

    @Test
    void imageInspectAndRmi_needANewerApi() {
        assertEquals(1, jdock("image", "inspect", "--platform", "linux/amd64", "busybox"));
        assertEquals("\"--platform\" requires API version 1.49, but the Docker daemon API version is 1.48\n",
                err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(1, jdock("rmi", "--platform", "linux/amd64", "busybox"));
        assertEquals("\"--platform\" requires API version 1.50, but the Docker daemon API version is 1.48\n",
                err.toString(StandardCharsets.UTF_8));
    }
}
