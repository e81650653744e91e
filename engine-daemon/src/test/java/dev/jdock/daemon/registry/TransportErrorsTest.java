package dev.jdock.daemon.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class TransportErrorsTest {
    private static final URI HUB = URI.create("https://registry-1.docker.io/v2/library/alpine/manifests/latest");
    private static final URI LOCAL = URI.create("http://127.0.0.1:5000/v2/");

    @Test
    void unresolvedName_isGoLookupError() {
        ConnectException x = new ConnectException();
        x.initCause(new UnresolvedAddressException());
        String msg = TransportErrors.describe(HUB, x, List.of());
        assertTrue(msg.matches("dial tcp: lookup registry-1\\.docker\\.io( on \\S+:53)?: no such host"), msg);
    }

    /** Go names the name server it asked: resolv.conf's first ("[::1]:53" for an IPv6 one, its zone dropped). */
    @Test
    void theNameServerOfALookup_isResolvConfsFirst() {
        assertEquals("10.0.0.2", TransportErrors.firstNameserver("# x\nsearch lan\nnameserver 10.0.0.2\n"
                + "nameserver 10.0.0.3\n"));
        assertEquals("fe80::1", TransportErrors.firstNameserver("nameserver\tfe80::1%eth0\n"));
        assertEquals(null, TransportErrors.firstNameserver("search lan\n"));
    }

    @Test
    void bareConnectException_isConnectionRefused() {
        ConnectException x = new ConnectException();
        x.initCause(new ConnectException());
        assertEquals("dial tcp 127.0.0.1:5000: connect: connection refused",
                TransportErrors.describe(LOCAL, x, List.of()));
    }

    @Test
    void connectTimeout_namesHostAndDefaultPort() {
        assertEquals("dial tcp registry-1.docker.io:443: i/o timeout",
                TransportErrors.describe(HUB, new HttpConnectTimeoutException("connect timed out"), List.of()));
    }

    @Test
    void badCertificateAlert_pointsAtClientCertificateDirectories() {
        IOException x = new SSLHandshakeException("Received fatal alert: bad_certificate");
        String msg = TransportErrors.describe(LOCAL, x, List.of(Path.of("/etc/jdock/certs.d/127.0.0.1:5000")));
        assertTrue(msg.startsWith("remote error: tls: bad certificate"), msg);
        assertTrue(msg.contains("client.cert and client.key in /etc/jdock/certs.d/127.0.0.1:5000/"), msg);
    }

    @Test
    void otherErrors_keepTheDeepestMessage() {
        IOException x = new IOException("outer", new IOException("stream reset by peer"));
        assertEquals("stream reset by peer", TransportErrors.describe(LOCAL, x, List.of()));
    }

    @Test
    void resetAfterTheServerAskedForAClientCertificate_isTheCertificateAlert() {
        // TLS 1.3: the server's certificate_required alert races with its close; the client may read only a reset
        IOException x = new IOException("Connection reset");
        String msg = TransportErrors.describe(LOCAL, x, List.of(Path.of("/etc/jdock/certs.d/127.0.0.1:5000")), true);
        assertTrue(msg.startsWith("remote error: tls: certificate required"), msg);
        assertTrue(msg.contains("client.cert and client.key in /etc/jdock/certs.d/127.0.0.1:5000/"), msg);
        assertEquals("Connection reset", TransportErrors.describe(LOCAL, x, List.of(), false));
    }
}
