package dev.jdock.daemon.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jdock.api.stream.StdcopyFrame;
import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.daemon.api.RouterHarness;
import dev.jdock.daemon.api.RouterHarness.Response;
import dev.jdock.daemon.container.AppArmorProfiles;
import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.container.ContainerAccess;
import dev.jdock.daemon.container.ContainerNetworking;
import dev.jdock.daemon.container.ContainerRecord;
import dev.jdock.daemon.container.ContainerRunState;
import dev.jdock.daemon.container.ContainerStore;
import dev.jdock.daemon.container.FakeAppArmor;
import dev.jdock.runtime.process.ExecLauncher;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exec routes through the real server and {@link ExecService}, on a container store with one running and one
 * stopped container: create, inspect and resize answers, statuses and error bodies (start needs a monitor: e2e).
 */
class ExecRouterTest {
    private static final String RUNNING = "a".repeat(64);
    private static final String STOPPED = "b".repeat(64);

    @TempDir
    Path root;

    private RouterHarness api;
    private ExecService service;

    @BeforeEach
    void serve() throws Exception {
        ContainerStore store = new ContainerStore(root.resolve("containers"));
        ContainerConfig cfg = ContainerConfig.builder().image("busybox").cmd(List.of("top")).build();
        Container up = store.add(new ContainerRecord(RUNNING, "up", "2024-01-01T00:00:00Z", "top", List.of(),
                "sha256:" + "1".repeat(64), cfg, null));
        store.update(up, ContainerRunState.created().running(4242, 4243, "2024-01-01T00:00:01Z"));
        store.add(new ContainerRecord(STOPPED, "down", "2024-01-01T00:00:00Z", "top", List.of(),
                "sha256:" + "1".repeat(64), cfg, null));
        service = new ExecService(new ContainerAccess(store, noLinks(), (t, a, i, at) -> { }),
                root.resolve("run"), new ExecLauncher(root.resolve("no-monitor")), 0L,
                new AppArmorProfiles(new FakeAppArmor(false), root.resolve("apparmor.d")));
        api = RouterHarness.serve(root, new ExecRouter(service));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static ContainerNetworking noLinks() {
        return (ContainerNetworking) Proxy.newProxyInstance(ContainerNetworking.class.getClassLoader(),
                new Class<?>[] {ContainerNetworking.class}, (p, m, a) -> {
                    if (m.getName().equals("linkEnv")) {
                        return List.of();
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    private Response post(String target, String json) {
        return api.request("POST", target, Map.of("Content-Type", "application/json"),
                json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void create_201WithTheId_thenInspectShowsIt() {
        Response created = post("/containers/up/exec", "{\"Cmd\":[\"ls\",\"-l\"],\"AttachStdout\":true,"
                + "\"Tty\":true,\"User\":\"nobody\",\"WorkingDir\":\"/tmp\"}");
        assertEquals(201, created.status());
        String id = created.json().get("Id").asText();
        assertEquals(64, id.length());
        JsonNode inspect = api.get("/exec/" + id + "/json").json();
        assertEquals(id, inspect.get("ID").asText());
        assertEquals(RUNNING, inspect.get("ContainerID").asText());
        assertFalse(inspect.get("Running").asBoolean());
        assertEquals("ls", inspect.get("ProcessConfig").get("entrypoint").asText());
        assertEquals("[\"-l\"]", inspect.get("ProcessConfig").get("arguments").toString());
        assertTrue(inspect.get("ProcessConfig").get("tty").asBoolean());
        assertEquals("nobody", inspect.get("ProcessConfig").get("user").asText());
    }

    @Test
    void create_errors_asDockerd() {
        Response none = post("/containers/up/exec", "{\"Cmd\":[]}");
        assertEquals(400, none.status());
        assertEquals("No exec command specified", none.message());
        Response noBody = api.post("/containers/up/exec");
        assertEquals(400, noBody.status());
        Response unknown = post("/containers/nope/exec", "{\"Cmd\":[\"ls\"]}");
        assertEquals(404, unknown.status());
        assertEquals("No such container: nope", unknown.message());
        Response console = post("/containers/up/exec", "{\"Cmd\":[\"ls\"],\"ConsoleSize\":[-1,80]}");
        assertEquals(400, console.status());
        assertEquals("invalid JSON: json: cannot unmarshal number -1 into Go struct field ExecOptions.ConsoleSize of "
                + "type uint", console.message()); // moby 28's httputils.ReadJSON wraps the decoder's error
        String id = post("/containers/up/exec", "{\"Cmd\":[\"ls\"]}").json().get("Id").asText();
        Response startConsole = post("/exec/" + id + "/start", "{\"Detach\":true,\"ConsoleSize\":[24,70000]}");
        assertEquals(400, startConsole.status());
        assertEquals("console size out of range: 70000 (at most 65535)", startConsole.message());
        Response stopped = post("/containers/down/exec", "{\"Cmd\":[\"ls\"]}");
        assertEquals(409, stopped.status());
        assertEquals("Container " + STOPPED + " is not running", stopped.message());
    }

    @Test
    void inspectAndResize_ofAnUnknownExec_are404_resizeNeedsBothSizes() {
        Response inspect = api.get("/exec/nope/json");
        assertEquals(404, inspect.status());
        assertEquals("No such exec instance: nope", inspect.message());
        assertEquals(404, api.post("/exec/nope/resize?h=1&w=1").status());
        Response noWidth = api.post("/exec/nope/resize?h=1");
        assertEquals(400, noWidth.status());
        assertEquals("strconv.Atoi: parsing \"\": invalid syntax", noWidth.message());
    }

    @Test
    void start_ofAnExecAlreadyStarted_answersInTheStream_asMoby() {
        String id = post("/containers/up/exec", "{\"Cmd\":[\"true\"]}").json().get("Id").asText();
        service.claim(id); // started meanwhile by another client
        Response r = api.request("POST", "/exec/" + id + "/start", Map.of("Content-Type", "application/json",
                "Connection", "Upgrade", "Upgrade", "tcp"), "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(101, r.status(), "moby checks only that the exec exists before it takes the connection over");
        byte[] want = ("Error: Exec command " + id + " is already running\r\n").getBytes(StandardCharsets.UTF_8);
        assertEquals(new String(StdcopyFrame.encode(StdcopyFrame.STDOUT, want, 0, want.length),
                StandardCharsets.ISO_8859_1), new String(r.body(), StandardCharsets.ISO_8859_1));
    }
}
