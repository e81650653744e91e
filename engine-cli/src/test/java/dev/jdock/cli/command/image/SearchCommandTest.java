package dev.jdock.cli.command.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

class SearchCommandTest {
    private static final String RESULTS = "[{\"star_count\":50,\"is_official\":true,\"name\":\"x/official\","
            + "\"is_automated\":false,\"description\":\"An official image with a description much longer than "
            + "forty-five characters\"},{\"star_count\":3,\"is_official\":false,\"name\":\"x/other\","
            + "\"is_automated\":false,\"description\":\"short\"}]";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private FakeEngine daemon(int status, String reply) throws IOException {
        return new FakeEngine(dir.resolve("d.sock"), (r, ch, in, o) -> {
            if (r.target().startsWith("/_ping")) {
                FakeEngine.respond(o, 200, "", r.method().equals("HEAD") ? "" : "OK"); // HEAD: no body, as HTTP says
            } else {
                FakeEngine.respond(o, status, "Content-Type: application/json\r\n", reply);
            }
        });
    }

    private int jdock(String... args) {
        out.reset();
        err.reset();
        Cli cli = new Cli(new EngineClient(DockerHost.unix(dir.resolve("d.sock")), "jdock/test"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> 0L);
        return Jdock.dispatch(cli, args, 0, new ByteArrayInputStream(new byte[0]));
    }

    private static FakeEngine.Request last(FakeEngine d, int n) throws InterruptedException {
        List<FakeEngine.Request> rs = d.awaitRequests(n);
        return rs.get(rs.size() - 1);
    }

    @Test
    void search_printsDockersTable_descriptionsCutAt45() throws Exception {
        try (FakeEngine d = daemon(200, RESULTS)) {
            assertEquals(0, jdock("search", "--limit", "5", "--filter", "stars=3", "127.0.0.1:5000/x"));
            assertEquals("NAME         DESCRIPTION                                     STARS     OFFICIAL\n"
                    + "x/official   An official image with a description much lo…   50        [OK]\n"
                    + "x/other      short                                           3         \n",
                    out.toString(StandardCharsets.UTF_8));
            FakeEngine.Request r = last(d, 2);
            assertEquals("/v1.41/images/search?term=127.0.0.1%3A5000%2Fx&limit=5"
                    + "&filters=%7B%22stars%22%3A%7B%223%22%3Atrue%7D%7D", r.target());
            assertEquals("e30=", r.header("X-Registry-Auth"));
        }
    }

    @Test
    void search_noTruncAndFormat_andLimitZeroIsNotSent() throws Exception {
        try (FakeEngine d = daemon(200, RESULTS)) {
            assertEquals(0, jdock("search", "--no-trunc", "--limit", "0", "--format",
                    "{{.Name}}|{{.StarCount}}|{{.IsOfficial}}|{{.Description}}", "x"));
            assertEquals("x/official|50|[OK]|An official image with a description much longer than forty-five "
                    + "characters\nx/other|3||short\n", out.toString(StandardCharsets.UTF_8));
            assertEquals("/v1.41/images/search?term=x", last(d, 2).target());
        }
    }

    @Test
    void search_formatJson_marshalsIsOfficialAsTrueOrFalse_andIsAutomatedIsNoField() throws Exception {
        try (FakeEngine d = daemon(200, RESULTS)) {
            assertEquals(0, jdock("search", "--format", "json", "x"));
            assertEquals("{\"Description\":\"An official image with a description much lo…\",\"IsOfficial\":\"true\","
                    + "\"Name\":\"x/official\",\"StarCount\":\"50\"}\n{\"Description\":\"short\",\"IsOfficial\":"
                    + "\"false\",\"Name\":\"x/other\",\"StarCount\":\"3\"}\n", out.toString(StandardCharsets.UTF_8));
            assertEquals(1, jdock("search", "--format", "{{.IsAutomated}}", "x"));
            assertEquals("template parsing error: template: :1:2: executing \"\" at <.IsAutomated>: can't evaluate "
                    + "field IsAutomated in type *registry.searchContext\n", err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void search_daemonError_isExit1WithItsMessage_andArgumentErrorsAreDockers() throws Exception {
        try (FakeEngine d = daemon(500, "{\"message\":\"Unexpected status code 404\"}")) {
            assertEquals(1, jdock("search", "127.0.0.1:5000/x"));
            assertEquals("Error response from daemon: Unexpected status code 404\n",
                    err.toString(StandardCharsets.UTF_8));
            assertEquals(1, jdock("search"));
            assertEquals("jdock: 'jdock search' requires 1 argument\n\nUsage:  jdock search [OPTIONS] TERM\n\n"
                    + "Run 'jdock search --help' for more information\n", err.toString(StandardCharsets.UTF_8));
            assertEquals(125, jdock("search", "--limit", "x", "y"));
            assertEquals("invalid argument \"x\" for \"--limit\" flag: strconv.ParseInt: parsing \"x\": invalid "
                    + "syntax\n\nUsage:  jdock search [OPTIONS] TERM\n\nRun 'jdock search --help' for more "
                    + "information\n", err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void indexOf_isTheTermsRegistry() {
        assertEquals("docker.io", SearchCommand.indexOf("busybox"));
        assertEquals("docker.io", SearchCommand.indexOf("user/app"));
        assertEquals("localhost", SearchCommand.indexOf("localhost/app"));
        assertEquals("r.io:5000", SearchCommand.indexOf("r.io:5000/a/b"));
        assertEquals("docker.io", SearchCommand.indexOf("index.docker.io/library/x"));
    }
}
