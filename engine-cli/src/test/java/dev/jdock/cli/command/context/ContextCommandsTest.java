package dev.jdock.cli.command.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.client.DockerHost;
import dev.jdock.api.client.EngineClient;
import dev.jdock.cli.Command;
import dev.jdock.cli.context.ContextStore;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.core.GlobalOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextCommandsTest {
    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private ByteArrayOutputStream out;
    private ByteArrayOutputStream err;
    private byte[] stdin = new byte[0];

    /** Runs {@code jdock [global options] context ...} and returns its exit status. */
    private int jdock(String... args) throws IOException {
        env.putIfAbsent("DOCKER_CONFIG", dir.toString());
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        GlobalOptions g = GlobalOptions.parse(args);
        Cli cli = new Cli(new EngineClient(DockerHost.parse(null)), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> 0L, g, env);
        int i = g.next();
        Command cmd = Command.in(Command.Group.CONTEXT, args[i + 1]);
        try {
            return cmd.run(cli, args, i + 2, new java.io.ByteArrayInputStream(stdin));
        } catch (CliException e) {
            err.writeBytes((e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            return e.exitCode();
        }
    }

    @TempDir
    static Path pkiRoot;
    private static Path pkiDir;

    /**
     * A self-signed certificate ({@code ca-in.pem}, {@code cert-in.pem}) and its key ({@code key-in.pem}), made once
     * with the JDK's keytool: docker checks the TLS files of a TCP endpoint, so they must be real.
     */
    private static synchronized Path pki() throws IOException {
        if (pkiDir == null) {
            Path d = Files.createDirectories(pkiRoot.resolve("pki"));
            Path ks = d.resolve("ks.p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            run(keytool, "-genkeypair", "-keyalg", "RSA", "-keysize", "2048", "-alias", "k", "-dname", "CN=jdock-test",
                    "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "secret");
            String pem = run(keytool, "-exportcert", "-rfc", "-alias", "k", "-keystore", ks.toString(),
                    "-storepass", "secret");
            Files.writeString(d.resolve("ca-in.pem"), pem);
            Files.writeString(d.resolve("cert-in.pem"), pem);
            try {
                java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(ks)) {
                    store.load(in, "secret".toCharArray());
                }
                byte[] der = store.getKey("k", "secret".toCharArray()).getEncoded();
                Files.writeString(d.resolve("key-in.pem"), "-----BEGIN PRIVATE KEY-----\n"
                        + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(der) + "\n-----END PRIVATE KEY-----\n");
            } catch (java.security.GeneralSecurityException e) {
                throw new IOException(e);
            }
            pkiDir = d;
        }
        return pkiDir;
    }

    private static String run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", cmd) + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void create_ls_use_show_rm_asTheDockerCli() throws IOException {
        Path ca = pki().resolve("ca-in.pem");
        assertEquals(0, jdock("context", "create", "remote", "--description", "my remote", "--docker",
                "host=tcp://127.0.0.1:23760,ca=" + ca));
        assertEquals("remote\n", out());
        assertEquals("Successfully created context \"remote\"\n", err());
        assertEquals(0, jdock("context", "ls"));
        assertEquals("NAME        DESCRIPTION                               DOCKER ENDPOINT          ERROR\n"
                + "default *   Current DOCKER_HOST based configuration   unix:///run/jdock.sock   \n"
                + "remote      my remote                                 tcp://127.0.0.1:23760    \n", out());
        assertEquals(0, jdock("context", "use", "remote"));
        assertEquals("remote\n", out());
        assertEquals("Current context is now \"remote\"\n", err());
        assertEquals(0, jdock("context", "show"));
        assertEquals("remote\n", out());
        assertEquals(0, jdock("context", "ls", "-q"));
        assertEquals("default\nremote\n", out());
        assertEquals(0, jdock("context", "ls", "--format", "json"));
        assertTrue(out().contains("{\"Current\":true,\"Description\":\"my remote\",\"DockerEndpoint\":"
                + "\"tcp://127.0.0.1:23760\",\"Error\":\"\",\"Name\":\"remote\"}"), out());
        assertEquals(1, jdock("context", "rm", "remote"));
        assertEquals("context \"remote\" is in use, set -f flag to force remove\n", err());
        assertEquals(0, jdock("context", "rm", "-f", "remote"));
        assertEquals("remote\n", out());
        assertEquals(0, jdock("context", "show"));
        assertEquals("default\n", out());
    }

    @Test
    void hostVariable_overridesTheCurrentContext_andSaysSo() throws IOException {
        assertEquals(0, jdock("context", "create", "plain", "--docker", "host=unix:///run/x.sock"));
        assertEquals(0, jdock("context", "use", "plain"));
        env.put("DOCKER_HOST", "unix:///run/env.sock");
        assertEquals(0, jdock("context", "ls"));
        assertTrue(out().contains("default *   Current DOCKER_HOST based configuration   unix:///run/env.sock"), out());
        assertEquals("Warning: DOCKER_HOST environment variable overrides the active context. To use a context, either"
                + " set the global --context flag, or unset DOCKER_HOST environment variable.\n", err());
        assertEquals(0, jdock("-c", "plain", "context", "show"));
        assertEquals("plain\n", out());
    }

    @Test
    void inspect_printsDockersDocument() throws IOException {
        Path ca = pki().resolve("ca-in.pem");
        jdock("context", "create", "remote", "--docker", "host=tcp://h:2376,ca=" + ca + ",skip-tls-verify=true");
        String hash = ContextStore.digest("remote");
        assertEquals(0, jdock("context", "inspect", "remote"));
        assertEquals("[\n    {\n        \"Name\": \"remote\",\n        \"Metadata\": {},\n        \"Endpoints\": {\n"
                + "            \"docker\": {\n                \"Host\": \"tcp://h:2376\",\n"
                + "                \"SkipTLSVerify\": true\n            }\n        },\n        \"TLSMaterial\": {\n"
                + "            \"docker\": [\n                \"ca.pem\"\n            ]\n        },\n"
                + "        \"Storage\": {\n            \"MetadataPath\": \"" + dir + "/contexts/meta/" + hash + "\",\n"
                + "            \"TLSPath\": \"" + dir + "/contexts/tls/" + hash + "\"\n        }\n    }\n]\n", out());
        assertEquals(0, jdock("context", "inspect", "-f", "{{.Endpoints.docker.Host}}"));
        assertEquals("unix:///run/jdock.sock\n", out(), "no name: the current context, here the default one");
        assertEquals(1, jdock("context", "inspect", "nope"));
        assertEquals("[]\n", out());
        assertTrue(err().startsWith("context \"nope\": context not found: open "), err());
    }

    @Test
    void create_refusesWhatDockerRefuses() throws IOException {
        assertEquals(1, jdock("context", "create", "default"));
        assertEquals("\"default\" is a reserved context name\n", err());
        assertEquals(1, jdock("context", "create", "zz", "--docker", "host=tcp://h,bogus=1"));
        assertEquals("unable to create docker endpoint config: unrecognized config key: bogus\n", err());
        assertEquals(1, jdock("context", "create", "zz", "--docker", "host=tcp://h,ca=/nonexistent.pem"));
        assertEquals("unable to create docker endpoint config: open /nonexistent.pem: no such file or directory\n",
                err());
        assertEquals(0, jdock("context", "create", "zz", "--docker", "host=unix:///a"));
        assertEquals(1, jdock("context", "create", "zz", "--docker", "host=unix:///a"));
        assertEquals("context \"zz\" already exists\n", err());
        assertEquals(1, jdock("context", "rm", "default", "nope"));
        assertEquals("context \"default\" cannot be removed\ncontext \"nope\" does not exist\n", err());
        assertFalse(err().isEmpty());
    }

    @Test
    void createWithoutDocker_copiesTheCurrentEndpoint() throws IOException {
        env.put("JDOCK_HOST", "unix:///run/copied.sock");
        assertEquals(0, jdock("context", "create", "copy"));
        assertEquals(0, jdock("context", "inspect", "-f", "{{.Endpoints.docker.Host}} {{.Metadata.Description}}",
                "copy"));
        assertEquals("unix:///run/copied.sock Current DOCKER_HOST based configuration\n", out());
    }

    private String meta(String name) throws IOException {
        return Files.readString(new ContextStore(dir).metaDir(name).resolve("meta.json"));
    }

    @Test
    void export_import_roundTrip_withTls_fileAndStdio() throws IOException {
        Path ca = pki().resolve("ca-in.pem");
        Path cert = pki().resolve("cert-in.pem");
        Path key = pki().resolve("key-in.pem");
        assertEquals(0, jdock("context", "create", "src", "--description", "a <b>", "--docker",
                "host=tcp://h:2376,ca=" + ca + ",cert=" + cert + ",key=" + key));
        Path file = dir.resolve("src.tar");
        assertEquals(0, jdock("context", "export", "src", file.toString()));
        assertEquals("", out());
        assertEquals("Written file \"" + file + "\"\n", err());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)));
        assertEquals(1, jdock("context", "export", "src", file.toString()));
        assertEquals("open " + file + ": file exists\n", err());
        assertEquals(0, jdock("context", "import", "copy", file.toString()));
        assertEquals("copy\n", out());
        assertEquals("Successfully imported context \"copy\"\n", err());
        assertEquals(meta("src").replace("\"src\"", "\"copy\""), meta("copy"));
        ContextStore store = new ContextStore(dir);
        assertEquals(List.of("ca.pem", "cert.pem", "key.pem"), store.tlsFiles("copy"));
        assertEquals(Files.readString(key), Files.readString(store.tlsFile("copy", "key.pem")));
        assertEquals(0, jdock("context", "export", "copy", "-"));
        stdin = out.toByteArray();
        assertEquals(0, jdock("context", "import", "third", "-"));
        assertEquals(Files.readString(cert), Files.readString(store.tlsFile("third", "cert.pem")));
        assertEquals(1, jdock("context", "import", "third", file.toString()));
        assertEquals("context \"third\" already exists\n", err());
    }

    @Test
    void export_import_refuseWhatDockerRefuses() throws IOException {
        assertEquals(1, jdock("context", "export", "nosuch", dir.resolve("x.tar").toString()));
        assertTrue(err().startsWith("context \"nosuch\": context not found: open "), err());
        assertTrue(Files.exists(dir.resolve("x.tar")), "docker creates the file before it reads the context");
        assertEquals(1, jdock("context", "export", "bad/name"));
        assertEquals("context name \"bad/name\" is invalid, names are validated against regexp "
                + "\"^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$\"\n", err());
        assertEquals(1, jdock("context", "import", "default", "x"));
        assertEquals("\"default\" is a reserved context name\n", err());
        assertEquals(1, jdock("context", "import", "new", dir.resolve("nosuch").toString()));
        assertEquals("open " + dir.resolve("nosuch") + ": no such file or directory\n", err());
        assertEquals(1, jdock("context", "import", "new", dir.toString()));
        assertEquals("read " + dir + ": is a directory\n", err());
        assertEquals(1, jdock("context", "import", "new", "-"));
        assertEquals("invalid context: no metadata found\n", err());
        assertFalse(new ContextStore(dir).exists("new"));
    }

    @Test
    void exportDefault_isItsEndpoint() throws IOException {
        env.put("DOCKER_HOST", "tcp://127.0.0.1:2375");
        assertEquals(0, jdock("context", "export", "default", "-"));
        stdin = out.toByteArray();
        assertEquals(0, jdock("context", "import", "d2", "-"));
        assertEquals("{\"Name\":\"d2\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\"tcp://127.0.0.1:2375\","
                + "\"SkipTLSVerify\":false}}}", meta("d2"));
    }

    @Test
    void update_descriptionAndDockerEndpoint_asDocker() throws IOException {
        Path ca = pki().resolve("ca-in.pem");
        Path cert = pki().resolve("cert-in.pem");
        assertEquals(0, jdock("context", "create", "uu", "--description", "old", "--docker",
                "host=tcp://h:1,ca=" + ca + ",cert=" + cert), err());
        ContextStore store = new ContextStore(dir);
        assertEquals(0, jdock("context", "update", "uu", "--description", "new <d>"), err());
        assertEquals("uu\n", out());
        assertEquals("Successfully updated context \"uu\"\n", err());
        assertEquals("{\"Name\":\"uu\",\"Metadata\":{\"Description\":\"new \\u003cd\\u003e\"},\"Endpoints\":"
                + "{\"docker\":"
                + "{\"Host\":\"tcp://h:1\",\"SkipTLSVerify\":false}}}", meta("uu"));
        assertEquals(List.of("ca.pem", "cert.pem"), store.tlsFiles("uu"), "TLS kept without --docker");
        assertEquals(0, jdock("context", "update", "uu", "--docker", "host=tcp://x:2,skip-tls-verify=true,ca=" + ca),
                err());
        assertEquals(List.of("ca.pem"), store.tlsFiles("uu"), "--docker replaces the TLS files");
        assertTrue(meta("uu").contains("\"docker\":{\"Host\":\"tcp://x:2\",\"SkipTLSVerify\":true}"), meta("uu"));
        assertTrue(meta("uu").contains("new \\u003cd\\u003e"), "the description stays");
        assertEquals(0, jdock("context", "create", "other", "--docker", "host=unix:///o.sock,ca=" + ca));
        assertEquals(0, jdock("context", "update", "uu", "--docker", "from=other"));
        assertEquals(List.of(), store.tlsFiles("uu"), "from= copies the host, not the TLS files");
        assertTrue(meta("uu").contains("{\"Host\":\"unix:///o.sock\",\"SkipTLSVerify\":false}"), meta("uu"));
        assertEquals(0, jdock("context", "update", "uu", "--docker", "host="));
        assertTrue(meta("uu").contains("\"docker\":{\"SkipTLSVerify\":false}"), meta("uu"));
    }

    @Test
    void update_refusesWhatDockerRefuses() throws IOException {
        assertEquals(1, jdock("context", "update", "default"));
        assertEquals("\"default\" is a reserved context name\n", err());
        assertEquals(1, jdock("context", "update", "nosuch"));
        assertTrue(err().startsWith("context \"nosuch\": context not found: open "), err());
        assertEquals(0, jdock("context", "create", "uu", "--docker", "host=tcp://h:1"), err());
        String before = meta("uu");
        assertEquals(1, jdock("context", "update", "uu", "--docker", "bogus=1"));
        assertEquals("unable to create docker endpoint config: unrecognized config key: bogus\n", err());
        assertEquals(1, jdock("context", "update", "uu", "--docker", "host=bogus"));
        assertEquals("unable to create docker endpoint config: unable to apply docker endpoint options: unable to "
                + "parse docker host `bogus`\n", err());
        assertEquals(1, jdock("context", "update", "uu", "--docker", "skip-tls-verify=maybe"));
        assertEquals("unable to create docker endpoint config: skip-tls-verify: parsing \"maybe\": invalid syntax\n",
                err());
        assertEquals(1, jdock("context", "update", "uu", "--docker", "from=nosuch"));
        assertTrue(err().startsWith("unable to create docker endpoint config: context \"nosuch\": context not found"),
                err());
        assertEquals(125, jdock("context", "update", "uu", "--docker", "novalue"));
        assertTrue(err().startsWith("invalid argument \"novalue\" for \"--docker\" flag: novalue must be formatted"
                + " as key=value"), err());
        assertEquals(before, meta("uu"), "nothing written by a refused update");
    }

    @Test
    void tcpEndpoint_tlsFilesAreCheckedAsDockerDoes() throws IOException {
        Path text = Files.writeString(dir.resolve("text"), "not pem");
        Path cert = Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n"
                + "-----END CERTIFICATE-----\n");
        Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n"
                + "-----END PRIVATE KEY-----\n");
        String prefix = "unable to create docker endpoint config: invalid docker endpoint options: ";
        assertEquals(1, jdock("context", "create", "t1", "--docker", "host=tcp://h:1,ca=" + text));
        assertEquals(prefix + "failed to retrieve context tls info: ca.pem seems invalid\n", err());
        assertEquals(1, jdock("context", "create", "t1", "--docker", "host=tcp://h:1,ca=" + cert),
                "a CERTIFICATE block that is not a certificate");
        assertEquals(1, jdock("context", "create", "t1", "--docker", "host=tcp://h:1,cert=" + cert + ",key=" + text));
        assertEquals(prefix + "no valid private key found\n", err());
        assertEquals(1, jdock("context", "create", "t1", "--docker", "host=tcp://h:1,cert=" + text + ",key=" + key));
        assertEquals(prefix + "failed to retrieve context tls info: tls: failed to find any PEM data in certificate"
                + " input\n", err());
        assertEquals(1, jdock("context", "create", "t1", "--docker", "host=tcp://h:1,cert=" + cert + ",key=" + cert));
        assertEquals(prefix + "failed to retrieve context tls info: tls: found a certificate rather than a key in the"
                + " PEM for the private key\n", err());
        assertEquals(0, jdock("context", "create", "t1", "--docker", "host=unix:///x.sock,ca=" + text),
                "not checked for a socket");
        assertEquals(0, jdock("context", "create", "t2", "--docker", "host=tcp://h:1,key=" + text),
                "a key alone is not checked");
    }

    /** docker 28.2.2 lists aa, default, zz (recorded): every context by name, default among them. */
    @Test
    void ls_sortsDefaultAmongTheOthers() throws Exception {
        assertEquals(0, jdock("context", "create", "aa", "--docker", "host=unix:///tmp/x.sock"));
        assertEquals(0, jdock("context", "create", "zz", "--docker", "host=unix:///tmp/x.sock"));
        assertEquals(0, jdock("context", "create", "a10", "--docker", "host=unix:///tmp/x.sock"));
        assertEquals(0, jdock("context", "create", "a9", "--docker", "host=unix:///tmp/x.sock"));
        out();
        err();
        assertEquals(0, jdock("context", "ls", "-q"));
        assertEquals("a9\na10\naa\ndefault\nzz\n", out());
        assertEquals(true, dev.jdock.cli.format.Formats.naturalCompare("a01", "a1") > 0);
    }
}
