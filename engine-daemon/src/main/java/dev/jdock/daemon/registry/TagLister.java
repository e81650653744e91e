package dev.jdock.daemon.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jdock.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** GET {@code /v2/<name>/tags/list} (for {@code pull --all-tags}). */
final class TagLister implements RegistryCall<List<String>> {
    private final String repository;

    TagLister(String repository) {
        this.repository = repository;
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public URI uri(Endpoint e) {
        return e.resolve("/v2/" + repository + "/tags/list?n=10000");
    }

    @Override
    public List<String> handle(HttpResponse<InputStream> r) throws IOException {
        JsonNode root = Json.mapper().readTree(r.body().readNBytes(16 * 1024 * 1024));
        List<String> out = new ArrayList<>();
        root.path("tags").forEach(t -> out.add(t.asText()));
        return out;
    }

    @Override
    public String description() {
        return "list tags of " + repository;
    }
}
