package dev.jdock.daemon.registry;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;

/** GET {@code /v2/}: whether the registry accepts our credentials (login). */
final class ApiChecker implements RegistryCall<Boolean> {
    @Override
    public String method() {
        return "GET";
    }

    @Override
    public URI uri(Endpoint e) {
        return e.resolve("/v2/");
    }

    @Override
    public Boolean handle(HttpResponse<InputStream> r) {
        return true;
    }

    @Override
    public String description() {
        return "check registry API";
    }
}
