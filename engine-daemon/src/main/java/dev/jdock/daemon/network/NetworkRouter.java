package dev.jdock.daemon.network;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.api.types.container.EndpointSettings;
import dev.jdock.daemon.api.ApiRequest;
import dev.jdock.daemon.api.ApiResponse;
import dev.jdock.daemon.api.Router;
import dev.jdock.daemon.api.Routes;
import dev.jdock.daemon.errors.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** The Engine API's /networks endpoints. */
public final class NetworkRouter implements Router {
    private static final Set<String> LIST_FILTERS = Set.of("name", "id", "driver", "label", "type", "dangling",
            "scope");

    private final NetworkService net;
    private final NetworkConnections connections;

    public NetworkRouter(NetworkService net, NetworkConnections connections) {
        this.net = net;
        this.connections = connections;
    }

    /** Body of connect and disconnect. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ConnectRequest(@JsonProperty("Container") String container,
            @JsonProperty("EndpointConfig") EndpointSettings endpointConfig,
            @JsonProperty("Force") boolean force) {
    }

    @Override
    public void register(Routes r) {
        r.get("/networks", this::list);
        r.post("/networks/create", this::create);
        r.post("/networks/prune", this::prune);
        r.get("/networks/{id}", (req, res) -> res.json(200, NetworkViews.inspect(net, net.get(req.param("id")),
                true)));
        r.delete("/networks/{id}", (req, res) -> {
            net.remove(req.param("id"));
            res.status(204);
        });
        r.post("/networks/{id}/connect", (req, res) -> {
            ConnectRequest body = body(req);
            connections.connect(req.param("id"), body.container(), body.endpointConfig());
            res.status(200);
        });
        r.post("/networks/{id}/disconnect", (req, res) -> {
            ConnectRequest body = body(req);
            connections.disconnect(req.param("id"), body.container(), body.force());
            res.status(200);
        });
    }

    private static ConnectRequest body(ApiRequest req) {
        ConnectRequest body = req.json(ConnectRequest.class);
        if (body == null || body.container() == null || body.container().isEmpty()) {
            throw EngineException.invalid("container is required");
        }
        return body;
    }

    private void list(ApiRequest req, ApiResponse res) {
        req.filters().validate(LIST_FILTERS);
        List<Map<String, Object>> out = new ArrayList<>();
        Predicate<NetworkRecord> filter = NetworkViews.filter(net, req.filters());
        for (NetworkRecord n : net.list()) {
            if (filter.test(n)) {
                out.add(NetworkViews.inspect(net, n, false));
            }
        }
        res.json(200, out);
    }

    private void create(ApiRequest req, ApiResponse res) {
        NetworkRecord n = net.create(req.json(NetworkCreateRequest.class));
        res.json(201, Map.of("Id", n.id(), "Warning", ""));
    }

    private void prune(ApiRequest req, ApiResponse res) {
        List<String> deleted = net.prune(req.filters());
        // moby's report: null when nothing was deleted
        res.json(200, java.util.Collections.singletonMap("NetworksDeleted", deleted.isEmpty() ? null : deleted));
    }
}
