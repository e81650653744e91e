package dev.jdock.api.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made at test time with openssl, as docs/install.md tells users to make them: a CA, a server
 * certificate for 127.0.0.1 and localhost, a client certificate (clientAuth), and a second CA with a client of its own.
 * Files: ca.pem, server-cert.pem, server-key.pem, cert.pem, key.pem (the client's, as DOCKER_CERT_PATH wants them),
 * other-ca.pem, other-cert.pem, other-key.pem.
 */
public final class TestPki {
    private final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    /** Whether openssl can be run here (tests skip without it). */
    public static boolean available() {
        try {
            return new ProcessBuilder("openssl", "version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static TestPki create(Path dir) throws IOException {
        TestPki p = new TestPki(dir);
        p.ca("ca");
        p.ca("other-ca");
        p.signed("server", "ca", "localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth");
        p.signed("client", "ca", "client", "extendedKeyUsage=clientAuth");
        p.signed("other", "other-ca", "client", "extendedKeyUsage=clientAuth");
        Files.move(dir.resolve("client-cert.pem"), dir.resolve("cert.pem"));
        Files.move(dir.resolve("client-key.pem"), dir.resolve("key.pem"));
        return p;
    }

    public Path dir() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    private void ca(String name) throws IOException {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + "-key.pem", "-out", name + ".pem",
                "-days", "2", "-subj", "/CN=" + name);
    }

    private void signed(String name, String ca, String cn, String ext) throws IOException {
        Files.writeString(dir.resolve(name + ".ext"), ext + "\n", StandardCharsets.UTF_8);
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + "-key.pem", "-out", name + ".csr",
                "-subj", "/CN=" + cn);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + "-key.pem",
                "-CAcreateserial", "-out", name + "-cert.pem", "-days", "2", "-extfile", name + ".ext");
    }

    /** Runs openssl in the directory; a failure is an IOException with its output. */
    public void openssl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(cmd + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
