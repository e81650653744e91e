package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.daemon.api.RouterHarness;
import dev.jdock.daemon.api.RouterHarness.Response;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LifecycleRoutes} over the real server against {@link FakeContainers}; also the error bodies per kind. */
class LifecycleRoutesTest {
    @TempDir
    Path dir;
    private final FakeContainers fake = new FakeContainers();
    private RouterHarness api;

    @BeforeEach
    void start() throws Exception {
        fake.add("web", false, true);
        api = RouterHarness.serve(dir, new LifecycleRoutes(fake));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** POSTs each target and checks the status and the one call the fake saw. */
    private void expectCalls(int status, String... targetsThenCalls) {
        for (int i = 0; i < targetsThenCalls.length; i += 2) {
            fake.calls.clear();
            Response r = api.post(targetsThenCalls[i]);
            assertEquals(status, r.status(), targetsThenCalls[i] + " -> " + r);
            assertEquals(List.of(targetsThenCalls[i + 1]), fake.calls, targetsThenCalls[i]);
        }
    }

    @Test
    void restart_timeoutAlways_signalOnlyFromApi142() {
        expectCalls(204,
                "/containers/web/restart", "restart web Optional.empty Optional.empty",
                "/v1.43/containers/web/restart?t=3&signal=SIGUSR1", "restart web Optional[SIGUSR1] Optional[3]",
                "/v1.41/containers/web/restart?t=3&signal=SIGUSR1", "restart web Optional.empty Optional[3]",
                "/containers/web/restart?t=", "restart web Optional.empty Optional.empty",
                "/containers/web/restart?t=-1", "restart web Optional.empty Optional[-1]");
        Response bad = api.post("/containers/web/restart?t=1.5");
        assertEquals(500, bad.status(), "moby returns strconv's error unwrapped: " + bad);
        assertEquals("strconv.Atoi: parsing \"1.5\": invalid syntax", bad.message());
    }

    @Test
    void pauseUnpauseRename_204_nameAsGiven() {
        expectCalls(204,
                "/containers/web/pause", "pause web",
                "/containers/web/unpause", "unpause web",
                "/containers/web/rename?name=db", "rename web db",
                "/containers/web/rename", "rename web ");
    }

    @Test
    void unknownContainer_is404OnEveryRoute_wrongMethodIsPageNotFound() {
        for (String action : new String[] {"restart", "pause", "unpause", "rename?name=x", "update"}) {
            Response r = api.post("/containers/nope/" + action);
            assertEquals(404, r.status(), action);
            assertEquals("No such container: nope", r.message(), action);
        }
        Response r = api.get("/containers/web/pause");
        assertEquals(404, r.status());
        assertEquals("page not found", r.message());
        assertEquals(List.of(), fake.calls);
    }

    @Test
    void update_bodyPassedOn_warningsNullWhenNone() {
        byte[] body = "{\"Memory\":1048576,\"CpuShares\":512,\"RestartPolicy\":{\"Name\":\"on-failure\",\"MaximumRetryCount\":2}}"
                .getBytes(StandardCharsets.UTF_8);
        Response r = api.request("POST", "/containers/web/update", Map.of("Content-Type", "application/json"), body);
        assertEquals(200, r.status(), r.toString());
        assertEquals("{\"Warnings\":null}\n", r.text());
        assertEquals(1048576, fake.updated.memory());
        assertEquals(512, fake.updated.cpuShares());
        assertEquals("on-failure", fake.updated.restartPolicy().name());
        assertEquals(2, fake.updated.restartPolicy().maximumRetryCount());
        fake.updateWarnings = List.of("Your kernel does not support swap limit capabilities");
        r = api.request("POST", "/containers/web/update", Map.of(), body);
        assertEquals("{\"Warnings\":[\"Your kernel does not support swap limit capabilities\"]}\n", r.text());
    }

    @Test
    void update_keysInAnyCase_aBadValueIs400() {
        Map<String, String> json = Map.of("Content-Type", "application/json");
        Response r = api.request("POST", "/containers/web/update", json,
                "{\"memory\":2097152,\"restartpolicy\":{\"name\":\"always\"}}".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.status(), r.toString());
        assertEquals(2097152, fake.updated.memory());
        assertEquals("always", fake.updated.restartPolicy().name());
        Response bad = api.request("POST", "/containers/web/update", json,
                "{\"Memory\":\"64m\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, bad.status(), bad.toString());
        assertEquals("invalid JSON: json: cannot unmarshal string into Go struct field UpdateConfig.Memory "
                + "of type int64", bad.message()); // Go's words, moby's struct
    }

    @Test
    void prune_filtersPassedOn_nullListWhenNothingDeleted() {
        fake.calls.clear();
        Response none = api.post("/containers/prune?filters="
                + ContainerRouterTest.enc("{\"until\":{\"10m\":true},\"label\":{\"a=1\":true}}"));
        assertEquals(200, none.status());
        assertEquals(List.of("prune {label=[a=1], until=[10m]}"), fake.calls);
        assertEquals("{\"ContainersDeleted\":null,\"SpaceReclaimed\":0}\n", none.text());
        fake.pruned = List.of("a1", "b2");
        fake.reclaimed = 4096;
        assertEquals("{\"ContainersDeleted\":[\"a1\",\"b2\"],\"SpaceReclaimed\":4096}\n",
                api.post("/containers/prune").text());
    }

    /** The real server's answer to an EngineException of each kind: its status and {@code {"message"}}. */
    @Test
    void everyErrorKind_isItsStatusWithTheMessageBody() {
        for (ErrorKind kind : ErrorKind.values()) {
            fake.failOn("pause", new EngineException(kind, "failed: " + kind));
            Response r = api.post("/containers/web/pause");
            assertEquals(kind.httpStatus(), r.status(), kind.name());
            if (kind != ErrorKind.NOT_MODIFIED) { // a 304 carries no body
                assertEquals("application/json", r.header("Content-Type"), kind.name());
                assertEquals("{\"message\":\"failed: " + kind + "\"}\n", r.text(), kind.name());
            }
        }
    }

    @Test
    void uncheckedExceptionFromTheBackend_is500WithItsMessage() {
        fake.failOn("unpause", new IllegalStateException("cgroup vanished"));
        Response r = api.post("/containers/web/unpause");
        assertEquals(500, r.status());
        assertEquals("{\"message\":\"cgroup vanished\"}\n", r.text());
    }
}
