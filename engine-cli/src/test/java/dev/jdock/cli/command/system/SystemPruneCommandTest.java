package dev.jdock.cli.command.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.client.DockerHost;
import dev.jdock.api.client.EngineClient;
import dev.jdock.api.client.FakeEngine;
import dev.jdock.cli.Jdock;
import dev.jdock.cli.core.Cli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemPruneCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Answers each prune endpoint with a canned report. */
    private FakeEngine daemon() throws IOException {
        return new FakeEngine(dir.resolve("d.sock"), (r, ch, in, o) -> {
            String t = r.target();
            String body = t.startsWith("/_ping") ? "OK"
                    : t.contains("/containers/prune") ? "{\"ContainersDeleted\":[\"c1\",\"c2\"],\"SpaceReclaimed\":1000}"
                    : t.contains("/networks/prune") ? "{\"NetworksDeleted\":[\"n1\"]}"
                    : t.contains("/volumes/prune") ? "{\"VolumesDeleted\":[\"v1\"],\"SpaceReclaimed\":2000}"
                    : t.contains("/images/prune") ? "{\"ImagesDeleted\":[{\"Untagged\":\"bb:x\"},"
                            + "{\"Deleted\":\"sha256:abc\"}],\"SpaceReclaimed\":1986000}"
                    : "{\"CachesDeleted\":[],\"SpaceReclaimed\":0}";
            FakeEngine.respond(o, 200, t.startsWith("/_ping") ? "" : "Content-Type: application/json\r\n", body);
        });
    }

    private int jdock(String stdin, String... args) {
        out.reset();
        err.reset();
        Cli cli = new Cli(new EngineClient(DockerHost.unix(dir.resolve("d.sock")), "jdock/test"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> 0L);
        return Jdock.dispatch(cli, args, 0, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void systemPrune_declined_printsDockersWarningAndPrunesNothing() throws Exception {
        try (FakeEngine d = daemon()) {
            assertEquals(0, jdock("n\n", "system", "prune", "--filter", "until=1h", "--filter", "label=a"));
            assertEquals("WARNING! This will remove:\n  - all stopped containers\n"
                    + "  - all networks not used by at least one container\n  - all dangling images\n"
                    + "  - unused build cache\n\n  Items to be pruned will be filtered with:\n  - label=a\n"
                    + "  - until=1h\n\nAre you sure you want to continue? [y/N] ", out());
            assertEquals(0, jdock("", "system", "prune", "-a", "--volumes"));
            assertEquals("WARNING! This will remove:\n  - all stopped containers\n"
                    + "  - all networks not used by at least one container\n"
                    + "  - all anonymous volumes not used by at least one container\n"
                    + "  - all images without at least one container associated to them\n  - all build cache\n\n"
                    + "Are you sure you want to continue? [y/N] ", out());
            assertTrue(d.requests().stream().noneMatch(r -> r.target().contains("prune")));
        }
    }

    @Test
    void systemPrune_forced_listsEachSectionAndOneTotal() throws Exception {
        try (FakeEngine d = daemon()) {
            assertEquals(0, jdock("", "system", "prune", "-f", "--volumes"));
            assertEquals("Deleted Containers:\nc1\nc2\n\nDeleted Networks:\nn1\n\nDeleted Volumes:\nv1\n\n"
                    + "Deleted Images:\nuntagged: bb:x\ndeleted: sha256:abc\n\nTotal reclaimed space: 1.989MB\n",
                    out());
            List<String> targets = d.requests().stream().map(FakeEngine.Request::target)
                    .filter(t -> t.contains("prune")).toList();
            assertEquals(List.of("/v1.41/containers/prune", "/v1.41/networks/prune", "/v1.41/volumes/prune",
                    "/v1.41/images/prune?filters=%7B%22dangling%22%3A%7B%22true%22%3Atrue%7D%7D",
                    "/v1.41/build/prune"), targets);
        }
    }

    @Test
    void systemPrune_untilWithVolumes_andArguments_areDockersErrors() throws Exception {
        try (FakeEngine d = daemon()) {
            assertEquals(1, jdock("", "system", "prune", "--volumes", "--filter", "until=1h"));
            assertEquals("ERROR: The \"until\" filter is not supported with \"--volumes\"\n",
                    err.toString(StandardCharsets.UTF_8));
            assertEquals(1, jdock("", "system", "prune", "x"));
            assertTrue(err.toString(StandardCharsets.UTF_8).startsWith(
                    "jdock: 'jdock system prune' accepts no arguments\n"));
        }
    }

    @Test
    void networkPrune_asksFirst_thenListsWithoutATotal() throws Exception {
        try (FakeEngine d = daemon()) {
            assertEquals(0, jdock("n\n", "network", "prune"));
            assertEquals("WARNING! This will remove all custom networks not used by at least one container.\n"
                    + "Are you sure you want to continue? [y/N] ", out());
            assertEquals(0, jdock("", "network", "prune", "-f", "--filter", "label=a"));
            assertEquals("Deleted Networks:\nn1\n\n", out());
            assertEquals("/v1.41/networks/prune?filters=%7B%22label%22%3A%7B%22a%22%3Atrue%7D%7D",
                    d.requests().get(d.requests().size() - 1).target());
        }
    }
}
