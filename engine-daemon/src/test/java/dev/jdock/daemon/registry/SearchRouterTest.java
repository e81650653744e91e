package dev.jdock.daemon.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.api.RouterHarness;
import dev.jdock.daemon.api.RouterHarness.Response;
import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchRouterTest {
    private static final String RESULTS = "{\"num_results\":3,\"query\":\"x\",\"results\":["
            + "{\"name\":\"x/official\",\"description\":\"the official one\",\"star_count\":50,"
            + "\"is_official\":true,\"is_automated\":true,\"extra\":1},"
            + "{\"name\":\"x/popular\",\"description\":\"popular\",\"star_count\":10,\"is_official\":false},"
            + "{\"name\":\"x/new\",\"star_count\":0}]}";

    @TempDir
    Path dir;

    private static RegistryService service() {
        return new RegistryService(new RegistryConfig(List.of(), List.of(), List.of()),
                dev.jdock.daemon.metrics.Metrics.none());
    }

    private Response search(TestRegistryServer reg, String query) throws Exception {
        return search(reg, query, Map.of());
    }

    private Response search(TestRegistryServer reg, String query, Map<String, String> headers) throws Exception {
        try (RouterHarness api = RouterHarness.serve(dir, new SearchRouter(service()))) {
            String term = URLEncoder.encode(reg.authority() + "/x", StandardCharsets.UTF_8);
            return api.request("GET", "/images/search?term=" + term + query, headers, null);
        }
    }

    private static TestRegistryServer registry(Function<TestRegistryServer.Request, TestRegistryServer.Response> h)
            throws Exception {
        return new TestRegistryServer(h);
    }

    private static String filters(String json) {
        return "&filters=" + URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    @Test
    void search_asksV1SearchWithTermAndLimit_answersResultsInMobyOrder() throws Exception {
        try (TestRegistryServer reg = registry(r -> TestRegistryServer.Response.of(200, RESULTS))) {
            Response r = search(reg, "&limit=7");
            assertEquals(200, r.status(), r.text());
            assertEquals("[{\"star_count\":50,\"is_official\":true,\"name\":\"x/official\",\"is_automated\":false,"
                    + "\"description\":\"the official one\"},{\"star_count\":10,\"is_official\":false,\"name\":"
                    + "\"x/popular\",\"is_automated\":false,\"description\":\"popular\"},{\"star_count\":0,"
                    + "\"is_official\":false,\"name\":\"x/new\",\"is_automated\":false,\"description\":\"\"}]\n",
                    r.text());
            TestRegistryServer.Request sent = reg.requests().stream().filter(q -> q.path().equals("/v1/search"))
                    .findFirst().orElseThrow();
            assertEquals("/v1/search?q=x&n=7", sent.target());
            assertEquals("true", sent.header("X-Docker-Token"));
        }
    }

    @Test
    void search_withoutLimit_asksForMobysDefault25() throws Exception {
        try (TestRegistryServer reg = registry(r -> TestRegistryServer.Response.of(200, RESULTS))) {
            assertEquals(200, search(reg, "").status());
            assertEquals(1, reg.requests().stream().filter(q -> q.target().equals("/v1/search?q=x&n=25")).count());
        }
    }

    @Test
    void search_registryWithoutSearch_is500UnexpectedStatus() throws Exception {
        try (TestRegistryServer reg = registry(r -> TestRegistryServer.Response.of(404,
                "404 page not found\n"))) {
            Response r = search(reg, "");
            assertEquals(500, r.status());
            assertEquals("Unexpected status code 404", r.message());
        }
    }

    @Test
    void search_filters_appliedByTheDaemon() throws Exception {
        try (TestRegistryServer reg = registry(r -> TestRegistryServer.Response.of(200, RESULTS))) {
            assertEquals(List.of("x/official"), names(search(reg, filters("{\"is-official\":{\"true\":true}}"))));
            assertEquals(List.of("x/popular", "x/new"),
                    names(search(reg, filters("{\"is-official\":[\"false\"]}"))));
            assertEquals(List.of("x/official", "x/popular"),
                    names(search(reg, filters("{\"stars\":{\"3\":true,\"10\":true}}"))));
            long asked = reg.count("GET", "/v1/search");
            assertEquals(List.of(), names(search(reg, filters("{\"is-automated\":{\"true\":true}}"))));
            assertEquals(asked, reg.count("GET", "/v1/search"), "is-automated=true asks nothing");
        }
    }

    @Test
    void search_badParameters_are400WithMobysMessages_andAskNothing() throws Exception {
        try (TestRegistryServer reg = registry(r -> TestRegistryServer.Response.of(200, RESULTS))) {
            assertError(reg, "&limit=101", "limit 101 is outside the range of [1, 100]");
            assertError(reg, "&limit=abc", "invalid limit specified: strconv.Atoi: parsing \"abc\": invalid syntax");
            assertError(reg, "&limit=-1", "invalid limit specified");
            assertError(reg, filters("{\"foo\":{\"a\":true}}"), "invalid filter 'foo'");
            assertError(reg, filters("{\"is-official\":{\"yes\":true}}"), "invalid filter 'is-official=[yes]'");
            assertError(reg, filters("{\"stars\":{\"x\":true}}"),
                    "invalid filter 'stars=x': strconv.Atoi: parsing \"x\": invalid syntax");
            assertEquals(0, reg.count("GET", "/v1/search"));
        }
        try (RouterHarness api = RouterHarness.serve(dir, new SearchRouter(service()))) {
            Response r = api.get("/images/search?term=" + URLEncoder.encode("https://h/x", StandardCharsets.UTF_8));
            assertEquals(400, r.status());
            assertEquals("invalid repository name: repository name (https://h/x) should not have a scheme",
                    r.message());
            Response hyphen = api.get("/images/search?term=-bad.io/x");
            assertEquals(400, hyphen.status());
            assertEquals("invalid index name (-bad.io). Cannot begin or end with a hyphen", hyphen.message());
        }
    }

    @Test
    void search_oversizedAnswer_isAnErrorNotABufferedBody() throws Exception {
        byte[] big = new byte[SearchCall.MAX_BODY + 10];
        java.util.Arrays.fill(big, (byte) ' ');
        try (TestRegistryServer reg = registry(r -> TestRegistryServer.Response.of(200, big))) {
            Response r = search(reg, "");
            assertEquals(500, r.status());
            assertTrue(r.message().startsWith("error decoding registry search results: "), r.message());
        }
    }

    @Test
    void searchCall_bodyThatStalls_isClosedAtItsDeadline() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> stallAfterHeaders(server, release));
            t.setDaemon(true);
            t.start();
            String domain = "127.0.0.1:" + server.getLocalPort();
            RegistryConfig cfg = new RegistryConfig(List.of(), List.of(), List.of());
            RegistryCaller caller = new RegistryCaller(new RegistryHosts(() -> cfg), new TokenCache(Clock.systemUTC()),
                    domain, null, List.of(), false, true);
            EngineException e = assertThrows(EngineException.class,
                    () -> caller.call(new SearchCall("x", 25, Duration.ofMillis(300))));
            assertEquals("error decoding registry search results: the registry sent no complete answer within 300ms",
                    e.getMessage());
        } finally {
            release.countDown();
        }
    }

    /** Answers each plain HTTP request with headers and 2 of 100 body bytes, then holds the connection. */
    private static void stallAfterHeaders(ServerSocket server, CountDownLatch release) {
        try {
            while (true) {
                Socket s = server.accept();
                byte[] head = new byte[4096];
                int n = s.getInputStream().read(head);
                if (n < 4 || !new String(head, 0, 4, StandardCharsets.US_ASCII).equals("GET ")) {
                    s.close(); // the TLS attempt
                    continue;
                }
                s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n[{".getBytes(
                        StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                release.await();
                s.close();
            }
        } catch (IOException | InterruptedException e) {
            // the test is over
        }
    }

    @Test
    void search_basicChallenge_answeredWithTheCredentialsOfXRegistryAuth() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString("u:p".getBytes(StandardCharsets.UTF_8));
        try (TestRegistryServer reg = registry(r -> basic.equals(r.header("Authorization"))
                ? TestRegistryServer.Response.of(200, RESULTS)
                : TestRegistryServer.Response.of(401, "", "WWW-Authenticate", "Basic realm=\"r\""))) {
            String header = Base64.getUrlEncoder().encodeToString(
                    "{\"username\":\"u\",\"password\":\"p\"}".getBytes(StandardCharsets.UTF_8));
            assertEquals(200, search(reg, "", Map.of("X-Registry-Auth", header)).status());
            Response anonymous = search(reg, "", Map.of("X-Registry-Auth", "%%not-base64"));
            assertEquals(500, anonymous.status());
            assertEquals("Unexpected status code 401", anonymous.message());
        }
    }

    @Test
    void split_termNamesTheRegistryOnlyWhenItsFirstPartLooksLikeAHost() {
        assertEquals(List.of("docker.io", "busybox"), List.of(ImageSearch.split("busybox")));
        assertEquals(List.of("docker.io", "samalba/hipache"), List.of(ImageSearch.split("samalba/hipache")));
        assertEquals(List.of("localhost", "x"), List.of(ImageSearch.split("localhost/x")));
        assertEquals(List.of("r.io:5000", "a/b"), List.of(ImageSearch.split("r.io:5000/a/b")));
        assertEquals(List.of("docker.io", "library/x"), List.of(ImageSearch.split("index.docker.io/library/x")));
    }

    private void assertError(TestRegistryServer reg, String query, String message) throws Exception {
        Response r = search(reg, query);
        assertEquals(400, r.status(), query);
        assertEquals(message, r.message(), query);
    }

    private static List<String> names(Response r) {
        assertEquals(200, r.status(), r.text());
        List<String> out = new java.util.ArrayList<>();
        r.json().forEach(n -> out.add(n.path("name").asText()));
        return out;
    }
}
