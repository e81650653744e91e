package dev.jdock.daemon.registry;

import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS settings of one registry, laid out as Docker's {@code certs.d/<host:port>/}: every {@code *.crt} is an extra CA
 * (added to the system roots), every {@code *.cert} with its {@code *.key} a client certificate. Insecure registries
 * get a context that verifies nothing, as Docker's InsecureSkipVerify.
 */
final class TlsContexts {
    private TlsContexts() {
    }

    /** @param requests told of a server that asks for a client certificate when {@code dirs} hold none */
    static SSLContext build(List<Path> dirs, boolean verify, ClientCertRequests requests) {
        try {
            List<X509Certificate> cas = new ArrayList<>();
            KeyManagerFactory kmf = null;
            for (Path dir : dirs) {
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                    for (Path f : ds) {
                        String name = f.getFileName().toString();
                        if (name.endsWith(".crt")) {
                            cas.addAll(readCerts(f));
                        } else if (name.endsWith(".cert") && kmf == null) {
                            kmf = clientKeys(f, f.resolveSibling(name.substring(0, name.length() - 5) + ".key"));
                        }
                    }
                }
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            TrustManager tm = verify ? trusting(cas) : new TrustAll();
            KeyManager[] keys = kmf == null ? new KeyManager[] {requests.noClientCertificate()} : kmf.getKeyManagers();
            ctx.init(keys, new TrustManager[] {tm}, null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw EngineException.system("loading registry certificates from " + dirs + ": " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> readCerts(Path f) throws IOException, CertificateException {
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(f)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
        }
        return out;
    }

    private static KeyManagerFactory clientKeys(Path cert, Path key) throws IOException, GeneralSecurityException {
        if (!Files.exists(key)) {
            throw new IOException("missing key " + key.getFileName() + " for client certificate " + cert);
        }
        List<X509Certificate> chain = readCerts(cert);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", privateKey(Files.readString(key, StandardCharsets.US_ASCII)), new char[0],
                chain.toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        return kmf;
    }

    /** PEM {@code PRIVATE KEY} (PKCS#8, RSA or EC) or {@code RSA PRIVATE KEY} (PKCS#1). */
    static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        boolean pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(b64);
        if (pkcs1) {
            der = wrapPkcs1(der);
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(spec);
        } catch (GeneralSecurityException e) {
            return KeyFactory.getInstance("EC").generatePrivate(spec);
        }
    }

    /** PKCS#8 PrivateKeyInfo around a PKCS#1 RSAPrivateKey: version 0, rsaEncryption, OCTET STRING. */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        byte[] algo = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
            0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octet = der(0x04, pkcs1);
        byte[] body = new byte[version.length + algo.length + octet.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algo, 0, body, version.length, algo.length);
        System.arraycopy(octet, 0, body, version.length + algo.length, octet.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] len = n < 0x80 ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : n < 0x10000 ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
                : new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        byte[] out = new byte[1 + len.length + n];
        out[0] = (byte) tag;
        System.arraycopy(len, 0, out, 1, len.length);
        System.arraycopy(content, 0, out, 1 + len.length, n);
        return out;
    }

    /** The system roots plus {@code extra}, with the JDK's own hostname verification. */
    private static TrustManager trusting(List<X509Certificate> extra) throws GeneralSecurityException, IOException {
        X509ExtendedTrustManager system = defaultTm(null);
        if (extra.isEmpty()) {
            return system;
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        for (int i = 0; i < extra.size(); i++) {
            ks.setCertificateEntry("ca" + i, extra.get(i));
        }
        return new Either(defaultTm(ks), system);
    }

    private static X509ExtendedTrustManager defaultTm(KeyStore ks) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        for (TrustManager t : tmf.getTrustManagers()) {
            if (t instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager");
    }

    /** Trusts a server either the extra CAs or the system roots accept. */
    private static final class Either extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager a;
        private final X509ExtendedTrustManager b;

        Either(X509ExtendedTrustManager a, X509ExtendedTrustManager b) {
            this.a = a;
            this.b = b;
        }

        @FunctionalInterface
        private interface Check {
            void run(X509ExtendedTrustManager tm) throws CertificateException;
        }

        private void either(Check c) throws CertificateException {
            try {
                c.run(a);
            } catch (CertificateException e) {
                c.run(b);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String auth, Socket s) throws CertificateException {
            either(tm -> tm.checkServerTrusted(chain, auth, s));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String auth, SSLEngine e) throws CertificateException {
            either(tm -> tm.checkServerTrusted(chain, auth, e));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String auth) throws CertificateException {
            either(tm -> tm.checkServerTrusted(chain, auth));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String auth, Socket s) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String auth, SSLEngine e) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String auth) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return b.getAcceptedIssuers();
        }
    }

    /** Docker's InsecureSkipVerify: no chain and no hostname check. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String auth, Socket s) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String auth, SSLEngine e) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String auth) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String auth, Socket s) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String auth, SSLEngine e) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String auth) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
