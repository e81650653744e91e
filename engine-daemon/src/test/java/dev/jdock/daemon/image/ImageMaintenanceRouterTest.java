package dev.jdock.daemon.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.types.container.ContainerSummary;
import dev.jdock.api.types.image.ImageDeleteResponseItem;
import dev.jdock.daemon.api.RouterHarness;
import dev.jdock.daemon.api.RouterHarness.Response;
import dev.jdock.daemon.errors.EngineException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ImageMaintenanceRouter} over the real server against {@link FakeImageBackend}. */
class ImageMaintenanceRouterTest {
    @TempDir
    Path dir;
    private final FakeImageBackend fake = new FakeImageBackend();
    private final List<ContainerSummary> containers = new ArrayList<>();
    private int containerListings;
    private RouterHarness api;

    @BeforeEach
    void start() throws Exception {
        api = RouterHarness.serve(dir, new ImageMaintenanceRouter(fake, () -> {
            containerListings++;
            return containers;
        }, List::of));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void history_nameWithSlashesAndTag_passedOn() {
        Response r = api.get("/images/example.com:5000/org/app:v1/history");
        assertEquals(200, r.status(), r.toString());
        assertEquals(List.of("history example.com:5000/org/app:v1"), fake.calls);
        assertEquals("[{\"Id\":\"" + FakeImageBackend.ID + "\",\"Created\":1700000000,\"CreatedBy\":"
                + "\"/bin/sh -c #(nop) CMD [\\\"sh\\\"]\",\"Tags\":[\"a:1\"],\"Size\":0,\"Comment\":\"\"}]\n", r.text());
        fake.failOn("history", EngineException.notFound("No such image: nope:latest"));
        r = api.get("/images/nope/history");
        assertEquals(404, r.status());
        assertEquals("No such image: nope:latest", r.message());
    }

    @Test
    void prune_filtersPassedOn_reportAsJson() {
        String filters = URLEncoder.encode("{\"dangling\":[\"false\"],\"until\":[\"24h\"]}",
                StandardCharsets.UTF_8);
        Response r = api.post("/images/prune?filters=" + filters);
        assertEquals(200, r.status(), r.toString());
        assertEquals(List.of("prune {dangling=[false], until=[24h]}"), fake.calls);
        assertEquals("{\"ImagesDeleted\":null,\"SpaceReclaimed\":0}\n", r.text());
        fake.deleted = List.of(ImageDeleteResponseItem.untagged("a:1"));
        assertEquals("{\"ImagesDeleted\":[{\"Untagged\":\"a:1\"}],\"SpaceReclaimed\":0}\n",
                api.post("/images/prune").text());
        r = api.post("/images/prune?filters=" + URLEncoder.encode("{\"x\":1}", StandardCharsets.UTF_8));
        assertEquals(400, r.status(), "a filter value that is neither list nor map: " + r);
        assertEquals("invalid filter: json: cannot unmarshal number into Go value of type map[string]bool",
                r.message());
    }

    @Test
    void diskUsage_typesAndVersionPassedOn_containersListedOnce() {
        containers.add(null);
        Response r = api.get("/v1.44/system/df?type=image&type=container&type=image");
        assertEquals(200, r.status(), r.toString());
        assertEquals(List.of("diskUsage [image, container] containers=1 1.44"), fake.calls);
        assertEquals(1, containerListings);
        assertEquals(7, r.json().path("LayersSize").asLong());
        fake.calls.clear();
        api.get("/system/df");
        assertEquals(List.of("diskUsage [] containers=1 1.48"), fake.calls);
    }

    @Test
    void wrongMethod_isPageNotFound() {
        Response r = api.get("/images/prune");
        assertEquals(404, r.status());
        assertEquals("page not found", r.message());
        assertEquals(List.of(), fake.calls);
    }
}
