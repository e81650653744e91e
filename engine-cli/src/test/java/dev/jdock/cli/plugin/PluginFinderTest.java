package dev.jdock.cli.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugin discovery and validation, with docker 28.2.2's reasons (recorded from {@code docker --help}). */
class PluginFinderTest {
    private static final String GOOD = "{\"SchemaVersion\":\"0.1.0\",\"Vendor\":\"Test Inc.\",\"Version\":\"1.0\","
            + "\"ShortDescription\":\"Say hello\",\"Extra\":[1]}";

    @TempDir
    Path tmp;

    private final Map<String, Object> replies = new HashMap<>();

    private PluginFinder finder(Path... dirs) {
        return new PluginFinder(List.of(dirs), "ps"::equals, p -> {
            Object r = replies.get(p.getFileName().toString());
            if (r instanceof IOException e) {
                throw e;
            }
            return ((String) r).getBytes(StandardCharsets.UTF_8);
        });
    }

    private Path plugin(Path dir, String name, String metadata) throws IOException {
        Files.createDirectories(dir);
        replies.put("docker-" + name, metadata);
        return Files.writeString(dir.resolve("docker-" + name), "#!/bin/sh\n");
    }

    @Test
    void list_checksEveryCandidate_withDockersReasons() throws IOException {
        Path d = tmp.resolve("a");
        plugin(d, "hello", GOOD);
        plugin(d, "Upper", GOOD);
        plugin(d, "badmeta", "{\"SchemaVersion\":\"0.2.0\",\"Vendor\":\"x\"}");
        plugin(d, "novendor", "{\"SchemaVersion\":\"0.1.0\"}");
        plugin(d, "notjson", "garbage");
        plugin(d, "empty", "");
        plugin(d, "array", "[]");
        plugin(d, "ps", GOOD);
        plugin(d, "fails", GOOD);
        replies.put("docker-fails", new IOException("exit status 3"));
        Files.createDirectories(d.resolve("docker-adir"));
        Files.writeString(d.resolve("notaplugin"), "");

        Map<String, String> errors = new HashMap<>();
        for (Plugin p : finder(d).list()) {
            errors.put(p.name(), p.error());
        }
        assertEquals(9, errors.size(), errors.toString());
        assertNull(errors.get("hello"));
        assertEquals("plugin candidate \"Upper\" did not match \"^[a-z][a-z0-9]*$\"", errors.get("Upper"));
        assertEquals("plugin SchemaVersion \"0.2.0\" is not valid, must be 0.1.0", errors.get("badmeta"));
        assertEquals("plugin metadata does not define a vendor", errors.get("novendor"));
        assertTrue(errors.get("notjson").startsWith("invalid metadata: "), errors.get("notjson"));
        assertEquals("invalid metadata: unexpected end of JSON input", errors.get("empty"));
        assertEquals("invalid metadata: json: cannot unmarshal array into Go value of type metadata.Metadata",
                errors.get("array"));
        assertEquals("plugin \"ps\" duplicates builtin command", errors.get("ps"));
        assertEquals("failed to fetch metadata: exit status 3", errors.get("fails"));
    }

    @Test
    void find_takesTheFirstDirectoryHoldingTheName() throws IOException {
        Path first = tmp.resolve("first");
        Path second = tmp.resolve("second");
        plugin(second, "hello", GOOD);
        Path want = plugin(first, "hello", GOOD);
        Plugin p = finder(first, second).find("hello");
        assertEquals(want, p.path());
        assertEquals("Say hello", p.shortDescription());
        assertEquals("Test Inc.", p.metadata().vendor());
        assertNull(finder(first, second).find("nothere"));
        assertNull(finder(first, second).find("../first/docker-hello"));
    }

    @Test
    void dirs_putConfiguredExtraDirsFirst_thenTheConfigDir_thenTheSystemDirs() throws IOException {
        Files.writeString(tmp.resolve("config.json"), "{\"cliPluginsExtraDirs\":[\"/opt/x\",\"\"],\"auths\":{}}");
        List<Path> dirs = PluginFinder.dirs(tmp);
        assertEquals(List.of(Path.of("/opt/x"), tmp.resolve("cli-plugins"),
                Path.of("/usr/local/lib/docker/cli-plugins"),
                Path.of("/usr/local/libexec/docker/cli-plugins"), Path.of("/usr/lib/docker/cli-plugins"),
                Path.of("/usr/libexec/docker/cli-plugins")), dirs);
        Files.writeString(tmp.resolve("config.json"), "{not json");
        assertEquals(tmp.resolve("cli-plugins"), PluginFinder.dirs(tmp).get(0));
    }

    @Test
    void execReason_ofEitherJdk_isGosText() {
        assertEquals("permission denied", PluginFinder.execReason("Cannot run program \"/p/docker-x\": error=13, "
                + "Permission denied"));
        assertEquals("permission denied", PluginFinder.execReason("Cannot run program \"/p/docker-x\": Exec failed, "
                + "error: 13 (Permission denied) "));
        assertEquals("no such file or directory", PluginFinder.execReason("Cannot run program \"/p\": error=2, "
                + "No such file or directory"));
    }

    @Test
    void runMetadata_runsTheExecutable_andWordsFailuresAsGo() throws IOException {
        Path ok = Files.writeString(tmp.resolve("docker-ok"), "#!/bin/sh\n[ \"$1\" = docker-cli-plugin-metadata ] "
                + "&& echo '" + GOOD + "'\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(ok, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(GOOD + "\n", new String(PluginFinder.runMetadata(ok), StandardCharsets.UTF_8));

        Path status = Files.writeString(tmp.resolve("docker-status"), "#!/bin/sh\nexit 4\n");
        Files.setPosixFilePermissions(status, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals("exit status 4", assertThrows(IOException.class, () -> PluginFinder.runMetadata(status))
                .getMessage());

        Path noexec = Files.writeString(tmp.resolve("docker-noexec"), "#!/bin/sh\n");
        assertEquals("fork/exec " + noexec + ": permission denied",
                assertThrows(IOException.class, () -> PluginFinder.runMetadata(noexec)).getMessage());
    }
}
