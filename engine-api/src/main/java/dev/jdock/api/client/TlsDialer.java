package dev.jdock.api.client;

import dev.jdock.api.tls.Pem;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS to a TCP engine, as the docker CLI does it: TLS 1.2 or 1.3; the server's certificate checked against
 * {@code caFile} (the JDK's trusted roots when null) and its name against the host, unless {@code skipVerify}; a
 * client certificate when {@code certFile} and {@code keyFile} are given. The handshake runs with the first request
 * written, so its failure is that request's error (a refused client certificate, an unknown server CA).
 */
public final class TlsDialer implements Dialer {
    private static final int CONNECT_TIMEOUT_MILLIS = 30_000;
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /** Where the TLS material is; null paths are not used. */
    public record Options(Path caFile, Path certFile, Path keyFile, boolean skipVerify) {
    }

    private final DockerHost host;
    private final SSLSocketFactory factory;
    private final boolean verify;

    public TlsDialer(DockerHost host, Options options) throws IOException {
        if (!host.isTcp()) {
            throw new IllegalArgumentException("TLS needs a tcp:// or https:// host, not " + host);
        }
        this.host = host;
        this.verify = !options.skipVerify();
        this.factory = context(options).getSocketFactory();
    }

    private static SSLContext context(Options o) throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers(o), o.skipVerify() ? new TrustManager[] {new TrustAll()} : trustManagers(o), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static KeyManager[] keyManagers(Options o) throws IOException, GeneralSecurityException {
        if (o.certFile() == null || o.keyFile() == null) {
            return null;
        }
        List<X509Certificate> chain = read(o.certFile(), "client certificate", true);
        PrivateKey key;
        try {
            key = Pem.privateKey(o.keyFile());
        } catch (NoSuchFileException e) {
            throw new IOException("could not read key \"" + o.keyFile() + "\": open " + o.keyFile()
                    + ": no such file or directory", e);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", key, new char[0], chain.toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        return kmf.getKeyManagers();
    }

    private static TrustManager[] trustManagers(Options o) throws IOException, GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (o.caFile() == null) {
            tmf.init((KeyStore) null);
        } else {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : read(o.caFile(), "CA certificate", false)) {
                ks.setCertificateEntry("ca" + i++, c);
            }
            tmf.init(ks);
        }
        return tmf.getTrustManagers();
    }

    private static List<X509Certificate> read(Path file, String what, boolean keyPair) throws IOException {
        try {
            return Pem.certificates(file);
        } catch (NoSuchFileException e) {
            throw new IOException("could not read " + (keyPair ? "certificate" : what) + " \"" + file + "\": open "
                    + file + ": no such file or directory", e);
        } catch (IOException e) {
            throw new IOException("could not read " + what + " \"" + file + "\": " + e.getMessage(), e);
        }
    }

    @Override
    public Connection dial() throws IOException {
        Socket tcp = new Socket();
        try {
            tcp.connect(new InetSocketAddress(host.tcpHost(), host.tcpPort()), CONNECT_TIMEOUT_MILLIS);
            tcp.setTcpNoDelay(true);
        } catch (IOException e) {
            tcp.close();
            throw new DaemonUnreachableException(host, e);
        }
        SSLSocket s = (SSLSocket) factory.createSocket(tcp, host.tcpHost(), host.tcpPort(), true);
        SSLParameters p = s.getSSLParameters();
        p.setProtocols(PROTOCOLS);
        if (verify) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        s.setSSLParameters(p);
        return new TlsConnection(s);
    }

    /** {@code --tls} without {@code --tlsverify}, or a context's {@code skip-tls-verify}: any server certificate. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // a client's trust manager is never asked this
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // not verified, as asked
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /**
     * A TLS socket whose failures say what the docker CLI says when the server refuses the client's certificate: with
     * TLS 1.3 that refusal is an alert after the handshake, met by the request's write (a broken pipe, the alert still
     * unread) or by the response's read.
     */
    private static final class TlsConnection implements Connection {
        private final SSLSocket socket;
        private final InputStream input;
        private final OutputStream output;

        TlsConnection(SSLSocket socket) throws IOException {
            this.socket = socket;
            OutputStream raw = socket.getOutputStream();
            this.output = new FilterOutputStream(raw) {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    try {
                        raw.write(b, off, len);
                    } catch (IOException e) {
                        throw explainWrite(e);
                    }
                }
            };
            this.input = new FilterInputStream(socket.getInputStream()) {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        return in.read(b, off, len);
                    } catch (SSLException e) {
                        throw explain(e);
                    }
                }

                @Override
                public void close() throws IOException {
                    socket.close();
                }
            };
        }

        private IOException explainWrite(IOException e) {
            if (e instanceof SSLException s) {
                return explain(s);
            }
            try {
                socket.getInputStream().read(); // the server's alert, if it sent one before closing
            } catch (SSLException alert) {
                return explain(alert);
            } catch (IOException ignored) {
                // no alert: the write's own error stands
            }
            return e;
        }

        private static IOException explain(SSLException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("Received fatal alert") && m.contains("certificate")) {
                return new SSLException("the server probably has client authentication (--tlsverify) enabled; check"
                        + " your TLS client certification settings: " + m, e);
            }
            return e;
        }

        @Override
        public InputStream input() {
            return input;
        }

        @Override
        public OutputStream output() {
            return output;
        }

        @Override
        public void closeWrite() throws IOException {
            if (!socket.isClosed() && !socket.isOutputShutdown()) {
                socket.shutdownOutput();
            }
        }

        @Override
        public boolean isOpen() {
            return !socket.isClosed();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
