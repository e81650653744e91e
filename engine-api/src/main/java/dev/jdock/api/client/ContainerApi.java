package dev.jdock.api.client;

import dev.jdock.api.Json;
import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.ContainerCreateResponse;
import dev.jdock.api.types.container.ContainerInspect;
import dev.jdock.api.types.container.ContainerSummary;
import dev.jdock.api.types.container.WaitResponse;
import java.io.Closeable;
import java.io.IOException;

/**
 * Typed container endpoints on top of an {@link EngineClient}; the calls of {@code run} (create, wait) use
 * {@link CreateBody} rather than databind, which costs a short-lived CLI about 100 ms to set up.
 */
public final class ContainerApi {
    private final EngineClient client;

    public ContainerApi(EngineClient client) {
        this.client = client;
    }

    /** {@code POST /containers/create[?name=]} (201). A missing image raises a 404 {@link EngineApiException}. */
    public ContainerCreateResponse create(String name, ContainerCreateRequest body) throws IOException {
        return create(name, null, body);
    }

    /** {@link #create(String, ContainerCreateRequest)} for a platform ({@code ?platform=os/arch}; null for none). */
    public ContainerCreateResponse create(String name, String platform, ContainerCreateRequest body)
            throws IOException {
        HttpRequest req = HttpRequest.post("/containers/create").query("name", emptyToNull(name))
                .query("platform", emptyToNull(platform)).jsonBody(CreateBody.toJson(body));
        try (HttpResponse r = client.execute(req)) {
            return CreateBody.readCreated(r.readAll());
        }
    }

    public void start(String id) throws IOException {
        client.call(HttpRequest.post("/containers/" + id + "/start"));
    }

    /**
     * {@code POST /containers/{id}/wait[?condition=]}: returns once the 200 head arrived (the daemon has registered
     * the waiter); {@link PendingWait#result()} blocks for the body.
     */
    public PendingWait waitFor(String id, String condition) throws IOException {
        return new PendingWait(client.execute(HttpRequest.post("/containers/" + id + "/wait")
                .query("condition", emptyToNull(condition))));
    }

    /** {@code POST /containers/{id}/attach?stream=1&stdin=&stdout=&stderr=} hijacked (expects 101). */
    public HijackedConnection attach(String id, boolean stdin, boolean stdout, boolean stderr) throws IOException {
        return client.hijack(HttpRequest.post("/containers/" + id + "/attach")
                .flag("stderr", stderr).flag("stdin", stdin).flag("stdout", stdout).flag("stream", true)
                .header("Content-Type", "text/plain"));
    }

    public void resize(String id, int height, int width) throws IOException {
        client.call(HttpRequest.post("/containers/" + id + "/resize").query("h", height).query("w", width));
    }

    /** {@code signal} null means the daemon's default (KILL). */
    public void kill(String id, String signal) throws IOException {
        client.call(HttpRequest.post("/containers/" + id + "/kill").query("signal", emptyToNull(signal)));
    }

    /** {@code timeoutSeconds} null means the container's / daemon's default. */
    public void stop(String id, Integer timeoutSeconds) throws IOException {
        client.call(HttpRequest.post("/containers/" + id + "/stop").query("t", timeoutSeconds));
    }

    public void remove(String id, boolean force, boolean volumes) throws IOException {
        client.call(HttpRequest.delete("/containers/" + id).flag("force", force).flag("v", volumes));
    }

    public ContainerInspect inspect(String id) throws IOException {
        return Json.mapper().readValue(client.getBytes("/containers/" + id + "/json"), ContainerInspect.class);
    }

    /** The raw inspect JSON (for {@code jdock inspect}, which prints what the daemon sent). */
    public byte[] inspectRaw(String id, boolean size) throws IOException {
        try (HttpResponse r = client.execute(HttpRequest.get("/containers/" + id + "/json").flag("size", size))) {
            return r.readAll();
        }
    }

    public ContainerSummary[] list(boolean all, Filters filters) throws IOException {
        HttpRequest req = HttpRequest.get("/containers/json").flag("all", all)
                .query("filters", filters == null ? null : filters.toJson());
        try (HttpResponse r = client.execute(req)) {
            return Json.mapper().readValue(r.readAll(), ContainerSummary[].class);
        }
    }

    /** {@code GET /containers/{id}/logs}: a mux (or raw, with a TTY) stream; {@code tail} null means all. */
    public HttpResponse logs(String id, boolean follow, String tail, boolean timestamps, String since)
            throws IOException {
        return client.execute(HttpRequest.get("/containers/" + id + "/logs").flag("follow", follow)
                .flag("stderr", true).flag("stdout", true).query("since", emptyToNull(since))
                .query("tail", tail == null ? "all" : tail).flag("timestamps", timestamps));
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** A wait whose head has arrived. */
    public static final class PendingWait implements Closeable {
        private final HttpResponse response;

        PendingWait(HttpResponse response) {
            this.response = response;
        }

        /** Blocks until the daemon sends the body. */
        public WaitResponse result() throws IOException {
            try (response) {
                return CreateBody.readWait(response.body().readAllBytes());
            }
        }

        @Override
        public void close() throws IOException {
            response.close();
        }
    }
}
