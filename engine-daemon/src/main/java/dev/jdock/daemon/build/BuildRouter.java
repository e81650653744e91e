package dev.jdock.daemon.build;

import dev.jdock.daemon.api.ApiRequest;
import dev.jdock.daemon.api.ApiResponse;
import dev.jdock.daemon.api.Router;
import dev.jdock.daemon.api.Routes;
import java.io.IOException;
import java.io.InputStream;

/** {@code POST /build} and {@code POST /build/prune}. */
public final class BuildRouter implements Router {
    private final BuildBackend builds;
    private final BuildCachePruner pruner;

    public BuildRouter(BuildBackend builds, BuildCachePruner pruner) {
        this.builds = builds;
        this.pruner = pruner;
    }

    @Override
    public void register(Routes r) {
        r.post("/build", this::build);
        // API 1.48 renamed keep-storage reserved-space (moby 28 reads the old name below 1.48 only; both here)
        r.post("/build/prune", (req, res) -> res.json(200, pruner.prune(req.filters(), req.queryBool("all", false),
                req.queryLong("reserved-space", req.queryLong("keep-storage", 0)))));
    }

    private void build(ApiRequest req, ApiResponse res) throws IOException {
        BuildOptions o = BuildOptions.from(req);
        BuildOutput out = new BuildOutput(() -> res.stream(200, "application/json"), o.quiet());
        if (o.remote().isEmpty()) {
            builds.build(o, req.body(), out, res.closeFuture());
        } else {
            try (InputStream context = RemoteContext.open(o.remote(), res.closeFuture())) {
                builds.build(o, context, out, res.closeFuture());
            }
        }
        out.close();
    }
}
