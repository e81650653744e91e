package dev.jdock.daemon.registry;

import dev.jdock.daemon.api.ApiRequest;
import dev.jdock.daemon.api.ApiResponse;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.api.Router;
import dev.jdock.daemon.api.Routes;
import dev.jdock.daemon.errors.EngineException;
import java.util.Optional;

/**
 * {@code GET /images/search?term=&limit=&filters=}: the registry's search ({@link ImageSearch}), with the credentials
 * of {@code X-Registry-Auth} (an undecodable header is ignored, as moby does for search).
 */
public final class SearchRouter implements Router {
    private final ImageSearch search;

    public SearchRouter(RegistryService registries) {
        this.search = new ImageSearch(registries);
    }

    @Override
    public void register(Routes routes) {
        routes.get("/images/search", this::search);
    }

    private void search(ApiRequest req, ApiResponse res) {
        int limit = limit(req.query("limit"));
        Filters filters = Filters.parse(req.query("filters").orElse(null));
        res.json(200, search.search(req.query("term", ""), limit, filters, auth(req.header("X-Registry-Auth"))));
    }

    private static int limit(Optional<String> value) {
        if (value.isEmpty() || value.get().isEmpty()) {
            return 0;
        }
        int n;
        try {
            n = Integer.parseInt(value.get());
        } catch (NumberFormatException e) {
            throw EngineException.invalid("invalid limit specified: strconv.Atoi: parsing \"" + value.get()
                    + "\": invalid syntax");
        }
        if (n < 0) {
            throw EngineException.invalid("invalid limit specified");
        }
        return n;
    }

    private static dev.jdock.api.types.system.AuthConfig auth(Optional<String> header) {
        try {
            return RegistryAuth.fromHeader(header.orElse(null));
        } catch (EngineException e) {
            return null;
        }
    }
}
