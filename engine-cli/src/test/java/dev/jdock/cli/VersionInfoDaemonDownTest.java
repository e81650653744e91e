package dev.jdock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.client.DockerHost;
import dev.jdock.api.client.EngineClient;
import dev.jdock.cli.core.Cli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code version --format} and {@code info --format} with no daemon, as the docker CLI 28.2.2 printed them with
 * DOCKER_HOST at a missing socket: the client's part still renders (scripts ask {@code {{.Client.Version}}} so), the
 * server's is nil (version) or a zero-valued Info (info), then the connection error and exit 1; an info template
 * that needs only the client's part asks no daemon and exits 0.
 */
class VersionInfoDaemonDownTest {
    private static final String HOST = "unix:///tmp/jdock-versiondown-nope.sock";
    private static final String DOWN = "Cannot connect to the jdock daemon at " + HOST
            + ". Is the jdock daemon running?\n";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Cli cli = new Cli(new EngineClient(DockerHost.parse(HOST)),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
            () -> 0L);

    private int jdock(String... args) {
        out.reset();
        err.reset();
        return Jdock.dispatch(cli, args, 0, new ByteArrayInputStream(new byte[0]));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void version_rendersTheClient_thenFails() {
        assertEquals(1, jdock("version", "--format", "{{.Client.Os}}/{{.Client.Arch}}"));
        assertEquals("linux/amd64\n", stdout().replace("arm64", "amd64"));
        assertEquals(DOWN, stderr());
        assertEquals(1, jdock("version", "--format", "{{.Server}}"));
        assertEquals("<nil>\n", stdout());
        // docker: "a" then the connection's error alone (not the nil pointer's)
        assertEquals(1, jdock("version", "--format", "a{{.Server.Version}}b"));
        assertEquals("a\n", stdout());
        assertEquals(DOWN, stderr());
        assertEquals(1, jdock("version", "--format", "{{json .}}"));
        assertTrue(stdout().startsWith("{\"Client\":{\"Version\":"), stdout());
        assertTrue(stdout().endsWith(",\"Server\":null}\n"), stdout());
        assertEquals(64, jdock("version", "--format", "{{.Client"));
    }

    @Test
    void info_ofTheClientAlone_asksNoDaemon() {
        assertEquals(0, jdock("info", "--format", "{{.ClientInfo.Context}} {{.ClientErrors}}"));
        assertEquals("default []\n", stdout());
        assertEquals("", stderr());
        assertEquals(0, jdock("info", "--format", "{{json .ClientInfo.Plugins}}"));
        assertEquals("[]\n", stdout());
    }

    @Test
    void info_ofTheServer_rendersDockersZeroInfo_thenFails() {
        assertEquals(1, jdock("info", "--format", "x{{.ServerVersion}}y{{.Containers}}"));
        assertEquals("xy0\n", stdout());
        assertEquals(DOWN, stderr());
        // nil slices and maps as Go prints them; json writes them null (docker 28.2.2's very output)
        assertEquals(1, jdock("info", "--format",
                "{{.Labels}}|{{.Runtimes}}|{{.RegistryConfig}}|{{.Plugins.Volume}}|{{json .Labels}}|{{len .Labels}}"));
        assertEquals("[]|map[]|<nil>|[]|null|0\n", stdout());
        assertEquals(1, jdock("info", "--format", "hello"));
        assertEquals("hello\n", stdout());
        assertEquals(DOWN, stderr());
        assertEquals(1, jdock("info", "--format", "json"));
        assertTrue(stdout().startsWith("{\"ID\":\"\",\"Containers\":0,\"ContainersRunning\":0,"), stdout());
        assertTrue(stdout().contains(",\"Swarm\":{\"NodeID\":\"\",\"NodeAddr\":\"\",\"LocalNodeState\":\"\","
                + "\"ControlAvailable\":false,\"Error\":\"\",\"RemoteManagers\":null},"), stdout());
        assertTrue(stdout().contains("\"SecurityOptions\":null,\"CDISpecDirs\":null,\"Warnings\":null,"
                + "\"ClientInfo\":{\"Debug\":false,"), stdout());
    }

    @Test
    void info_aTemplateErrorToo_isPrintedAfterTheConnectionsError() {
        assertEquals(1, jdock("info", "--format", "{{.ClientInfo.Nope}}"));
        assertEquals("\n", stdout());
        assertEquals(DOWN + "template: :1:13: executing \"\" at <.ClientInfo.Nope>: can't evaluate field Nope in type "
                + "*system.clientInfo\n", stderr());
    }
}
