package dev.jdock.daemon.system;

import dev.jdock.api.types.build.BuildCachePruneResponse;
import dev.jdock.daemon.api.Router;
import dev.jdock.daemon.api.Routes;
import dev.jdock.daemon.errors.EngineException;
import java.util.Set;

/**
 * {@code POST /build/prune}: jdockd does not build, so its build cache is always empty; the filters are checked as
 * moby's builder does (the docker CLI's {@code system prune} ends with this call).
 */
public final class BuildCacheRouter implements Router {
    private static final Set<String> FILTERS = Set.of("id", "parent", "type", "description", "inuse", "shared",
            "private", "until", "unused-for", "unused_for", "label", "label!");

    @Override
    public void register(Routes r) {
        r.post("/build/prune", (req, res) -> {
            try {
                req.filters().validate(FILTERS);
            } catch (EngineException e) {
                throw EngineException.invalid("failed to prune build cache: " + e.getMessage());
            }
            res.json(200, BuildCachePruneResponse.NOTHING);
        });
    }
}
