package dev.jdock.daemon.system;

import dev.jdock.daemon.api.ApiRequest;
import dev.jdock.daemon.api.ApiResponse;
import dev.jdock.daemon.api.Router;
import dev.jdock.daemon.api.Routes;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.util.List;
import java.util.Set;

/**
 * Managed plugins: jdockd has none (and cannot install any), so it answers as a dockerd without plugins: an empty
 * list, and moby's "not found" for any named one. Pulling, creating and upgrading plugins are not served.
 */
public final class PluginRouter implements Router {
    @Override
    public void register(Routes r) {
        r.get("/plugins", (req, res) -> {
            req.filters().validate(Set.of("enabled", "capability"));
            for (String v : req.filters().values("enabled")) {
                if (!v.equals("true") && !v.equals("false")) {
                    throw EngineException.invalid("Invalid filter 'enabled=" + v + "'");
                }
            }
            res.json(200, List.of());
        });
        r.get("/plugins/{name}/json", PluginRouter::notFound);
        r.delete("/plugins/{name}", PluginRouter::notFound);
        r.post("/plugins/{name}/enable", (req, res) -> {
            String t = req.query("timeout", "");
            if (!t.matches("-?[0-9]{1,9}")) {
                throw new EngineException(ErrorKind.SYSTEM, "strconv.Atoi: parsing \"" + t + "\": invalid syntax");
            }
            notFound(req, res);
        });
        r.post("/plugins/{name}/disable", PluginRouter::notFound);
        r.post("/plugins/{name}/set", PluginRouter::notFound);
        r.post("/plugins/{name}/push", PluginRouter::notFound);
    }

    private static void notFound(ApiRequest req, ApiResponse res) {
        throw EngineException.notFound("plugin \"" + req.param("name") + "\" not found");
    }
}
