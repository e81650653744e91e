package dev.jdock.daemon.network;

import dev.jdock.api.types.container.EndpointSettings;
import dev.jdock.api.types.network.Network;
import dev.jdock.api.types.network.NetworkConnectRequest;
import dev.jdock.api.types.network.NetworkCreateRequest;
import dev.jdock.api.types.network.NetworkCreateResponse;
import dev.jdock.api.types.network.NetworkDisconnectRequest;
import dev.jdock.api.types.network.NetworkPruneResponse;
import dev.jdock.daemon.api.ApiRequest;
import dev.jdock.daemon.api.ApiResponse;
import dev.jdock.daemon.api.Router;
import dev.jdock.daemon.api.Routes;
import dev.jdock.daemon.errors.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
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

    @Override
    public void register(Routes r) {
        r.get("/networks", this::list);
        r.post("/networks/create", this::create);
        r.post("/networks/prune", this::prune);
        r.get("/networks/{id}", (req, res) -> {
            // moby looks the network up among those of the scope asked for: every network here is local
            String scope = req.query("scope", "");
            if (!scope.isEmpty() && !scope.equals("local")) {
                throw EngineException.notFound("network " + req.param("id") + " not found");
            }
            res.json(200, NetworkViews.inspect(net, net.get(req.param("id")), true));
        });
        r.delete("/networks/{id}", (req, res) -> {
            net.remove(req.param("id"));
            res.status(204);
        });
        r.post("/networks/{id}/connect", (req, res) -> {
            NetworkConnectRequest body = body(req, NetworkConnectRequest.class, NetworkConnectRequest::container);
            EndpointSettings ep = body.endpointConfig();
            if (ep != null && ep.gwPriority() != 0 && !req.version().atLeast("1.48")) {
                ep = ep.toBuilder().gwPriority(0).build(); // API 1.48's field, ignored before (moby's router)
            }
            connections.connect(req.param("id"), body.container(), ep);
            res.status(200);
        });
        r.post("/networks/{id}/disconnect", (req, res) -> {
            NetworkDisconnectRequest body = body(req, NetworkDisconnectRequest.class,
                    NetworkDisconnectRequest::container);
            connections.disconnect(req.param("id"), body.container(), body.force());
            res.status(200);
        });
    }

    /** A connect or disconnect body, which must name the container. */
    private static <T> T body(ApiRequest req, Class<T> type, Function<T, String> container) {
        T body = req.json(type);
        if (body == null || container.apply(body) == null || container.apply(body).isEmpty()) {
            throw EngineException.invalid("container is required");
        }
        return body;
    }

    private void list(ApiRequest req, ApiResponse res) {
        req.filters().validate(LIST_FILTERS);
        List<Network> out = new ArrayList<>();
        Predicate<NetworkRecord> filter = NetworkViews.filter(net, req.filters());
        for (NetworkRecord n : net.list()) {
            if (filter.test(n)) {
                out.add(NetworkViews.inspect(net, n, false));
            }
        }
        res.json(200, out);
    }

    private void create(ApiRequest req, ApiResponse res) {
        NetworkCreateRequest body = req.json(NetworkCreateRequest.class);
        if (body != null && body.enableIpv4() != null && !req.version().atLeast("1.48")) {
            body = body.withEnableIpv4(null); // API 1.48's field: IPv4 always on before
        }
        NetworkRecord n = net.create(body);
        res.json(201, new NetworkCreateResponse(n.id(), ""));
    }

    private void prune(ApiRequest req, ApiResponse res) {
        res.json(200, NetworkPruneResponse.of(net.prune(req.filters())));
    }
}
