package dev.jdock.daemon.container;

import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.ContainerCreateResponse;
import dev.jdock.api.types.container.ContainerInspect;
import dev.jdock.api.types.container.ContainerSummary;
import dev.jdock.api.types.container.WaitResponse;
import dev.jdock.daemon.api.ApiRequest;
import dev.jdock.daemon.api.ApiResponse;
import dev.jdock.daemon.api.HijackedConnection;
import dev.jdock.daemon.api.Router;
import dev.jdock.daemon.api.Routes;
import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** The /containers endpoints. Parses and answers; the work is the {@link ContainerBackend}'s. */
public final class ContainerRouter implements Router {
    private static final String RAW_STREAM = "application/vnd.docker.raw-stream";
    private static final String MUX_STREAM = "application/vnd.docker.multiplexed-stream";

    private final ContainerBackend service;
    private final ContainerSizes sizes;
    private final StartMetrics startMetrics;

    /**
     * {@code sizes}: what {@code size=1} adds (a walk of each writable layer); {@code startMetrics}: where each start
     * request that brought its container to running reports its time.
     */
    public ContainerRouter(ContainerBackend service, ContainerSizes sizes, StartMetrics startMetrics) {
        this.service = service;
        this.sizes = sizes;
        this.startMetrics = startMetrics;
    }

    @Override
    public void register(Routes r) {
        r.post("/containers/create", this::create);
        r.get("/containers/json", this::list);
        r.get("/containers/{id}/json", this::inspect);
        r.post("/containers/{id}/start", this::start);
        r.post("/containers/{id}/stop", this::stop);
        r.post("/containers/{id}/kill", this::kill);
        r.post("/containers/{id}/wait", this::await);
        r.post("/containers/{id}/attach", this::attach);
        r.post("/containers/{id}/resize", this::resize);
        r.get("/containers/{id}/logs", this::logs);
        r.delete("/containers/{id:.*}", this::remove); // a link name is <parent>/<alias>
    }

    private void create(ApiRequest req, ApiResponse res) {
        ContainerCreateRequest body = req.json(ContainerCreateRequest.class);
        List<String> warnings = List.of();
        if (body != null) {
            body = CreateVersionGates.apply(body, req.version());
            MacAddresses.Migrated m = MacAddresses.migrate(body, req.version().atLeast("1.44"));
            body = m.request();
            warnings = new java.util.ArrayList<>(m.warnings());
            CreateVersionGates.volumeDriverWarning(body.hostConfig(), req.version()).ifPresent(warnings::add);
            if (body.hostConfig() != null) {
                ExtraResources.Adapted a = ExtraResources.discardUnsupported(body.hostConfig(),
                        java.nio.file.Path.of("/sys/fs/cgroup"));
                body = ContainerCreateRequest.of(body.toConfig(), a.hostConfig(), body.networkingConfig());
                warnings.addAll(a.warnings());
            }
        }
        Container c = service.create(req.query("name", ""), req.query("platform", ""), body);
        res.json(201, new ContainerCreateResponse(c.id(), warnings));
    }

    private void list(ApiRequest req, ApiResponse res) {
        List<ContainerSummary> list = service.list(req.queryBool("all", false), req.queryLongUnwrapped("limit", -1),
                req.filters());
        if (req.queryBool("size", false)) {
            List<ContainerSummary> sized = new ArrayList<>(list.size());
            for (ContainerSummary c : list) {
                ContainerSizes.Sizes s = sizes.of(c.id(), c.imageId());
                sized.add(c.toBuilder().sizeRw(s.rw()).sizeRootFs(s.rootFs()).build());
            }
            list = sized;
        }
        res.bytes(200, "application/json", ContainerListJson.write(list));
    }

    private void inspect(ApiRequest req, ApiResponse res) {
        ContainerInspect c = service.inspect(req.param("id"));
        if (req.queryBool("size", false)) {
            ContainerSizes.Sizes s = sizes.of(c.id(), c.image());
            c = c.toBuilder().sizeRw(s.rw()).sizeRootFs(s.rootFs()).build();
        }
        res.json(200, InspectVersions.forVersion(c, req.version()));
    }

    private void start(ApiRequest req, ApiResponse res) {
        if (req.header("Content-Length").map(ContainerRouter::longerThan7).orElse(false)
                || req.header("Transfer-Encoding").isPresent()) { // moby: a JSON object is at least 7 bytes
            throw EngineException.invalid("starting container with non-empty request body was deprecated since API "
                    + "v1.22 and removed in v1.24");
        }
        if (!req.query("checkpoint", "").isEmpty()) {
            throw EngineException.invalid("checkpoint is only supported in experimental mode");
        }
        long t0 = System.nanoTime();
        service.start(service.get(req.param("id")));
        startMetrics.started(System.nanoTime() - t0);
        res.status(204);
    }

