package dev.jdock.daemon.exec;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.types.common.IdResponse;
import dev.jdock.api.types.exec.ExecConfig;
import dev.jdock.api.types.exec.ExecStartRequest;
import dev.jdock.daemon.api.ApiRequest;
import dev.jdock.daemon.api.ApiResponse;
import dev.jdock.daemon.api.HijackedConnection;
import dev.jdock.daemon.api.Router;
import dev.jdock.daemon.api.Routes;
import dev.jdock.daemon.container.ConsoleSizes;
import dev.jdock.daemon.container.ContainerRouter;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.server.ServerHeaders;
import dev.jdock.daemon.store.Failpoints;
import dev.jdock.runtime.process.MonitorHandle;
import java.util.List;

/** {@code POST /containers/{id}/exec}, {@code POST /exec/{id}/start}, {@code /resize}, {@code GET /exec/{id}/json}. */
public final class ExecRouter implements Router {
    private static final String RAW_STREAM = "application/vnd.docker.raw-stream";
    private static final String MUX_STREAM = "application/vnd.docker.multiplexed-stream";

    private final ExecService service;

    public ExecRouter(ExecService service) {
        this.service = service;
    }

    @Override
    public void register(Routes r) {
        r.post("/containers/{id}/exec", this::create);
        r.post("/exec/{id}/start", this::start);
        r.post("/exec/{id}/resize", this::resize);
        r.get("/exec/{id}/json", (req, res) -> res.json(200, service.inspect(req.param("id"))));
    }

    private void create(ApiRequest req, ApiResponse res) {
        ExecConfig cfg = req.json(ExecConfig.class);
        if (cfg == null) {
            throw EngineException.invalid("No exec command specified");
        }
        ConsoleSizes.check(cfg.consoleSize(), "ExecOptions");
        res.json(201, new IdResponse(service.create(req.param("id"), cfg)));
    }

    private void start(ApiRequest req, ApiResponse res) {
        ExecStartRequest body = req.json(ExecStartRequest.class);
        ConsoleSizes.check(body == null ? null : body.consoleSize(), "ExecStartOptions");
        boolean detach = body != null && body.detach();
        if (detach) {
            ExecSession s = service.claim(req.param("id"));
            int[] size = consoleSize(body, s.config());
            MonitorHandle h = service.launch(s, size[0], size[1]);
            ExecRun run = new ExecRun(s, service, h, false);
            try {
                run.connect(null);
                service.start(s, run.connection());
            } catch (EngineException e) {
                throw e;
            } catch (RuntimeException e) {
                service.abandon(s, h);
                throw e;
            }
            res.status(200);
            return;
        }
        // moby's ExecExists before the upgrade (the exec, its container running); the start's own refusals (already
        // run, already running) after it, written into the stream
        int[] size = consoleSize(body, service.check(req.param("id")).config());
        boolean rawStream = body != null && body.tty(); // moby frames by the start's Tty, not the exec's
        String ct = !rawStream && req.version().atLeast("1.42") ? MUX_STREAM : RAW_STREAM;
        res.header("Api-Version", ApiVersion.MAX.toString());
        res.header("Docker-Experimental", "false");
        res.header("Ostype", "linux");
        res.header("Server", "jdock/" + ServerHeaders.SERVER_VERSION + " (linux)");
        HijackedConnection conn = res.hijack(req.header("Upgrade").isPresent(), ct);
        ExecSession s;
        MonitorHandle h;
        try {
            // after the upgrade, as moby: the client shows an error written to the stream, never a failed upgrade's
            s = service.claim(req.param("id"));
            h = service.launch(s, size[0], size[1]);
        } catch (EngineException e) {
            ExecRun.writeError(conn.output(), rawStream, e.getMessage());
            conn.close();
            return;
        }
        Failpoints.reach("exec.launched"); // the exec monitor holds the process; START not sent
        ExecRun run = new ExecRun(s, service, h, rawStream);
        try {
            run.connect(conn.output());
            try {
                service.start(s, run.connection());
            } catch (EngineException e) {
                run.writeError(e.getMessage());
                return;
            }
            run.bridge(conn, res.closeFuture());
        } catch (RuntimeException e) {
            if (!s.isRunning()) {
                service.abandon(s, h); // connecting or starting failed: nothing of it may keep waiting
            }
            throw e;
        } finally {
            conn.close();
        }
    }

    private static int[] consoleSize(ExecStartRequest body, ExecConfig cfg) {
        List<Integer> cs = body != null && body.consoleSize() != null ? body.consoleSize() : cfg.consoleSize();
        if (cs != null && cs.size() == 2 && cs.get(0) != null && cs.get(1) != null) {
            return new int[] {cs.get(0), cs.get(1)};
        }
        return new int[] {0, 0};
    }

    private void resize(ApiRequest req, ApiResponse res) {
        int h = ContainerRouter.atoi(req, "h"); // moby's strconv.Atoi, before the exec is looked up
        int w = ContainerRouter.atoi(req, "w");
        service.resize(req.param("id"), h, w);
        res.bytes(200, "text/plain; charset=utf-8", new byte[0]);
    }
}
