package dev.jdock.daemon.registry;

import dev.jdock.api.types.system.AuthConfig;
import dev.jdock.api.types.system.AuthResponse;
import dev.jdock.daemon.api.ApiRequest;
import dev.jdock.daemon.api.ApiResponse;
import dev.jdock.daemon.api.Router;
import dev.jdock.daemon.api.Routes;
import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;

/** {@code POST /auth}: 200 {@code {"Status":"Login Succeeded","IdentityToken":""}}, 401 with the registry's message. */
public final class AuthRouter implements Router {
    private final RegistryService registries;

    public AuthRouter(RegistryService registries) {
        this.registries = registries;
    }

    @Override
    public void register(Routes routes) {
        routes.post("/auth", this::auth);
    }

    private void auth(ApiRequest req, ApiResponse res) throws IOException {
        AuthConfig auth = RegistryAuth.fromJson(req.body().readNBytes(1024 * 1024));
        if (auth.isAnonymous()) {
            throw EngineException.invalid("username and password are required");
        }
        registries.login(auth);
        res.json(200, AuthResponse.SUCCEEDED);
    }
}
