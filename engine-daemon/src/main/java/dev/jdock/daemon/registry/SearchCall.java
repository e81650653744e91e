package dev.jdock.daemon.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.api.Json;
import dev.jdock.api.types.image.ImageSearchResult;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * GET {@code /v1/search?q=&n=} (moby's searchRepositories): the registry's (Docker Hub's index) search. A registry
 * without it (CNCF distribution answers 404) is moby's {@code Unexpected status code 404}; the answer is read up to
 * {@link #MAX_BODY} and the request has {@link #TIMEOUT} to answer.
 */
final class SearchCall implements RegistryCall<List<ImageSearchResult>> {
    static final int MAX_BODY = 4 * 1024 * 1024;
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String term;
    private final int limit;

    SearchCall(String term, int limit) {
        this.term = term;
        this.limit = limit;
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public URI uri(Endpoint e) {
        return e.resolve("/v1/search?q=" + URLEncoder.encode(term, StandardCharsets.UTF_8) + "&n=" + limit);
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("X-Docker-Token", "true");
    }

    @Override
    public Duration timeout() {
        return TIMEOUT;
    }

    @Override
    public List<ImageSearchResult> handle(HttpResponse<InputStream> r) throws IOException {
        byte[] body = r.body().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw EngineException.system("error decoding registry search results: answer larger than "
                    + MAX_BODY + " bytes", null);
        }
        try {
            Results parsed = Json.mapper().readValue(body, Results.class);
            return parsed == null || parsed.results() == null ? List.of() : parsed.results();
        } catch (IOException e) {
            throw EngineException.system("error decoding registry search results: " + e.getMessage(), e);
        }
    }

    /** moby: any status but 200 is {@code Unexpected status code N} (errdefs.Unknown, a 500). */
    @Override
    public List<ImageSearchResult> handleError(int status, byte[] body) {
        throw new EngineException(ErrorKind.SYSTEM, "Unexpected status code " + status);
    }

    @Override
    public String description() {
        return "search " + term;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Results(@JsonProperty("results") List<ImageSearchResult> results) {
    }
}
