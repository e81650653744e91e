package dev.jdock.daemon.system;

import dev.jdock.api.types.swarm.SwarmJoinRequest;
import dev.jdock.daemon.api.ApiRequest;
import dev.jdock.daemon.api.ApiResponse;
import dev.jdock.daemon.api.Handler;
import dev.jdock.daemon.api.Router;
import dev.jdock.daemon.api.Routes;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.util.List;

/**
 * The swarm endpoints as a dockerd that is in no swarm answers them: 503 "not a swarm manager" (leave: "not part of a
 * swarm"), after the same request checks (an update's {@code version}, a logs request's streams). jdockd runs with
 * live restore, which dockerd refuses to combine with swarm mode: init and join fail with its error.
 */
public final class SwarmRouter implements Router {
    static final String NOT_MANAGER = "This node is not a swarm manager. Use \"docker swarm init\" or "
            + "\"docker swarm join\" to connect this node to swarm and try again.";
    static final String NOT_IN_SWARM = "This node is not part of a swarm";
    static final String LIVE_RESTORE = "--live-restore daemon configuration is incompatible with swarm mode";

    @Override
    public void register(Routes r) {
        r.get("/swarm", SwarmRouter::notManager);
        r.post("/swarm/init", (req, res) -> initOrJoin(req, false));
        r.post("/swarm/join", (req, res) -> initOrJoin(req, true));
        r.post("/swarm/leave", (req, res) -> {
            throw new EngineException(ErrorKind.UNAVAILABLE, NOT_IN_SWARM);
        });
        r.post("/swarm/update", versioned("swarm", true));
        r.get("/swarm/unlockkey", SwarmRouter::notManager);
        r.post("/swarm/unlock", SwarmRouter::notManager);
        for (String kind : List.of("nodes", "services", "tasks", "secrets", "configs")) {
            r.get("/" + kind, SwarmRouter::notManager);
            r.get("/" + kind + "/{id}", SwarmRouter::notManager);
        }
        r.delete("/nodes/{id}", SwarmRouter::notManager);
        r.post("/nodes/{id}/update", versioned("node", true));
        for (String kind : List.of("services", "secrets", "configs")) {
            r.post("/" + kind + "/create", SwarmRouter::notManager);
            r.delete("/" + kind + "/{id}", SwarmRouter::notManager);
        }
        r.post("/services/{id}/update", versioned("service", true));
        r.post("/secrets/{id}/update", versioned("secret", false));
        r.post("/configs/{id}/update", versioned("config", false));
        r.get("/services/{id}/logs", SwarmRouter::logs);
        r.get("/tasks/{id}/logs", SwarmRouter::logs);
    }

    private static void notManager(ApiRequest req, ApiResponse res) {
        throw new EngineException(ErrorKind.UNAVAILABLE, NOT_MANAGER);
    }

    /** An update: dockerd parses {@code version} (a uint64) before it finds that there is no swarm. */
    private static Handler versioned(String kind, boolean parseUintWording) {
        return (req, res) -> {
            String v = req.query("version", "");
            if (!v.matches("[0-9]{1,19}")) {
                throw EngineException.invalid(parseUintWording
                        ? "invalid " + kind + " version '" + v + "': strconv.ParseUint: parsing \"" + v
                                + "\": invalid syntax"
                        : "invalid " + kind + " version");
            }
            notManager(req, res);
        };
    }

    private static void logs(ApiRequest req, ApiResponse res) {
        if (!req.queryBool("stdout", false) && !req.queryBool("stderr", false)) {
            throw new EngineException(ErrorKind.SYSTEM, "Bad parameters: you must choose at least one stream");
        }
        notManager(req, res);
    }

    private static void initOrJoin(ApiRequest req, boolean join) {
        SwarmJoinRequest body = req.json(SwarmJoinRequest.class);
        String listen = body == null || body.listenAddr() == null ? "" : body.listenAddr();
        if (listen.isEmpty()) {
            throw EngineException.invalid("invalid ListenAddr \"\": invalid empty address");
        }
        if (join && (body.remoteAddrs() == null || body.remoteAddrs().isEmpty())) {
            throw EngineException.invalid("at least 1 RemoteAddr is required to join");
        }
        throw new EngineException(ErrorKind.SYSTEM, LIVE_RESTORE);
    }
}
