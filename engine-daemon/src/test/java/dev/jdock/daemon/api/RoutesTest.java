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
}
