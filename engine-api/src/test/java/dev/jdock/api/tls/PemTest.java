package dev.jdock.api.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {
    @TempDir
    Path dir;

    @Test
    void rsaToPkcs8_wrapsThePkcs1KeyAsTheJdkEncodesIt() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        byte[] pkcs8 = g.generateKeyPair().getPrivate().getEncoded();
        // PKCS#8: SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING { PKCS#1 } }
        Der.Element outer = Der.read(pkcs8, 0, pkcs8.length);
        Der.Element version = Der.read(pkcs8, outer.start(), outer.end());
        Der.Element algorithm = Der.read(pkcs8, version.end(), outer.end());
        Der.Element key = Der.read(pkcs8, algorithm.end(), outer.end());
        assertArrayEquals(pkcs8, Pem.rsaToPkcs8(key.content(pkcs8)));
    }

    @Test
    void privateKey_readsPkcs1Pkcs8AndSec1AsOpensslWritesThem() throws Exception {
        assumeTrue(TestPki.available(), "openssl is not installed");
        TestPki pki = TestPki.create(dir);
        pki.openssl("genrsa", "-traditional", "-out", "rsa1.pem", "2048");
        pki.openssl("genpkey", "-algorithm", "RSA", "-out", "rsa8.pem");
        pki.openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", "ec.pem");
        pki.openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "ec8.pem");
        pki.openssl("genpkey", "-algorithm", "ED25519", "-out", "ed.pem");
        assertTrue(Files.readString(dir.resolve("rsa1.pem")).contains("BEGIN RSA PRIVATE KEY"));
        assertTrue(Files.readString(dir.resolve("ec.pem")).startsWith("-----BEGIN EC PARAMETERS-----"));
        for (String f : List.of("rsa1.pem", "rsa8.pem", "ec.pem", "ec8.pem", "ed.pem")) {
            pki.openssl("pkey", "-in", f, "-pubout", "-out", f + ".pub");
            PrivateKey key = Pem.privateKey(dir.resolve(f));
            assertSignatureChecks(key, publicKey(dir.resolve(f + ".pub"), key.getAlgorithm()), f);
        }
    }

    @Test
    void privateKey_ofTheServerCertificate_matchesIt() throws Exception {
        assumeTrue(TestPki.available(), "openssl is not installed");
        TestPki pki = TestPki.create(dir);
        X509Certificate cert = Pem.certificates(pki.file("server-cert.pem")).get(0);
        assertSignatureChecks(Pem.privateKey(pki.file("server-key.pem")), cert.getPublicKey(), "server-key.pem");
    }

    @Test
    void certificates_readsEveryBlock_andIgnoresTextAround() throws Exception {
        assumeTrue(TestPki.available(), "openssl is not installed");
        TestPki pki = TestPki.create(dir);
        Path bundle = dir.resolve("bundle.pem");
        Files.writeString(bundle, "Bag Attributes\nsubject=/CN=x\n" + Files.readString(pki.file("ca.pem"))
                + "\n# the other one\n" + Files.readString(pki.file("other-ca.pem")));
        List<X509Certificate> certs = Pem.certificates(bundle);
        assertEquals(2, certs.size());
        assertEquals("CN=ca", certs.get(0).getSubjectX500Principal().getName());
        assertEquals("CN=other-ca", certs.get(1).getSubjectX500Principal().getName());
    }

    @Test
    void encryptedKeys_areRefusedWithAClearMessage() throws Exception {
        assumeTrue(TestPki.available(), "openssl is not installed");
        TestPki pki = TestPki.create(dir);
        pki.openssl("genpkey", "-algorithm", "RSA", "-aes256", "-pass", "pass:secret", "-out", "enc8.pem");
        pki.openssl("genrsa", "-traditional", "-aes256", "-passout", "pass:secret", "-out", "enc1.pem", "2048");
        for (String f : List.of("enc8.pem", "enc1.pem")) {
            IOException e = assertThrows(IOException.class, () -> Pem.privateKey(dir.resolve(f)));
            assertTrue(e.getMessage().contains("is encrypted"), e.getMessage());
        }
    }

    @Test
    void filesWithoutWhatIsAsked_areRefused() throws Exception {
        Path f = dir.resolve("x.pem");
        Files.writeString(f, "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(new byte[8])
                + "\n-----END CERTIFICATE-----\n");
        assertTrue(assertThrows(IOException.class, () -> Pem.privateKey(f)).getMessage()
                .startsWith("no private key found in "));
        assertTrue(assertThrows(IOException.class, () -> Pem.certificates(f)).getMessage()
                .startsWith("bad certificate in "));
        Files.writeString(f, "hello\n");
        assertTrue(assertThrows(IOException.class, () -> Pem.certificates(f)).getMessage()
                .startsWith("no certificate found in "));
        Files.writeString(f, "-----BEGIN PRIVATE KEY-----\nAAAA\n");
        assertTrue(assertThrows(IOException.class, () -> Pem.privateKey(f)).getMessage().startsWith("bad PEM"));
    }

    private static PublicKey publicKey(Path pem, String algorithm) throws Exception {
        String b64 = Files.readString(pem, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "")
                .replaceAll("\\s", "");
        return java.security.KeyFactory.getInstance(algorithm)
                .generatePublic(new java.security.spec.X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
    }

    private static void assertSignatureChecks(PrivateKey key, PublicKey pub, String what) throws Exception {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        s.update("jdock".getBytes(StandardCharsets.UTF_8));
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(alg);
        v.initVerify(pub);
        v.update("jdock".getBytes(StandardCharsets.UTF_8));
        assertTrue(v.verify(sig), what + ": the key read signs what its public key verifies");
    }
}
