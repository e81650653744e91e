package dev.jdock.daemon.registry;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateExpiredException;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Says why a registry could not be reached, in the words of Docker's (Go's) errors, since the JDK's are often a bare
 * class name ({@code ConnectException} with no message when a name does not resolve): {@code dial tcp: lookup HOST
 * on NAMESERVER:53: no such host}, {@code dial tcp HOST:PORT: connect: connection refused}, {@code x509: certificate
 * signed by unknown authority}, {@code remote error: tls: bad certificate} plus where a client certificate would be
 * read from.
 */
final class TransportErrors {
    private TransportErrors() {
    }

    /** As {@link #describe(URI, Throwable, List, boolean)} for a server that did not ask for a client certificate. */
    static String describe(URI uri, Throwable x, List<Path> certDirs) {
        return describe(uri, x, certDirs, false);
    }

    /**
     * The reason for {@code x} on {@code uri}; {@code certDirs} are the certs.d directories of its host;
     * {@code certAsked}: its TLS server asked for a client certificate that jdock did not have (a TLS 1.3 server's
     * alert then races with its close: the client may see only a reset, which is taken for the alert).
     */
    static String describe(URI uri, Throwable x, List<Path> certDirs, boolean certAsked) {
        String host = uri.getHost();
        String hostPort = uri.getRawAuthority() != null && uri.getPort() >= 0 ? uri.getRawAuthority()
                : host + ":" + ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
        for (Throwable t = x; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return "dial tcp: lookup " + host + resolver() + ": no such host";
            }
            if (t instanceof HttpConnectTimeoutException) {
                return "dial tcp " + hostPort + ": i/o timeout";
            }
            if (t instanceof NoRouteToHostException) {
                return "dial tcp " + hostPort + ": connect: no route to host";
            }
            if (t instanceof CertificateExpiredException) {
                return "tls: failed to verify certificate: x509: certificate has expired or is not yet valid";
            }
            if (t instanceof CertPathBuilderException) {
                return "tls: failed to verify certificate: x509: certificate signed by unknown authority ("
                        + firstLine(t) + ")";
            }
        }
        for (Throwable t = x; t != null; t = t.getCause()) {
            String msg = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            // the JDK's HttpClient reports a refused connection as a ConnectException with no message at all
            if (t instanceof ConnectException && (msg.isEmpty() || msg.contains("refused"))) {
                return "dial tcp " + hostPort + ": connect: connection refused";
            }
            if (t instanceof SSLException && msg.contains("fatal alert")) {
                return alert(msg, certDirs);
            }
            if (t instanceof HttpTimeoutException) {
                return "net/http: request canceled (Client.Timeout exceeded while awaiting headers)";
            }
        }
        if (certAsked) {
            return alert("fatal alert: certificate_required", certDirs);
        }
        return deepestMessage(x);
    }

    /** Go's {@code " on 10.0.0.1:53"} of a failed lookup: the host's first name server, or nothing. */
    private static String resolver() {
        try {
            String ns = firstNameserver(java.nio.file.Files.readString(Path.of("/etc/resolv.conf")));
            return ns == null ? "" : " on " + (ns.contains(":") ? "[" + ns + "]" : ns) + ":53";
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }

    /** The first {@code nameserver} of a resolv.conf, without an IPv6 zone; null when there is none. */
    static String firstNameserver(String resolvConf) {
        for (String line : resolvConf.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals("nameserver")) {
                int zone = f[1].indexOf('%');
                return zone < 0 ? f[1] : f[1].substring(0, zone);
            }
        }
        return null;
    }

    /** {@code Received fatal alert: bad_certificate} → Go's wording, with a hint where client certificates live. */
    private static String alert(String msg, List<Path> certDirs) {
        String name = msg.substring(msg.indexOf("fatal alert") + "fatal alert".length()).replaceAll("^[:\\s]+", "")
                .replace('_', ' ');
        String out = "remote error: tls: " + name;
        if (name.contains("certificate")) {
            out += " (the registry asks for a client certificate: put client.cert and client.key in "
                    + (certDirs.isEmpty() ? "certs.d/<host:port>/" : String.join(" or ",
                            certDirs.stream().map(p -> p + "/").toList())) + ")";
        }
        return out;
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static String deepestMessage(Throwable x) {
        String best = null;
        for (Throwable t = x; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                best = t.getMessage();
            }
        }
        return best == null ? x.getClass().getSimpleName() : best;
    }
}
