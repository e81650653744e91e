package dev.jdock.cli.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.cli.core.CliException;
import dev.jdock.cli.core.GlobalOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointResolverTest {
    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void store() throws IOException {
        env.put("DOCKER_CONFIG", dir.toString());
        ContextStore s = new ContextStore(dir);
        s.create(DockerContext.of("plain", "", "unix:///run/plain.sock", false), Map.of());
        s.create(DockerContext.of("secure", "", "tcp://10.0.0.5", false), Map.of("ca.pem", bytes("CA"),
                "cert.pem", bytes("C"), "key.pem", bytes("K")));
        s.create(DockerContext.of("skip", "", "tcp://10.0.0.6:2376", true), Map.of());
        s.create(DockerContext.of("far", "", "ssh://me@far", false), Map.of());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Endpoint resolve(String... args) throws IOException {
        String[] full = new String[args.length + 1];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "ps";
        return new EndpointResolver(GlobalOptions.parse(full), env).resolve();
    }

    @Test
    void nothingSet_isTheDefaultSocket() throws IOException {
        Endpoint e = resolve();
        assertEquals("default", e.context());
        assertEquals("unix:///run/jdock.sock", e.host().toString());
        assertFalse(e.tls());
    }

    @Test
    void currentContext_thenDockerContext_thenHostVariables_thenFlags() throws IOException {
        new ContextStore(dir).setCurrentContext("plain");
        assertEquals("unix:///run/plain.sock", resolve().host().toString());
        env.put("DOCKER_CONTEXT", "far");
        assertEquals("ssh://me@far", resolve().host().toString());
        env.put("DOCKER_HOST", "unix:///run/docker-host.sock");
        assertEquals("unix:///run/docker-host.sock", resolve().host().toString());
        env.put("JDOCK_HOST", "unix:///run/jdock-host.sock");
        assertEquals("unix:///run/jdock-host.sock", resolve().host().toString());
        assertEquals("unix:///run/flag.sock", resolve("-H", "unix:///run/flag.sock").host().toString());
        Endpoint c = resolve("--context", "plain");
        assertEquals("plain", c.context());
        assertEquals("unix:///run/plain.sock", c.host().toString(), "--context wins over the host variables");
    }

    @Test
    void hostWithContext_isDockersConflict() {
        CliException e = assertThrows(CliException.class, () -> resolve("-c", "plain", "-H", "unix:///x"));
        assertEquals("conflicting options: cannot specify both --host and --context", e.getMessage());
    }

    @Test
    void aMissingContext_isAnError() {
        env.put("DOCKER_CONTEXT", "gone");
        IOException e = assertThrows(IOException.class, this::resolve);
        assertTrue(e.getMessage().startsWith("context \"gone\": context not found: open "), e.getMessage());
    }

    @Test
    void contextTlsFiles_turnTlsOn_withPort2376() throws IOException {
        Endpoint e = resolve("-c", "secure");
        assertTrue(e.tls());
        assertFalse(e.skipVerify());
        assertEquals("tcp://10.0.0.5:2376", e.host().toString());
        ContextStore s = new ContextStore(dir);
        assertEquals(s.tlsFile("secure", "ca.pem"), e.caFile());
        assertEquals(s.tlsFile("secure", "cert.pem"), e.certFile());
        assertEquals(s.tlsFile("secure", "key.pem"), e.keyFile());
        Endpoint skip = resolve("-c", "skip");
        assertTrue(skip.tls() && skip.skipVerify());
        assertNull(skip.caFile());
    }

    @Test
    void dockerTlsVerify_andCertPath_asTheDockerCli() throws IOException {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        Files.writeString(certs.resolve("cert.pem"), "C");
        Files.writeString(certs.resolve("key.pem"), "K");
        env.put("DOCKER_HOST", "tcp://10.0.0.7");
        env.put("DOCKER_TLS_VERIFY", "1");
        env.put("DOCKER_CERT_PATH", certs.toString());
        Endpoint e = resolve();
        assertTrue(e.tls());
        assertFalse(e.skipVerify());
        assertEquals("tcp://10.0.0.7:2376", e.host().toString());
        assertEquals(certs.resolve("ca.pem"), e.caFile());
        assertEquals(certs.resolve("cert.pem"), e.certFile());
        assertEquals(certs.resolve("key.pem"), e.keyFile());
        Endpoint off = resolve("--tlsverify=false");
        assertTrue(off.tls(), "--tlsverify given at all means TLS");
        assertTrue(off.skipVerify());
    }

    @Test
    void tlsAlone_skipsVerification_andMissingDefaultKeyPairsAreDropped() throws IOException {
        Endpoint e = resolve("--tls", "-H", "tcp://10.0.0.8:2376");
        assertTrue(e.tls() && e.skipVerify());
        assertNull(e.certFile());
        assertNull(e.keyFile());
        assertEquals(dir.resolve("ca.pem"), e.caFile(), "the default cert path is the config directory");
        Endpoint given = resolve("--tlsverify", "--tlscert", "/c.pem", "--tlskey", "/k.pem", "-H", "tcp://h:1");
        assertEquals(Path.of("/c.pem"), given.certFile());
        assertEquals(Path.of("/k.pem"), given.keyFile());
    }

    @Test
    void httpsImpliesTls_unixIgnoresIt() throws IOException {
        Endpoint https = resolve("-H", "https://10.0.0.9");
        assertTrue(https.tls());
        assertEquals(2376, https.host().tcpPort());
        assertFalse(resolve("--tlsverify", "-H", "unix:///run/x.sock").tls());
    }

    @Test
    void contextName_followsTheSamePrecedence() throws IOException {
        new ContextStore(dir).setCurrentContext("plain");
        EndpointResolver r = new EndpointResolver(GlobalOptions.parse(new String[] {"ps"}), env);
        assertEquals("plain", r.contextName());
        env.put("DOCKER_HOST", "unix:///x");
        assertEquals("default", r.contextName());
        assertEquals("far", new EndpointResolver(GlobalOptions.parse(new String[] {"-c", "far", "ps"}), env)
                .contextName());
    }
}
