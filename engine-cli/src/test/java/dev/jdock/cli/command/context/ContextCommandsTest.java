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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextCommandsTest {
    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private ByteArrayOutputStream out;
    private ByteArrayOutputStream err;

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
            return cmd.run(cli, args, i + 2, InputStream.nullInputStream());
        } catch (CliException e) {
            err.writeBytes((e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            return e.exitCode();
        }
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void create_ls_use_show_rm_asTheDockerCli() throws IOException {
        Path ca = Files.writeString(dir.resolve("ca-in.pem"), "CA");
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
        Path ca = Files.writeString(dir.resolve("ca-in.pem"), "CA");
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
}
