package dev.jdock.daemon.container;

import dev.jdock.api.types.container.ContainerPruneResponse;
import dev.jdock.api.types.container.ContainerUpdateRequest;
import dev.jdock.api.types.container.ContainerUpdateResponse;
import dev.jdock.daemon.api.ApiRequest;
import dev.jdock.daemon.api.ApiResponse;
import dev.jdock.daemon.api.Router;
import dev.jdock.daemon.api.Routes;
import java.util.List;

/** restart, pause, unpause, rename, update and prune of containers. */
public final class LifecycleRoutes implements Router {
    private final LifecycleBackend service;

    public LifecycleRoutes(LifecycleBackend service) {
        this.service = service;
    }

    @Override
    public void register(Routes r) {
        r.post("/containers/{id}/restart", this::restart);
        r.post("/containers/{id}/pause", (req, res) -> {
            service.pause(service.get(req.param("id")));
            res.status(204);
        });
        r.post("/containers/{id}/unpause", (req, res) -> {
            service.unpause(service.get(req.param("id")));
            res.status(204);
        });
        r.post("/containers/{id}/rename", (req, res) -> {
            service.rename(service.get(req.param("id")), req.query("name", ""));
            res.status(204);
        });
        r.post("/containers/{id}/update", this::update);
        r.post("/containers/prune", this::prune);
    }

    private void restart(ApiRequest req, ApiResponse res) {
        Container c = service.get(req.param("id"));
        res.longRunning(); // the stop's grace period
        service.restart(c, ContainerRouter.stopSignal(req), ContainerRouter.stopTimeout(req));
        res.status(204);
    }

    private void update(ApiRequest req, ApiResponse res) {
        Container c = service.get(req.param("id"));
        ContainerUpdateRequest body = req.json(ContainerUpdateRequest.class);
        List<String> warnings = service.update(c, body);
        res.json(200, ContainerUpdateResponse.of(warnings));
    }

    private void prune(ApiRequest req, ApiResponse res) {
        ContainerPruner.Report r = service.prune(req.filters());
        res.json(200, ContainerPruneResponse.of(r.deleted(), r.spaceReclaimed()));
    }
}