    private static boolean longerThan7(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > 7;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void stop(ApiRequest req, ApiResponse res) {
        Container c = service.get(req.param("id"));
        res.longRunning(); // the grace period: 10 s by default
        service.stop(c, stopSignal(req), stopTimeout(req));
        res.status(204);
    }

    /**
     * The {@code t} of stop and restart, seconds; moby parses a 64-bit int, so a value beyond an int's range is
     * clamped (4294967296 waits "forever", as dockerd does), never wrapped.
     */
    static Optional<Integer> stopTimeout(ApiRequest req) {
        return req.query("t").filter(s -> !s.isEmpty()).map(s -> {
            long t = req.queryLongUnwrapped("t", 10);
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, t));
        });
    }

    /** The {@code signal} of stop and restart: from API 1.42 (moby ignores it below). */
    static Optional<String> stopSignal(ApiRequest req) {
        return req.version().atLeast("1.42") ? req.query("signal").filter(s -> !s.isEmpty()) : Optional.empty();
    }

    /** moby's router wraps every kill error: {@code cannot kill container: <name as given>: <cause>}. */
    private void kill(ApiRequest req, ApiResponse res) {
        String ref = req.param("id");
        try {
            String sig = req.query("signal", ""); // moby parses it before it looks the container up
            int signal = sig.isEmpty() ? Signals.SIGKILL : Signals.parseSupported(sig);
            service.kill(service.get(ref), signal);
        } catch (EngineException e) {
            throw new EngineException(e.kind(), "cannot kill container: " + ref + ": " + e.getMessage(), e);
        }
        res.status(204);
    }

    private void remove(ApiRequest req, ApiResponse res) {
        if (req.queryBool("link", false)) {
            service.removeLink(req.param("id"));
            res.status(204);
            return;
        }
        Container c = service.get(req.param("id"));
        service.remove(c, req.param("id"), req.queryBool("force", false), req.queryBool("v", false));
        res.status(204);
    }

    /** Headers go out at once (the CLI starts the container only then); the body comes at the condition. */
    private void await(ApiRequest req, ApiResponse res) throws IOException {
        Container c = service.get(req.param("id"));
        CompletableFuture<ContainerRunState> f = service.waitFor(c, req.query("condition", ""));
        // A wait that is not answered is cut (abort: the connection closes without the terminating chunk), never
        // left open: its connection stayed open after the client had gone (one per `docker run -d`, whose wait dies
        // with the CLI: a file descriptor and a Netty channel each); and a daemon shutting down cuts it (the client
        // sees a truncated body, as from dockerd), it does not end it as if answered.
        OutputStream out = res.stream(200, "application/json");
        CompletableFuture<Object> either = CompletableFuture.anyOf(f, res.closeFuture());
        try {
            either.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            res.abort();
            return;
        } catch (ExecutionException e) {
            // fall through and answer with the state we have
        }
        if (!f.isDone()) {
            res.abort(); // the client went away, or the daemon is stopping
            return;
        }
        ContainerRunState s = f.getNow(c.state());
        WaitResponse w = WaitResponse.exited(s.exitCode());
        out.write((dev.jdock.api.Json.mapper().writeValueAsString(w) + "\n").getBytes(StandardCharsets.UTF_8));
        out.close();
    }

    private void attach(ApiRequest req, ApiResponse res) {
        Container c = service.get(req.param("id"));
        boolean upgrade = req.header("Upgrade").isPresent();
        String ct = !c.record().config().tty() && req.version().atLeast("1.42") ? MUX_STREAM : RAW_STREAM;
        String detachKeys = req.query("detachKeys", "");
        AttachRequests.checkDetachKeys(detachKeys);
        AttachSession.Streams streams = new AttachSession.Streams(req.queryBool("stdin", false),
                req.queryBool("stdout", false), req.queryBool("stderr", false), detachKeys);
        boolean stream = req.queryBool("stream", false);
        boolean logs = req.queryBool("logs", false);
        AttachSession session = stream ? service.openAttach(c, streams, logs) : null;
        HijackedConnection conn;
        try {
            conn = res.hijack(upgrade, ct);
        } catch (RuntimeException e) {
            if (session != null) {
                session.abandon();
            }
            throw e;
        }
        if (logs) {
            AttachRequests.replayLogs(service, c, streams, session == null ? Optional.empty() : session.logEnd(),
                    conn, res.closeFuture());
        }
        if (session == null) {
            conn.close();
            return;
        }
        session.run(conn, res.closeFuture());
    }

    private void resize(ApiRequest req, ApiResponse res) {
        Container c = service.get(req.param("id"));
        int h = atoi(req, "h");
        int w = atoi(req, "w");
        service.resize(c, h, w);
        res.bytes(200, "text/plain; charset=utf-8", new byte[0]);
    }

    /** moby's strconv.Atoi of a required parameter: a missing one is its "invalid syntax" 400. */
    public static int atoi(ApiRequest req, String name) {
        if (req.query(name, "").isEmpty()) {
            throw EngineException.invalid("strconv.Atoi: parsing \"\": invalid syntax");
        }
        long v = req.queryLong(name, 0);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw EngineException.invalid("strconv.Atoi: parsing \"" + req.query(name, "") + "\": value out of range");
        }
        return (int) v;
    }

    private void logs(ApiRequest req, ApiResponse res) throws IOException {
        Container c = service.get(req.param("id"));
        boolean stdout = req.queryBool("stdout", false);
        boolean stderr = req.queryBool("stderr", false);
        if (!stdout && !stderr) {
            throw EngineException.invalid("Bad parameters: you must choose at least one stream");
        }
        String tail = req.query("tail", "all");
        long n;
        try {
            n = tail.equals("all") || tail.isEmpty() ? -1 : Long.parseLong(tail);
        } catch (NumberFormatException e) {
            n = -1;
        }
        ContainerLogs.Options o = new ContainerLogs.Options(stdout, stderr, req.queryBool("follow", false), n,
                req.queryBool("timestamps", false), ContainerLogs.parseTime(req.query("since")),
                ContainerLogs.parseTime(req.query("until")), req.queryBool("details", false),
                req.header("User-Agent").filter(ua -> ua.startsWith("Docker-Client/")).isPresent());
        ContainerLogs.checkReadable(c);
        service.checkLogger(c);
        String ct = c.record().config().tty() || !req.version().atLeast("1.42") ? RAW_STREAM : MUX_STREAM;
        try (OutputStream out = res.stream(200, ct)) {
            service.logs(c, o, out, res.closeFuture());
        }
    }
}
