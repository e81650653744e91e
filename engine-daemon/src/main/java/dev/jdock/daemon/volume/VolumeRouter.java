package dev.jdock.daemon.volume;

import dev.jdock.api.types.volume.VolumeCreateRequest;
import dev.jdock.api.types.volume.VolumeListResponse;
import dev.jdock.api.types.volume.VolumePruneResponse;
import dev.jdock.daemon.api.ApiRequest;
import dev.jdock.daemon.api.ApiResponse;
import dev.jdock.daemon.api.Router;
import dev.jdock.daemon.api.Routes;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;

/** The Engine API's /volumes endpoints. */
public final class VolumeRouter implements Router {
    /** moby's answer to {@code PUT /volumes/{name}} on a daemon that is not a swarm manager. */
    static final String UPDATE_NO_SWARM = "volume update only valid for cluster volumes, but swarm is unavailable";

    private final VolumeService volumes;

    public VolumeRouter(VolumeService volumes) {
        this.volumes = volumes;
    }

    @Override
    public void register(Routes r) {
        r.get("/volumes", (req, res) -> res.json(200, new VolumeListResponse(volumes.list(req.filters()), null)));
        r.post("/volumes/create", this::create);
        r.post("/volumes/prune", this::prune);
        r.get("/volumes/{name}", (req, res) -> res.json(200, volumes.info(volumes.get(req.param("name")))));
        r.delete("/volumes/{name}", (req, res) -> {
            volumes.remove(req.param("name"), req.queryBool("force", false));
            res.status(204);
        });
        // moby answers before it reads anything: only swarm cluster volumes can be updated, and there is no swarm
        r.put("/volumes/{name}", (req, res) -> {
            throw new EngineException(ErrorKind.UNAVAILABLE, UPDATE_NO_SWARM);
        });
    }

    private void create(ApiRequest req, ApiResponse res) {
        VolumeCreateRequest body = req.json(VolumeCreateRequest.class);
        if (body == null) {
            body = VolumeCreateRequest.EMPTY;
        }
        Volume v = volumes.create(body.name(), body.driver(), body.driverOpts(), body.labels());
        res.json(201, volumes.info(v));
    }

    private void prune(ApiRequest req, ApiResponse res) {
        // API < 1.42 pruned every unused volume; since 1.42 only anonymous ones unless all=true
        VolumeService.PruneReport r = volumes.prune(req.filters(), !req.version().atLeast("1.42"));
        res.json(200, new VolumePruneResponse(r.deleted(), r.reclaimed()));
    }
}
