package dev.jdock.cli.command.context;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks docker's {@code context create|update} makes of the TLS files of a TCP endpoint before it stores them
 * (it builds a client from them): the CA must hold a certificate, the key a PEM block that is not a certificate, the
 * certificate a PEM block. Null when they pass, else docker's message.
 */
final class TlsCheck {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final String INFO = "failed to retrieve context tls info: ";

    private TlsCheck() {
    }

    static String problem(byte[] ca, byte[] cert, byte[] key) {
        if (ca != null && !hasCertificate(ca)) {
            return INFO + "ca.pem seems invalid";
        }
        if (cert != null && key != null) {
            String keyType = firstBlock(key);
            if (keyType == null) {
                return "no valid private key found";
            }
            if (firstBlock(cert) == null) {
                return INFO + "tls: failed to find any PEM data in certificate input";
            }
            if (keyType.equals("CERTIFICATE")) {
                return INFO + "tls: found a certificate rather than a key in the PEM for the private key";
            }
        }
        return null;
    }

    /** The type of the first PEM block, or null when there is none. */
    private static String firstBlock(byte[] pem) {
        Matcher m = BLOCK.matcher(new String(pem, StandardCharsets.ISO_8859_1));
        return m.find() ? m.group(1) : null;
    }

    private static boolean hasCertificate(byte[] pem) {
        Matcher m = BLOCK.matcher(new String(pem, StandardCharsets.ISO_8859_1));
        while (m.find()) {
            if (!m.group(1).equals("CERTIFICATE")) {
                continue;
            }
            try {
                byte[] der = Base64.getMimeDecoder().decode(m.group(2));
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
                return true;
            } catch (CertificateException | IllegalArgumentException e) {
                // not a certificate: docker skips the block too
            }
        }
        return false;
    }
}
