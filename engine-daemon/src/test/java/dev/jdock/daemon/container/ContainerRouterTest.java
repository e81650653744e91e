package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.ContainerStatus;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.LogConfig;
import dev.jdock.daemon.api.RouterHarness;
import dev.jdock.daemon.api.RouterHarness.Response;
import dev.jdock.daemon.errors.EngineException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ContainerRouter} over the real server against {@link FakeContainers}. */
class ContainerRouterTest {
    private static final String MUX = "application/vnd.docker.multiplexed-stream";
    private static final String RAW = "application/vnd.docker.raw-stream";
    private static final String WEB_ID = FakeContainers.id("web");

    @TempDir
    Path dir;
    private final FakeContainers fake = new FakeContainers();
    private final List<Long> starts = new java.util.concurrent.CopyOnWriteArrayList<>();
    private RouterHarness api;

    @BeforeEach
    void start() throws Exception {
        fake.add("web", false, true);
        fake.add("term", true, true);
        api = RouterHarness.serve(dir, new ContainerRouter(fake, (id, image) -> new ContainerSizes.Sizes(
                id.length(), 100 + image.length()), starts::add));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Sends each request and checks its status and the one call the fake saw. */
    private void expectCalls(int status, String... targetsThenCalls) {
        for (int i = 0; i < targetsThenCalls.length; i += 2) {
            fake.calls.clear();
            String[] mt = targetsThenCalls[i].split(" ", 2);
            Response r = api.request(mt[0], mt[1], Map.of(), null);
            assertEquals(status, r.status(), targetsThenCalls[i] + " -> " + r);
            assertEquals(List.of(targetsThenCalls[i + 1]), fake.calls, targetsThenCalls[i]);
        }
    }

    private void expectError(int status, String message, String method, String target) {
        Response r = api.request(method, target, Map.of(), null);
        assertEquals(status, r.status(), target + " -> " + r);
        assertEquals(message, r.message(), target);
        assertEquals("application/json", r.header("Content-Type"), target);
    }

    @Test
    void list_passesAllLimitAndFilters() {
        expectCalls(200,
                "GET /containers/json", "list all=false limit=-1 {}",
                "GET /containers/json?all=1&limit=3", "list all=true limit=3 {}",
                "GET /containers/json?all=true&limit=", "list all=true limit=-1 {}",
                "GET /containers/json?all=0", "list all=false limit=-1 {}",
                "GET /containers/json?filters=" + enc("{\"status\":{\"running\":true},\"label\":{\"a=1\":true}}"),
                "list all=false limit=-1 {label=[a=1], status=[running]}");
        assertEquals("[]\n", api.get("/containers/json").text());
    }

    @Test
    void list_badLimitIs500AsMoby_badFiltersIs400() {
        expectError(500, "strconv.Atoi: parsing \"x\": invalid syntax", "GET", "/containers/json?limit=x");
        Response r = api.get("/containers/json?filters=" + enc("[1]"));
        assertEquals(400, r.status(), r.toString());
        assertEquals("invalid filter: json: cannot unmarshal array into Go value of type map[string]map[string]bool",
                r.message());
    }

    @Test
    void create_namePassedOn_201WithIdAndWarnings() {
        Response r = api.request("POST", "/containers/create?name=db", Map.of("Content-Type", "application/json"),
                "{\"Image\":\"busybox\",\"Cmd\":[\"true\"]}".getBytes(StandardCharsets.UTF_8));
        assertEquals(201, r.status(), r.toString());
        assertEquals("{\"Id\":\"" + FakeContainers.id("db") + "\",\"Warnings\":[]}\n", r.text());
        assertEquals(List.of("create db"), fake.calls);
        assertEquals("busybox", fake.created.image());
        assertEquals(List.of("true"), fake.created.cmd());
    }

    @Test
    void create_backendConflict_isItsStatusAndMessage() {
        fake.failOn("create", EngineException.conflict("Conflict. The container name \"/web\" is already in use"));
        Response r = api.request("POST", "/containers/create?name=web", Map.of(), "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(409, r.status());
        assertEquals("{\"message\":\"Conflict. The container name \\\"/web\\\" is already in use\"}\n", r.text());
    }

    @Test
    void inspect_byNameOrId_unknownIs404() {
        Response r = api.get("/containers/" + WEB_ID + "/json");
        assertEquals(200, r.status(), r.toString());
        assertEquals(WEB_ID, r.json().path("Id").asText());
        assertEquals(List.of("inspect " + WEB_ID), fake.calls);
        expectError(404, "No such container: nope", "GET", "/containers/nope/json");
        expectError(404, "page not found", "GET", "/containers/a/b/json"); // a name never holds '/'
    }

    /** size=1 adds moby's SizeRw and SizeRootFs to the list and to inspect; without it neither is there. */
    @Test
    void size_addsTheWritableLayerAndTheRootFs() {
        fake.summaries = List.of(dev.jdock.api.types.container.ContainerSummary.builder().id("abc").imageId("sha256:i")
                .names(List.of("/x")).build());
        com.fasterxml.jackson.databind.JsonNode listed = api.get("/containers/json?size=1").json().get(0);
        assertEquals(3, listed.path("SizeRw").asLong());
        assertEquals(108, listed.path("SizeRootFs").asLong());
        assertFalse(api.get("/containers/json").json().get(0).has("SizeRw"));
        com.fasterxml.jackson.databind.JsonNode inspected = api.get("/containers/web/json?size=1").json();
        assertEquals(WEB_ID.length(), inspected.path("SizeRw").asLong());
        assertEquals(100 + inspected.path("Image").asText().length(), inspected.path("SizeRootFs").asLong());
        assertFalse(api.get("/containers/web/json").json().has("SizeRootFs"));
    }

    @Test
    void start_reportsItsTime_onlyWhenTheContainerStarted() {
        assertEquals(204, api.post("/containers/web/start").status());
        assertEquals(1, starts.size());
        assertTrue(starts.get(0) >= 0, "duration " + starts);
        fake.failOn("start", new EngineException(dev.jdock.daemon.errors.ErrorKind.NOT_MODIFIED,
                "container already started"));
        assertEquals(304, api.post("/containers/web/start").status());
        assertEquals(404, api.post("/containers/nope/start").status());
        assertEquals(1, starts.size(), "a start that failed is not a start's time");
    }

    @Test
    void start_204_alreadyStarted304_bodyAndCheckpointRefused() {
        expectCalls(204, "POST /containers/web/start", "start web");
        fake.failOn("start", new EngineException(dev.jdock.daemon.errors.ErrorKind.NOT_MODIFIED,
                "container already started"));
        assertEquals(304, api.post("/containers/web/start").status());
        Response body = api.request("POST", "/containers/web/start", Map.of("Content-Type", "application/json"),
                "{\"Binds\":[]}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, body.status());
        assertEquals("starting container with non-empty request body was deprecated since API v1.22 and removed in "
                + "v1.24", body.message());
        Response empty = api.request("POST", "/containers/web/start", Map.of(), "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(204, empty.status(), "a body of up to 7 bytes is accepted: " + empty);
        expectError(400, "checkpoint is only supported in experimental mode", "POST",
                "/containers/web/start?checkpoint=c1");
        expectError(404, "No such container: nope", "POST", "/containers/nope/start");
    }

    @Test
    void stop_timeoutAlways_signalOnlyFromApi142() {
        expectCalls(204,
                "POST /containers/web/stop", "stop web Optional.empty Optional.empty",
                "POST /v1.47/containers/web/stop?t=5&signal=SIGINT", "stop web Optional[SIGINT] Optional[5]",
                "POST /v1.42/containers/web/stop?signal=9", "stop web Optional[9] Optional.empty",
                "POST /v1.41/containers/web/stop?t=5&signal=SIGINT", "stop web Optional.empty Optional[5]",
                "POST /containers/web/stop?t=&signal=", "stop web Optional.empty Optional.empty",
                "POST /containers/web/stop?t=-1", "stop web Optional.empty Optional[-1]",
                "POST /containers/" + WEB_ID + "/stop?t=0", "stop web Optional.empty Optional[0]",
                "POST /containers/web/stop?t=4294967296", "stop web Optional.empty Optional[2147483647]");
        expectError(500, "strconv.Atoi: parsing \"soon\": invalid syntax", "POST", "/containers/web/stop?t=soon");
    }

    @Test
    void kill_signalParsed_errorsNameTheContainerAsGiven() {
        expectCalls(204,
                "POST /containers/web/kill", "kill web 9",
                "POST /containers/web/kill?signal=", "kill web 9",
                "POST /containers/web/kill?signal=HUP", "kill web 1",
                "POST /containers/web/kill?signal=sigterm", "kill web 15",
                "POST /containers/web/kill?signal=10", "kill web 10");
        expectError(404, "cannot kill container: nope: No such container: nope", "POST", "/containers/nope/kill");
        expectError(400, "cannot kill container: web: Invalid signal: FOO", "POST",
                "/containers/web/kill?signal=FOO");
        fake.failOn("kill", EngineException.conflict("Container " + WEB_ID + " is not running"));
        expectError(409, "cannot kill container: " + WEB_ID + ": Container " + WEB_ID + " is not running",
                "POST", "/containers/" + WEB_ID + "/kill");
    }

    @Test
    void remove_forceAndVolumes_refAsGiven_linkNamesHoldASlash() {
        expectCalls(204,
                "DELETE /containers/web", "remove web web force=false v=false",
                "DELETE /containers/" + WEB_ID + "?force=1&v=true", "remove web " + WEB_ID + " force=true v=true",
                "DELETE /containers/web?force=0&v=false", "remove web web force=false v=false",
                "DELETE /containers/web?force=yes&v=True", "remove web web force=true v=true",
                "DELETE /containers/web?force=no&v=none", "remove web web force=false v=false",
                "DELETE /containers/web/db?link=1", "removeLink web/db",
                "DELETE /containers/%2Fweb%2Fdb?link=true", "removeLink /web/db");
        expectError(404, "No such container: nope", "DELETE", "/containers/nope?force=1");
        fake.failOn("remove", EngineException.conflict("cannot remove container \"/web\": container is running"));
        expectError(409, "cannot remove container \"/web\": container is running", "DELETE", "/containers/web");
    }

    @Test
    void wait_headersFirst_thenOneJsonLineAtTheCondition() throws Exception {
        try (RouterHarness.Exchange ex = api.open("POST", "/containers/web/wait?condition=next-exit", Map.of(),
                null)) {
            assertEquals(200, ex.status());
            assertEquals("application/json", ex.header("Content-Type"));
            assertEquals(List.of("waitFor web next-exit"), fake.calls);
            assertFalse(fake.waitResult.isDone(), "the head went out before the condition");
            fake.waitResult.complete(ContainerRunState.created().exited(3, "", "2024-01-01T00:00:02Z", false));
            String line = new String(ex.nextChunk(), StandardCharsets.UTF_8);
            assertTrue(line.endsWith("}\n") && line.indexOf('\n') == line.length() - 1, line);
            // dockerd omits a null Error (omitempty); jdock writes "Error":null (see the report)
            assertEquals(3, dev.jdock.api.Json.mapper().readTree(line).path("StatusCode").asInt(), line);
            assertNull(ex.nextChunk(), "one line, then the end");
        }
        expectError(404, "No such container: nope", "POST", "/containers/nope/wait");
    }

    /**
     * A client that goes away during a wait (the docker CLI's wait of `run -d` dies with the CLI) ends the response,
     * and the connection closes: left open, every `docker run -d` kept a connection, its file descriptor and its
     * Netty channel until the daemon stopped.
     */
    @Test
    void wait_clientGone_cutsTheResponseAndClosesTheConnection() throws Exception {
        try (RouterHarness.Exchange ex = api.open("POST", "/containers/web/wait?condition=next-exit", Map.of(),
                null)) {
            assertEquals(200, ex.status());
            ex.channel().shutdownOutput(); // the EOF a client's close gives the server
            java.io.IOException cut = assertThrows(java.io.IOException.class, ex::nextChunk,
                    "no line and no terminating chunk: the response is cut, as from dockerd going away");
            assertTrue(cut.getMessage().startsWith("EOF"), cut.getMessage());
            assertEquals(-1, ex.channel().read(java.nio.ByteBuffer.allocate(1)), "the connection is closed");
            assertFalse(fake.waitResult.isDone());
        }
    }

    @Test
    void logs_optionsPassedOn() {
        fake.calls.clear();
        String q = "stdout=1&stderr=0&follow=1&tail=5&timestamps=true&since=10&until=20.5&details=1";
        assertEquals(200, api.get("/containers/web/logs?" + q).status());
        assertEquals(new ContainerLogs.Options(true, false, true, 5, true, Optional.of(Instant.ofEpochSecond(10)),
                Optional.of(Instant.ofEpochSecond(20, 500_000_000)), true, false), fake.logOptions);
        for (String[] tail : new String[][] {{"all", "-1"}, {"", "-1"}, {"x", "-1"}, {"0", "0"}, {"12", "12"}}) {
            assertEquals(200, api.get("/containers/web/logs?stderr=1&tail=" + tail[0]).status());
            assertEquals(Long.parseLong(tail[1]), fake.logOptions.tail(), "tail=" + tail[0]);
            assertEquals(new ContainerLogs.Options(false, true, false, fake.logOptions.tail(), false,
                    Optional.empty(), Optional.empty(), false, false), fake.logOptions);
        }
        for (String[] ua : new String[][] {{"Docker-Client/28.2.2 (linux)", "true"}, {"docker-sdk-python/5.0.3",
            "false"}, {"Go-http-client/1.1", "false"}}) {
            assertEquals(200, api.request("GET", "/containers/web/logs?stdout=1", Map.of("User-Agent", ua[0]),
                    null).status());
            assertEquals(Boolean.parseBoolean(ua[1]), fake.logOptions.packed(), ua[0]);
        }
        assertEquals(200, api.get("/containers/web/logs?stdout=1&since=0").status());
        assertEquals(Optional.empty(), fake.logOptions.since(), "since=0 is no bound");
    }

    @Test
    void logs_framingByTtyAndApiVersion_bodyAsTheBackendWroteIt() {
        fake.logBytes = new byte[] {1, 0, 0, 0, 0, 0, 0, 3, 'h', 'i', '\n'};
        String[][] cases = {
            {"/v1.47/containers/web/logs?stdout=1", MUX},
            {"/v1.42/containers/web/logs?stdout=1", MUX},
            {"/v1.41/containers/web/logs?stdout=1", RAW},
            {"/v1.47/containers/term/logs?stdout=1", RAW},
        };
        for (String[] c : cases) {
            Response r = api.get(c[0]);
            assertEquals(200, r.status(), c[0]);
            assertEquals(c[1], r.header("Content-Type"), c[0]);
            assertEquals("chunked", r.header("Transfer-Encoding"), c[0]);
            assertArrayEquals(fake.logBytes, r.body(), c[0]);
        }
    }

    @Test
    void logs_noStream400_driverNone501_unknown404() {
        fake.add("quiet", ContainerConfig.builder().build(),
                HostConfig.builder().logConfig(new LogConfig("none", Map.of())).build(), ContainerStatus.RUNNING);
        expectError(400, "Bad parameters: you must choose at least one stream", "GET", "/containers/web/logs");
        expectError(400, "Bad parameters: you must choose at least one stream", "GET",
                "/containers/web/logs?stdout=0&stderr=false");
        expectError(501, "configured logging driver does not support reading", "GET",
                "/containers/quiet/logs?stdout=1");
        expectError(404, "No such container: nope", "GET", "/containers/nope/logs?stdout=1");
        assertTrue(fake.calls.isEmpty(), "no log read for a refused request: " + fake.calls);
    }

    @Test
    void attach_upgradeAnswers101_logsReplayedInTheStreamsFraming() {
        fake.logBytes = "old output".getBytes(StandardCharsets.UTF_8);
        Response r = api.request("POST", "/containers/web/attach?logs=1&stdout=1",
                Map.of("Connection", "Upgrade", "Upgrade", "tcp"), null);
        assertEquals(101, r.status(), r.toString());
        assertEquals("UPGRADED", r.reason());
        assertEquals("tcp", r.header("Upgrade"));
        assertEquals(MUX, r.header("Content-Type"));
        assertEquals("old output", r.text());
        assertEquals(new ContainerLogs.Options(true, false, false, -1, false, Optional.empty(), Optional.empty()),
                fake.logOptions);
        assertEquals(List.of("logs web"), fake.calls, "stream=0: no live session");

        Response plain = api.request("POST", "/v1.41/containers/web/attach?logs=1&stdout=1", Map.of(), null);
        assertEquals(200, plain.status(), "without Upgrade the stream comes with 200: " + plain);
        assertEquals(RAW, plain.header("Content-Type"));
        Response tty = api.request("POST", "/containers/term/attach?stream=1&stdin=1&stdout=1&stderr=1",
                Map.of("Upgrade", "tcp", "Connection", "Upgrade"), null);
        assertEquals(RAW, tty.header("Content-Type"));
    }

    @Test
    void attach_streamsAndDetachKeysPassedOn_badDetachKeys400() {
        Response r = api.request("POST", "/containers/web/attach?stream=1&stdin=0&stdout=1&stderr=true"
                + "&detachKeys=ctrl-x,y", Map.of("Upgrade", "tcp", "Connection", "Upgrade"), null);
        assertEquals(101, r.status(), r.toString());
        assertEquals(new AttachSession.Streams(false, true, true, "ctrl-x,y"), fake.attachStreams);
        assertEquals(List.of("openAttach web"), fake.calls);
        expectError(400, "Invalid detach keys (ctrl-) provided", "POST",
                "/containers/web/attach?stream=1&detachKeys=ctrl-");
        expectError(404, "No such container: nope", "POST", "/containers/nope/attach?stream=1");
    }

    @Test
    void resize_heightAndWidthPassedOn_200EmptyText() {
        expectCalls(200,
                "POST /containers/web/resize?h=40&w=120", "resize web h=40 w=120");
        expectError(400, "strconv.Atoi: parsing \"\": invalid syntax", "POST", "/containers/web/resize");
        expectError(400, "strconv.Atoi: parsing \"\": invalid syntax", "POST", "/containers/web/resize?h=3");
        Response r = api.post("/containers/web/resize?h=1&w=2");
        assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));
        assertEquals(0, r.body().length);
        expectError(400, "strconv.Atoi: parsing \"tall\": invalid syntax", "POST",
                "/containers/web/resize?h=tall&w=1");
    }
}
