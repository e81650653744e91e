package dev.jdock.api.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * PEM files as openssl and the docker tooling write them: certificates ({@code CERTIFICATE} blocks, a chain or a CA
 * bundle) and unencrypted private keys in PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1
 * ({@code EC PRIVATE KEY}, after an optional {@code EC PARAMETERS} block). Text around the blocks is ignored. The
 * JDK reads PKCS#8 only, so the other two are wrapped into PKCS#8 here.
 */
public final class Pem {
    /** One {@code -----BEGIN type-----} block: its type, headers present, and the decoded bytes. */
    record Block(String type, boolean hasHeaders, byte[] der) {
    }

    private static final byte[] RSA_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    private static final byte[] EC_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "EdDSA", "RSASSA-PSS", "XDH"};
    private static final int MAX_FILE = 1 << 20;

    private Pem() {
    }

    /** Every certificate in the file, in order; at least one. */
    public static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(read(file))) {
                if (b.type().equals("CERTIFICATE") || b.type().equals("TRUSTED CERTIFICATE")) {
                    out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (CertificateException e) {
            throw new IOException("bad certificate in " + file + ": " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new IOException("no certificate found in " + file);
        }
        return out;
    }

    /** The file's private key. */
    public static PrivateKey privateKey(Path file) throws IOException {
        for (Block b : blocks(read(file))) {
            switch (b.type()) {
                case "PRIVATE KEY":
                    return pkcs8(b.der(), file);
                case "RSA PRIVATE KEY":
                case "EC PRIVATE KEY":
                    if (b.hasHeaders()) {
                        throw encrypted(file);
                    }
                    return pkcs8(b.type().startsWith("RSA") ? rsaToPkcs8(b.der()) : ecToPkcs8(b.der(), file), file);
                case "ENCRYPTED PRIVATE KEY":
                    throw encrypted(file);
                default:
                    break;
            }
        }
        throw new IOException("no private key found in " + file
                + " (expected a PEM block PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    }

    private static IOException encrypted(Path file) {
        return new IOException("private key " + file + " is encrypted: give an unencrypted key (openssl pkey -in "
                + file + " -out key.pem)");
    }

    private static String read(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE) {
            throw new IOException(file + " is larger than 1 MiB: not a PEM file");
        }
        return Files.readString(file, StandardCharsets.ISO_8859_1);
    }

    /** The PEM blocks of {@code text}. */
    static List<Block> blocks(String text) throws IOException {
        List<Block> out = new ArrayList<>();
        int pos = 0;
        while (true) {
            int begin = text.indexOf("-----BEGIN ", pos);
            if (begin < 0) {
                return out;
            }
            int typeEnd = text.indexOf("-----", begin + 11);
            if (typeEnd < 0) {
                throw new IOException("bad PEM: unterminated BEGIN line");
            }
            String type = text.substring(begin + 11, typeEnd);
            String endLine = "-----END " + type + "-----";
            int end = text.indexOf(endLine, typeEnd);
            if (end < 0) {
                throw new IOException("bad PEM: no " + endLine);
            }
            out.add(block(type, text.substring(typeEnd + 5, end)));
            pos = end + endLine.length();
        }
    }

    private static Block block(String type, String body) throws IOException {
        StringBuilder b64 = new StringBuilder(body.length());
        boolean headers = false;
        for (String line : body.split("\r?\n")) {
            if (line.contains(":")) {
                headers = true; // RFC 1421 headers (Proc-Type, DEK-Info): an encrypted legacy key
            } else {
                b64.append(line.strip());
            }
        }
        try {
            return new Block(type, headers, Base64.getDecoder().decode(b64.toString()));
        } catch (IllegalArgumentException e) {
            throw new IOException("bad PEM: " + type + " is not base64: " + e.getMessage(), e);
        }
    }

    private static PrivateKey pkcs8(byte[] der, Path file) throws IOException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String alg : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this algorithm: try the next one
            }
        }
        throw new IOException("unsupported or malformed private key in " + file);
    }

    /** PKCS#1 RSAPrivateKey to PKCS#8: the key with the rsaEncryption algorithm identifier. */
    static byte[] rsaToPkcs8(byte[] pkcs1) {
        byte[] algorithm = Der.encode(Der.SEQUENCE, Der.encode(Der.OID, RSA_OID), Der.encode(Der.NULL));
        return Der.encode(Der.SEQUENCE, Der.encode(Der.INTEGER, new byte[] {0}), algorithm,
                Der.encode(Der.OCTET_STRING, pkcs1));
    }

    /** SEC1 ECPrivateKey to PKCS#8: the curve comes from the key's own parameters ([0]). */
    static byte[] ecToPkcs8(byte[] sec1, Path file) throws IOException {
        Der.Element seq = Der.read(sec1, 0, sec1.length);
        if (seq.tag() != Der.SEQUENCE) {
            throw new IOException("malformed EC private key in " + file);
        }
        byte[] curve = null;
        int pos = seq.start();
        while (pos < seq.end()) {
            Der.Element e = Der.read(sec1, pos, seq.end());
            if (e.tag() == 0xa0) {
                Der.Element oid = Der.read(sec1, e.start(), e.end());
                if (oid.tag() == Der.OID) {
                    curve = Der.whole(sec1, e.start(), oid);
                }
            }
            pos = e.end();
        }
        if (curve == null) {
            throw new IOException("EC private key in " + file + " does not name its curve");
        }
        byte[] algorithm = Der.encode(Der.SEQUENCE, Der.encode(Der.OID, EC_OID), curve);
        return Der.encode(Der.SEQUENCE, Der.encode(Der.INTEGER, new byte[] {0}), algorithm,
                Der.encode(Der.OCTET_STRING, sec1));
    }
}
