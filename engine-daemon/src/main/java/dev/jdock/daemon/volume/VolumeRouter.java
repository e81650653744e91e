package dev.jdock.daemon.volume;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.daemon.api.ApiRequest;
import dev.jdock.daemon.api.ApiResponse;
import dev.jdock.daemon.api.Router;
import dev.jdock.daemon.api.Routes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Engine API's /volumes endpoints. */
public final class VolumeRouter implements Router {
    private final VolumeService volumes;

    public VolumeRouter(VolumeService volumes) {
        this.volumes = volumes;
    }

    /** Body of {@code POST /volumes/create}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CreateRequest(@JsonProperty("Name") String name, @JsonProperty("Driver") String driver,
            @JsonProperty("DriverOpts") Map<String, String> driverOpts,
            @JsonProperty("Labels") Map<String, String> labels) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ListResponse(@JsonProperty("Volumes") List<VolumeInfo> volumes,
            @JsonProperty("Warnings") List<String> warnings) {
    }

    @Override
    public void register(Routes r) {
        r.get("/volumes", (req, res) -> res.json(200, new ListResponse(volumes.list(req.filters()), null)));
        r.post("/volumes/create", this::create);
        r.post("/volumes/prune", this::prune);
        r.get("/volumes/{name}", (req, res) -> res.json(200, volumes.info(volumes.get(req.param("name")))));
        r.delete("/volumes/{name}", (req, res) -> {
            volumes.remove(req.param("name"), req.queryBool("force", false));
            res.status(204);
        });
    }

    private void create(ApiRequest req, ApiResponse res) {
        CreateRequest body = req.json(CreateRequest.class);
        if (body == null) {
            body = new CreateRequest(null, null, null, null);
        }
        Volume v = volumes.create(body.name(), body.driver(), body.driverOpts(), body.labels());
        res.json(201, volumes.info(v));
    }

    private void prune(ApiRequest req, ApiResponse res) {
        // API < 1.42 pruned every unused volume; since 1.42 only anonymous ones unless all=true
        VolumeService.PruneReport r = volumes.prune(req.filters(), !req.version().atLeast("1.42"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("VolumesDeleted", r.deleted());
        out.put("SpaceReclaimed", r.reclaimed());
        res.json(200, out);
    }
}
