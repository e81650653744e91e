package dev.jdock.daemon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jdock.api.client.DockerHost;
import dev.jdock.api.client.EngineApiException;
import dev.jdock.api.client.EngineClient;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.api.client.TlsDialer;
import dev.jdock.api.tls.TestPki;
import dev.jdock.daemon.api.HijackedConnection;
import dev.jdock.daemon.api.Routes;
import dev.jdock.daemon.config.TlsSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server on TCP with TLS (certificates made by openssl now), spoken to by the CLI's TLS client. */
class ServerTlsTest {
    @TempDir
    static Path dir;

    private static TestPki pki;
    private DaemonServer server;
    private DockerHost host;

    @BeforeAll
    static void certificates() throws Exception {
        assumeTrue(TestPki.available(), "openssl is not installed");
        pki = TestPki.create(dir);
    }

    @BeforeEach
    void start() throws Exception {
        Routes routes = new Routes();
        routes.get("/hello/{name}", (req, res) -> res.json(200, Map.of("hello", req.param("name"))));
        routes.post("/attach", (req, res) -> {
            HijackedConnection c = res.hijack(req.header("Upgrade").isPresent(), "application/vnd.docker.raw-stream");
            byte[] all = c.input().readAllBytes();
            c.output().write(("echo:" + new String(all, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            c.close();
        });
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = new DaemonServer();
        server.listen("tcp://127.0.0.1:" + port, routes, new TlsSettings(true, true, pki.file("ca.pem"),
                pki.file("server-cert.pem"), pki.file("server-key.pem"), false));
        host = DockerHost.parse("tcp://127.0.0.1:" + port);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private EngineClient client(String cert, String key) throws IOException {
        TlsDialer.Options o = new TlsDialer.Options(pki.file("ca.pem"), cert == null ? null : pki.file(cert),
                key == null ? null : pki.file(key), false);
        return new EngineClient(host, new TlsDialer(host, o), "test");
    }

    private static String hello(EngineClient c) throws IOException {
        try (HttpResponse r = c.execute(HttpRequest.get("/hello/tls").unversioned())) {
            return r.readString().trim();
        }
    }

    @Test
    void aClientCertificateFromTheCa_isServed() throws Exception {
        assertEquals("{\"hello\":\"tls\"}", hello(client("cert.pem", "key.pem")));
    }

    @Test
    void withoutAClientCertificate_theHandshakeFails() throws Exception {
        EngineClient c = client(null, null);
        assertThrows(IOException.class, () -> hello(c));
    }

    @Test
    void aCertificateFromAnotherCa_isRefused() throws Exception {
        EngineClient c = client("other-cert.pem", "other-key.pem");
        assertThrows(IOException.class, () -> hello(c));
    }

    @Test
    void plainHttp_getsGosAnswer_andNothingElse() {
        EngineClient c = new EngineClient(host, "test");
        EngineApiException e = assertThrows(EngineApiException.class, () -> hello(c));
        assertEquals(400, e.status());
        assertEquals("Client sent an HTTP request to an HTTPS server.", e.getMessage());
    }

    @Test
    void aRefusedClientCertificate_isExplainedAsTheDockerCliDoes() throws Exception {
        EngineClient c = client("other-cert.pem", "other-key.pem");
        IOException e = assertThrows(IOException.class, () -> hello(c));
        assertTrue(e.getMessage().startsWith("the server probably has client authentication (--tlsverify) enabled"),
                e.toString());
    }

    @Test
    void theServerCertificate_isCheckedAgainstTheClientsCa() throws Exception {
        TlsDialer.Options o = new TlsDialer.Options(pki.file("other-ca.pem"), pki.file("cert.pem"),
                pki.file("key.pem"), false);
        EngineClient c = new EngineClient(host, new TlsDialer(host, o), "test");
        IOException e = assertThrows(IOException.class, () -> hello(c));
        assertTrue(e.toString().contains("PKIX") || e.toString().contains("certificate"), e.toString());
    }

    @Test
    void hijackedStream_halfClosedByTheClient_stillGetsTheAnswer() throws Exception {
        try (dev.jdock.api.client.HijackedConnection h = client("cert.pem", "key.pem")
                .hijack(HttpRequest.post("/attach").unversioned())) {
            h.output().write("over tls".getBytes(StandardCharsets.UTF_8));
            h.closeWrite();
            assertEquals("echo:over tls", new String(h.input().readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
