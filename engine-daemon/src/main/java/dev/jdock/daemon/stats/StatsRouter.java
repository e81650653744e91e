package dev.jdock.daemon.stats;

import dev.jdock.api.Json;
import dev.jdock.api.types.container.StatsJson;
import dev.jdock.daemon.api.ApiRequest;
import dev.jdock.daemon.api.ApiResponse;
import dev.jdock.daemon.api.Router;
import dev.jdock.daemon.api.Routes;
import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.container.ContainerLookup;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.cgroup.CgroupHandle;
import dev.jdock.runtime.cgroup.CgroupManager;
import dev.jdock.runtime.cgroup.CgroupMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** {@code GET /containers/{id}/stats} (one JSON per second, or one) and {@code GET /containers/{id}/top}. */
public final class StatsRouter implements Router {
    private static final long INTERVAL_MS = 1000;

    private final ContainerLookup containers;
    private final CgroupManager cgroups;
    private final StatsSampler sampler;
    private final ProcessTop top;

    public StatsRouter(ContainerLookup containers, CgroupManager cgroups, StatsSampler sampler, ProcessTop top) {
        this.containers = containers;
        this.cgroups = cgroups;
        this.sampler = sampler;
        this.top = top;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/containers/{id}/stats", this::stats);
        routes.get("/containers/{id}/top", this::top);
    }

    private void stats(ApiRequest req, ApiResponse res) throws IOException, InterruptedException {
        Container c = containers.get(req.param("id"));
        boolean stream = req.queryBool("stream", true);
        boolean oneShot = req.queryBool("one-shot", false);
        if (oneShot && stream) {
            throw EngineException.invalid("cannot have stream=true and one-shot=true");
        }
        if (!stream) {
            StatsJson s = sample(c, null);
            if (!oneShot && c.isRunning()) {
                Thread.sleep(INTERVAL_MS);
                s = sample(c, s);
            }
            res.bytes(200, "application/json", (Json.mapper().writeValueAsString(s) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        try (OutputStream out = res.stream(200, "application/json")) {
            StatsJson prev = null;
            while (!res.closeFuture().isDone()) {
                StatsJson s = sample(c, prev);
                out.write((Json.mapper().writeValueAsString(s) + "\n").getBytes(StandardCharsets.UTF_8));
                prev = c.isRunning() ? s : null;
                try {
                    res.closeFuture().get(INTERVAL_MS, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                    // next sample
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private StatsJson sample(Container c, StatsJson previous) {
        String name = "/" + c.name();
        int pid = c.state().pid();
        Optional<CgroupHandle> h = c.isRunning() ? cgroups.find(c.id(), c.record().cgroupParent())
                : Optional.empty();
        if (h.isEmpty()) {
            return StatsJson.zero(name, c.id());
        }
        CgroupMetrics m = h.get().metrics();
        return sampler.sample(name, c.id(), pid, m, Instant.now(), previous);
    }

    private void top(ApiRequest req, ApiResponse res) {
        Container c = containers.get(req.param("id"));
        if (!c.isRunning()) {
            throw EngineException.conflict("Container " + c.id() + " is not running");
        }
        Set<Integer> pids = new HashSet<>(cgroups.find(c.id(), c.record().cgroupParent())
                .orElseThrow(() -> EngineException.conflict("Container " + c.id() + " is not running"))
                .pids());
        res.json(200, top.top(req.query("ps_args", ""), pids));
        containers.event(c, "top", java.util.Map.of());
    }
}
