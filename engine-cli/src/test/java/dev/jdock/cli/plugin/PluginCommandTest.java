package dev.jdock.cli.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jdock.cli.core.GlobalOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DOCKER_HOST a plugin gets: only where it would not find jdock's endpoint by itself. */
class PluginCommandTest {
    @TempDir
    Path home;

    private String host(Map<String, String> env, String... global) {
        String[] args = new String[global.length + 1];
        System.arraycopy(global, 0, args, 0, global.length);
        args[global.length] = "hello";
        java.util.Map<String, String> e = new java.util.HashMap<>(env);
        e.put("HOME", home.toString());
        return PluginCommand.dockerHost(GlobalOptions.parse(args), e);
    }

    @Test
    void dockerHost_cases() {
        assertEquals("unix:///run/jdock.sock", host(Map.of()), "jdock's default socket is not docker's");
        assertEquals("unix:///run/jd.sock", host(Map.of("JDOCK_HOST", "unix:///run/jd.sock")));
        assertEquals("unix:///run/jd.sock", host(Map.of("JDOCK_HOST", "/run/jd.sock")), "a bare path is jdock's");
        assertEquals("tcp://h:1", host(Map.of("DOCKER_HOST", "tcp://h:1")));
        assertNull(host(Map.of(), "-H", "unix:///x.sock"), "-H is in the plugin's argv");
        assertNull(host(Map.of(), "--context", "remote"), "--context is in the plugin's argv");
        assertNull(host(Map.of("DOCKER_CONTEXT", "remote")), "the plugin reads DOCKER_CONTEXT itself");
        assertEquals("unix:///run/jd.sock", host(Map.of("DOCKER_CONTEXT", "remote", "JDOCK_HOST",
                "unix:///run/jd.sock")), "a host variable wins over DOCKER_CONTEXT, as in docker");
    }

    @Test
    void help_listsValidPluginsAsManagementCommands_andInvalidOnesApart() {
        List<Plugin> plugins = List.of(
                new Plugin("hello", Path.of("/p/docker-hello"),
                        new PluginMetadata("0.1.0", "v", "1", "Say hello", ""), null),
                new Plugin("Upper", Path.of("/p/docker-Upper"), null,
                        "plugin candidate \"Upper\" did not match \"^[a-z][a-z0-9]*$\""),
                new Plugin("badmeta", Path.of("/p/docker-badmeta"), null,
                        "plugin SchemaVersion \"0.2.0\" is not valid, must be 0.1.0"));
        assertEquals(Map.of("hello*", "Say hello"), PluginHelp.managementEntries(plugins));
        // docker 28.2.2's lines, byte for byte
        assertEquals("\nInvalid Plugins:\n"
                + "  Upper       plugin candidate \"Upper\" did not match \"^[a-z][a-z0-9]*$\"\n"
                + "  badmeta     plugin SchemaVersion \"0.2.0\" is not valid, must be 0.1.0\n",
                PluginHelp.invalidSection(plugins));
        assertEquals("", PluginHelp.invalidSection(plugins.subList(0, 1)));
    }
}
