package dev.jdock.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsSettingsTest {
    private static final TlsSettings.Inputs NONE = new TlsSettings.Inputs(null, null, null, null, null);
    private static final Map<String, String> ENV = Map.of("HOME", "/home/u");

    @TempDir
    Path dir;

    @Test
    void nothingGiven_isNoTls_andNotForced() {
        TlsSettings s = TlsSettings.resolve(NONE, NONE, ENV);
        assertFalse(s.enabled());
        assertFalse(s.verify());
        assertFalse(s.plainForced());
        assertEquals(Path.of("/home/u/.docker/ca.pem"), s.caCert());
        assertEquals(Path.of("/home/u/.docker/cert.pem"), s.cert());
        assertEquals(Path.of("/home/u/.docker/key.pem"), s.key());
    }

    @Test
    void tlsverify_turnsTlsOn_evenWhenFalse_asDockerd() {
        TlsSettings on = TlsSettings.resolve(new TlsSettings.Inputs(null, true, null, null, null), NONE, ENV);
        assertTrue(on.enabled() && on.verify());
        TlsSettings off = TlsSettings.resolve(new TlsSettings.Inputs(false, false, null, null, null), NONE, ENV);
        assertTrue(off.enabled(), "--tlsverify=false is TLS without client verification");
        assertFalse(off.verify());
        assertFalse(off.plainForced(), "TLS is on: nothing is forced");
    }

    @Test
    void onlyAnExplicitTlsFalse_forcesPlainTcp() {
        assertTrue(TlsSettings.resolve(new TlsSettings.Inputs(false, null, null, null, null), NONE, ENV)
                .plainForced());
        assertTrue(TlsSettings.resolve(NONE, new TlsSettings.Inputs(false, null, null, null, null), ENV)
                .plainForced(), "daemon.json \"tls\": false");
        TlsSettings tls = TlsSettings.resolve(new TlsSettings.Inputs(true, null, null, null, null), NONE, ENV);
        assertTrue(tls.enabled());
        assertFalse(tls.verify());
    }

    @Test
    void flagsWinOverTheFile_andPathsDefaultToDockerCertPath() {
        TlsSettings.Inputs file = new TlsSettings.Inputs(null, true, "/etc/jdock/ca.pem", "/etc/jdock/cert.pem",
                null);
        TlsSettings s = TlsSettings.resolve(new TlsSettings.Inputs(null, null, null, "/flag/cert.pem", null), file,
                Map.of("DOCKER_CERT_PATH", "/certs", "HOME", "/home/u"));
        assertTrue(s.enabled() && s.verify());
        assertEquals(Path.of("/etc/jdock/ca.pem"), s.caCert());
        assertEquals(Path.of("/flag/cert.pem"), s.cert());
        assertEquals(Path.of("/certs/key.pem"), s.key());
    }

    @Test
    void daemonJsonKeys_areDockerds() throws Exception {
        Path f = dir.resolve("daemon.json");
        Files.writeString(f, "{\"tls\": true, \"tlsverify\": true, \"tlscacert\": \"/a/ca.pem\","
                + " \"tlscert\": \"/a/c.pem\", \"tlskey\": \"/a/k.pem\", \"hosts\": [\"tcp://0.0.0.0:2376\"]}");
        assertEquals(new TlsSettings.Inputs(true, true, "/a/ca.pem", "/a/c.pem", "/a/k.pem"),
                TlsSettings.Inputs.read(f));
        assertEquals(NONE, TlsSettings.Inputs.read(dir.resolve("none.json")));
    }
}
