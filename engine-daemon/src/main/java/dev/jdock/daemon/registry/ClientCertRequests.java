package dev.jdock.daemon.registry;

import java.net.Socket;
import java.net.URI;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Remembers the registries ({@code host:port}) whose TLS server asked for a client certificate when jdock had none
 * for them. With TLS 1.3 the server's {@code certificate_required} alert comes after the client has finished its
 * handshake and sent the request; the server then closes, and depending on timing the client reads the alert or only
 * a reset. The certificate request itself is seen during the handshake, so the error can say what was missing
 * either way.
 */
final class ClientCertRequests {
    private final Set<String> asked = ConcurrentHashMap.newKeySet();

    /** A key manager with no client certificate that records each server asking for one. */
    X509ExtendedKeyManager noClientCertificate() {
        return new None();
    }

    /** Whether the TLS server at {@code uri} asked for a client certificate that jdock did not have. */
    boolean askedWithout(URI uri) {
        int port = uri.getPort() >= 0 ? uri.getPort() : 443;
        return uri.getHost() != null && asked.contains(uri.getHost() + ":" + port);
    }

    private void record(String host, int port) {
        if (host != null && asked.size() < 1024) {
            asked.add(host + ":" + (port >= 0 ? port : 443));
        }
    }

    private final class None extends X509ExtendedKeyManager {
        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            record(engine.getPeerHost(), engine.getPeerPort());
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            if (socket != null && socket.getInetAddress() != null) {
                record(socket.getInetAddress().getHostAddress(), socket.getPort());
            }
            return null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return null;
        }
    }
}
