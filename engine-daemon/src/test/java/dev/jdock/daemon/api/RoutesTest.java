package dev.jdock.daemon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import org.junit.jupiter.api.Test;

class RoutesTest {
    private final Handler inspect = (req, res) -> { };
    private final Handler imageJson = (req, res) -> { };
    private final Routes routes = new Routes();

    RoutesTest() {
        routes.get("/containers/{id}/json", inspect);
        routes.get("/images/{name:.*}/json", imageJson);
    }

    @Test
    void match_segmentParameter_isDecoded() {
        Routes.Match m = routes.match("GET", "/containers/abc%2Fdef/json");
        assertSame(inspect, m.handler());
        assertEquals("abc/def", m.params().get("id"));
    }

    @Test
    void match_greedyParameter_takesSlashesAndPorts() {
        Routes.Match m = routes.match("GET", "/images/127.0.0.1:5000/busybox:latest/json");
        assertSame(imageJson, m.handler());
        assertEquals("127.0.0.1:5000/busybox:latest", m.params().get("name"));
    }

    @Test
    void match_plusSign_isKeptLiterally() {
        assertEquals("a+b", routes.match("GET", "/containers/a+b/json").params().get("id"));
    }

    @Test
    void match_headFallsBackToGet() {
        assertSame(inspect, routes.match("HEAD", "/containers/x/json").handler());
    }

    @Test
    void match_wrongMethodOrPath_isPageNotFound() {
        EngineException e = assertThrows(EngineException.class, () -> routes.match("DELETE", "/containers/x/json"));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertEquals("page not found", e.getMessage());
        assertTrue(routes.find("GET", "/nope").isEmpty());
    }

    @Test
    void match_routesSharingTheirLiteralEnds_areToldApartByTheRest() {
        Routes r = new Routes();
        Handler list = (req, res) -> { };
        Handler start = (req, res) -> { };
        Handler stop = (req, res) -> { };
        Handler one = (req, res) -> { };
        r.get("/containers/json", list);
        r.post("/containers/{id}/start", start);
        r.post("/containers/{id}/stop", stop);
        r.get("/containers/{id}", one);
        assertSame(stop, r.match("POST", "/containers/start/stop").handler());
        assertEquals("start", r.match("POST", "/containers/start/stop").params().get("id"));
        assertSame(start, r.match("POST", "/containers/stop/start").handler());
        assertSame(list, r.match("GET", "/containers/json").handler());
        assertSame(one, r.match("GET", "/containers/jsonx").handler());
        assertTrue(r.find("GET", "/containers/json/").isEmpty());
        assertTrue(r.find("POST", "/containers//start").isEmpty());
        assertTrue(r.find("POST", "/containers/start").isEmpty());
    }
}
