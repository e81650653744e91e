package dev.jdock.cli.context;

import dev.jdock.api.client.Dialer;
import dev.jdock.api.client.DockerHost;
import dev.jdock.api.client.SshDialer;
import dev.jdock.api.client.TlsDialer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where and how the CLI reaches the engine, once flags, environment and context are resolved
 * ({@link EndpointResolver}): the host, and for a TCP host whether TLS is used, with which files, and whether the
 * server's certificate is checked. TLS classes are loaded only by {@link #dialer()} of a TLS endpoint.
 */
public record Endpoint(String context, DockerHost host, boolean tls, Path caFile, Path certFile, Path keyFile,
        boolean skipVerify) {
    /** What an ssh host runs on the far side (docker runs {@code docker system dial-stdio}). */
    public static final List<String> SSH_REMOTE_COMMAND = List.of("jdock", "system", "dial-stdio");

    /** A plain endpoint (no TLS) of the default context. */
    public static Endpoint plain(DockerHost host) {
        return new Endpoint(ContextStore.DEFAULT, host, false, null, null, null, false);
    }

    /** The transport: ssh, TLS (reads the PEM files now), or a plain socket. */
    public Dialer dialer() throws IOException {
        if ("ssh".equals(host.scheme())) {
            return new SshDialer(host, SSH_REMOTE_COMMAND);
        }
        if (tls && host.isTcp()) {
            return new TlsDialer(host, new TlsDialer.Options(caFile, certFile, keyFile, skipVerify));
        }
        return host.plainDialer();
    }
}
