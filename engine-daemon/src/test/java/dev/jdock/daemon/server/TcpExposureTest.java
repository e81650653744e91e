package dev.jdock.daemon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.config.TlsSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpExposureTest {
    private static final TlsSettings FORCED = new TlsSettings(false, false, null, null, null, true);
    private static final TlsSettings TLS_ONLY = new TlsSettings(true, false, null, null, null, false);
    private static final TlsSettings VERIFY = new TlsSettings(true, true, null, null, null, false);

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        return switch (host) {
            case "me.local" -> new InetAddress[] {InetAddress.getByName("127.0.1.1")};
            case "mixed" -> new InetAddress[] {InetAddress.getByName("127.0.0.1"), InetAddress.getByName("10.1.1.1")};
            default -> InetAddress.getAllByName(host);
        };
    }

    private static TcpExposure.Verdict check(String host, TlsSettings tls) {
        return TcpExposure.check(List.of(host), tls, TcpExposureTest::resolve);
    }

    @Test
    void plainTcpBeyondLoopback_isRefused() {
        for (String host : List.of("tcp://0.0.0.0:2375", "tcp://10.1.2.3:2375", "tcp://[::]:2375", "tcp://mixed:1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> check(host, TlsSettings.NONE), host);
            assertTrue(e.getMessage().startsWith("refusing to listen on " + host + " without TLS"), e.getMessage());
            assertTrue(e.getMessage().contains("--tls=false"), e.getMessage());
        }
    }

    @Test
    void plainTcpOnLoopback_isAllowedWithDockerdsWarnings() {
        for (String host : List.of("tcp://127.0.0.1:2375", "tcp://localhost:2375", "tcp://[::1]:2375",
                "tcp://me.local:2375")) {
            List<String> w = check(host, TlsSettings.NONE).warnings();
            assertEquals(2, w.size(), host);
            assertTrue(w.get(0).startsWith("Binding to IP address without --tlsverify is insecure"), w.get(0));
        }
    }

    @Test
    void tlsFalse_forcesPlainTcp_withALoudWarning() {
        List<String> w = check("tcp://0.0.0.0:2375", FORCED).warnings();
        assertEquals(3, w.size());
        assertTrue(w.get(2).contains("plain HTTP without any authentication"), w.get(2));
    }

    @Test
    void tlsWithoutVerify_isAllowedAndWarned_verifyIsQuiet_unixIsIgnored() {
        assertEquals(2, check("tcp://0.0.0.0:2376", TLS_ONLY).warnings().size());
        assertEquals(List.of(), check("tcp://0.0.0.0:2376", VERIFY).warnings());
        assertEquals(List.of(), check("unix:///run/jdock.sock", TlsSettings.NONE).warnings());
    }

    @Test
    void startupCheck_printsTheRefusal_orAMissingFile() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(false, TcpExposure.startupCheck(List.of("tcp://0.0.0.0:2375"), TlsSettings.NONE, ps));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("jdockd: refusing to listen on tcp://0.0.0.0:2375"));
        err.reset();
        TlsSettings missing = new TlsSettings(true, true, Path.of("/nonexistent/ca.pem"),
                Path.of("/nonexistent/cert.pem"), Path.of("/nonexistent/key.pem"), false);
        assertEquals(false, TcpExposure.startupCheck(List.of("tcp://0.0.0.0:2376"), missing, ps));
        assertEquals("jdockd: could not read certificate \"/nonexistent/cert.pem\": open /nonexistent/cert.pem: no such"
                + " file or directory\n", err.toString(StandardCharsets.UTF_8));
        assertEquals(true, TcpExposure.startupCheck(List.of("unix:///run/x.sock"), TlsSettings.NONE, ps));
    }
}
