package dev.jdock.cli.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a plugin is started: docker's argv and environment, its exit status passed through. */
class PluginRunnerTest {
    @TempDir
    Path tmp;

    private Plugin plugin(Path path) {
        return new Plugin("hello", path, new PluginMetadata("0.1.0", "v", "1", "Say hello", ""), null);
    }

    @Test
    void argv_isThePluginPath_thenEveryArgumentAsGiven() {
        Plugin p = plugin(Path.of("/p/docker-hello"));
        assertEquals(List.of("/p/docker-hello", "-H", "unix:///x.sock", "hello", "a", "-b"),
                PluginRunner.argv(p, new String[] {"-H", "unix:///x.sock", "hello", "a", "-b"}));
    }

    @Test
    void environment_isDockers_plusTheHostWhenGiven() {
        Plugin p = plugin(Path.of("/p/docker-hello"));
        assertEquals(Map.of("DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND", "jdock", "DOCKER_CLI_PLUGIN_SOCKET", "/s",
                "OTEL_RESOURCE_ATTRIBUTES", "docker.cli.cobra.command_path=jdock%20hello"),
                PluginRunner.environment(p, Map.of(), null, "/s"));
        Map<String, String> env = PluginRunner.environment(p, Map.of("OTEL_RESOURCE_ATTRIBUTES", "a=b"),
                "unix:///run/jdock.sock", "/s");
        assertEquals("a=b,docker.cli.cobra.command_path=jdock%20hello", env.get("OTEL_RESOURCE_ATTRIBUTES"));
        assertEquals("unix:///run/jdock.sock", env.get("DOCKER_HOST"));
    }

    @Test
    void run_passesArgvEnvAndExitStatus() throws IOException {
        Path log = tmp.resolve("log");
        Path script = Files.writeString(tmp.resolve("docker-hello"), "#!/bin/sh\n{ echo \"$0\"; echo \"$@\"; "
                + "echo \"$DOCKER_HOST\"; test -S \"$DOCKER_CLI_PLUGIN_SOCKET\" && echo socket; } > " + log
                + "\nexit 7\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PluginRunner.run(plugin(script), new String[] {"hello", "x", "--y"}, Map.of(),
                "tcp://10.0.0.1:2375", false, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(7, status);
        assertEquals(script + "\nhello x --y\ntcp://10.0.0.1:2375\nsocket\n", Files.readString(log));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void socket_closesItsConnectionsOnTermination_andIsRemoved() throws IOException {
        Path address;
        try (PluginSocket s = PluginSocket.open();
                java.nio.channels.SocketChannel c = java.nio.channels.SocketChannel.open(
                        java.net.UnixDomainSocketAddress.of(s.address()))) {
            address = Path.of(s.address());
            assertEquals("rwx------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(address.getParent())));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (s.connections() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(1, s.connections());
            s.notifyExit();
            assertEquals(-1, c.read(java.nio.ByteBuffer.allocate(1)));
        }
        assertTrue(Files.notExists(address.getParent()));
    }
}
