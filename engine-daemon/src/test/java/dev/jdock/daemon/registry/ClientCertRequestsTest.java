package dev.jdock.daemon.registry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TLS server that requires a client certificate, met by a registry client that has none. */
class ClientCertRequestsTest {
    @TempDir
    Path tmp;

    /** A server key store made by the JDK's keytool (a self-signed EC certificate for 127.0.0.1). */
    private SSLContext serverContext() throws Exception {
        Path ks = tmp.resolve("server.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keyalg", "EC", "-alias", "server", "-keystore", ks.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor() == 0 && Files.exists(ks), "keytool: " + out);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    @Test
    void serverRequiringAClientCertificate_isRecorded_andTheErrorSaysSo() throws Exception {
        ClientCertRequests requests = new ClientCertRequests();
        try (SSLServerSocket server = (SSLServerSocket) serverContext().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setNeedClientAuth(true);
            Thread accept = new Thread(() -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.startHandshake();
                } catch (IOException e) {
                    // the client has no certificate: the handshake fails, as intended
                }
            });
            accept.start();
            URI uri = URI.create("https://127.0.0.1:" + server.getLocalPort() + "/v2/");
            assertFalse(requests.askedWithout(uri));
            HttpClient client = HttpClient.newBuilder()
                    .sslContext(TlsContexts.build(List.of(tmp.resolve("none")), false, requests))
                    .connectTimeout(Duration.ofSeconds(2)).build();
            // how the refusal surfaces (alert, reset, or a handshake the JDK client never sees end) varies
            assertThrows(IOException.class,
                    () -> client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding()));
            accept.join(10_000);
            assertTrue(requests.askedWithout(uri), "the certificate request was seen in the handshake");
            assertFalse(requests.askedWithout(URI.create("https://127.0.0.1:1/v2/")), "recorded per host:port");
            String msg = TransportErrors.describe(uri, new IOException("Connection reset"), List.of(),
                    requests.askedWithout(uri));
            assertTrue(msg.startsWith("remote error: tls: certificate required"), msg);
            assertTrue(msg.contains("client.cert and client.key"), msg);
        }
    }
}
