package dev.jdock.cli.context;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextStoreTest {
    /** What docker 28.2.2 wrote for {@code docker context create remote --description "my remote" --docker ...}. */
    static final String DOCKER_META = "{\"Name\":\"remote\",\"Metadata\":{\"Description\":\"my remote\"},"
            + "\"Endpoints\":{\"docker\":{\"Host\":\"tcp://127.0.0.1:23760\",\"SkipTLSVerify\":false}}}";

    @TempDir
    Path dir;

    @Test
    void directoryNames_areTheSha256OfTheName_asDockers() {
        ContextStore s = new ContextStore(dir);
        assertEquals("b71199ebd070b36beab7317920c2c2f1d777df8d05e5527d8458fda57cb17a7a", ContextStore.digest("remote"));
        assertEquals(dir.resolve("contexts/meta/b71199ebd070b36beab7317920c2c2f1d777df8d05e5527d8458fda57cb17a7a"),
                s.metaDir("remote"));
        assertEquals(dir.resolve("contexts/tls/b71199ebd070b36beab7317920c2c2f1d777df8d05e5527d8458fda57cb17a7a"
                + "/docker/ca.pem"), s.tlsFile("remote", "ca.pem"));
    }

    @Test
    void metaJson_roundTrips_byteForByte() throws IOException {
        DockerContext c = DockerContext.parse(DOCKER_META.getBytes(StandardCharsets.UTF_8));
        assertEquals("remote", c.name());
        assertEquals("my remote", c.description());
        assertEquals("tcp://127.0.0.1:23760", c.dockerHost());
        assertFalse(c.skipTlsVerify());
        assertEquals(DOCKER_META, new String(c.toJson(), StandardCharsets.UTF_8));
        assertEquals(DOCKER_META, new String(DockerContext.of("remote", "my remote", "tcp://127.0.0.1:23760", false)
                .toJson(), StandardCharsets.UTF_8));
        assertEquals("{\"Name\":\"sk\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\"tcp://1.2.3.4:2376\","
                + "\"SkipTLSVerify\":true}}}", new String(DockerContext.of("sk", "", "tcp://1.2.3.4:2376", true)
                .toJson(), StandardCharsets.UTF_8));
    }

    @Test
    void otherMetadataAndEndpoints_areKept() throws IOException {
        String json = "{\"Name\":\"k\",\"Metadata\":{\"Description\":\"d\",\"StackOrchestrator\":\"swarm\"},"
                + "\"Endpoints\":{\"docker\":{\"Host\":\"unix:///x.sock\",\"SkipTLSVerify\":false},"
                + "\"kubernetes\":{\"Namespace\":\"n\"}}}";
        assertEquals(json, new String(DockerContext.parse(json.getBytes(StandardCharsets.UTF_8)).toJson(),
                StandardCharsets.UTF_8));
    }

    @Test
    void create_writesWhereDockerReads_withItsModes() throws IOException {
        ContextStore s = new ContextStore(dir);
        Map<String, byte[]> tls = new LinkedHashMap<>();
        tls.put("ca.pem", "CA".getBytes(StandardCharsets.UTF_8));
        tls.put("key.pem", "KEY".getBytes(StandardCharsets.UTF_8));
        s.create(DockerContext.of("remote", "my remote", "tcp://127.0.0.1:23760", false), tls);
        assertEquals(DOCKER_META, Files.readString(s.metaDir("remote").resolve("meta.json")));
        assertArrayEquals("KEY".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(s.tlsFile("remote", "key.pem")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                s.tlsFile("remote", "key.pem"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                s.tlsDir("remote"))));
        assertEquals(List.of("ca.pem", "key.pem"), s.tlsFiles("remote"));
        assertTrue(s.exists("remote"));
        assertEquals(List.of("remote"), s.list().stream().map(DockerContext::name).toList());
        s.remove("remote");
        assertFalse(s.exists("remote"));
        assertFalse(Files.exists(s.tlsDir("remote")));
        assertEquals(List.of(), s.list());
    }

    @Test
    void load_ofAMissingContext_isDockersError() {
        ContextStore s = new ContextStore(dir);
        IOException e = assertThrows(IOException.class, () -> s.load("nope"));
        assertEquals("context \"nope\": context not found: open " + s.metaDir("nope").resolve("meta.json")
                + ": no such file or directory", e.getMessage());
    }

    @Test
    void currentContext_isKeptInConfigJson_withItsOtherKeys() throws IOException {
        ContextStore s = new ContextStore(dir);
        assertEquals("", s.currentContext());
        Files.writeString(dir.resolve("config.json"), "{\n\t\"auths\": {\"r.example\": {\"auth\": \"eDp5\"}}\n}");
        s.setCurrentContext("remote");
        assertEquals("remote", s.currentContext());
        assertTrue(Files.readString(dir.resolve("config.json")).contains("\"auth\": \"eDp5\""));
        s.setCurrentContext("default");
        assertEquals("", s.currentContext());
        assertFalse(Files.readString(dir.resolve("config.json")).contains("currentContext"));
    }

    /** docker 28.2.2: `context use default` with no config makes neither file nor directory; a new one is 0700. */
    @Test
    void unchangedContext_writesNothing_aNewDirectoryIs0700() throws IOException {
        Path config = dir.resolve("cfg");
        new ContextStore(config).setCurrentContext("default");
        assertFalse(Files.exists(config));
        new ContextStore(config).setCurrentContext("remote");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        Path file = config.resolve("config.json");
        Files.writeString(file, "{\"currentContext\": \"remote\", \"zeta\": 1}");
        new ContextStore(config).setCurrentContext("remote");
        assertEquals("{\"currentContext\": \"remote\", \"zeta\": 1}", Files.readString(file));
    }

    @Test
    void names_areValidatedAsDockerDoes() {
        assertNull(ContextStore.nameError("my-ctx_1.2+x"));
        assertEquals("\"default\" is a reserved context name", ContextStore.nameError("default"));
        assertEquals("context name \"x\" is invalid, names are validated against regexp "
                + "\"^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$\"", ContextStore.nameError("x"));
        assertTrue(ContextStore.nameError("a b") != null && ContextStore.nameError("-ab") != null);
    }
}
