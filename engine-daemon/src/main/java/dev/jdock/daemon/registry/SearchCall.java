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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * GET {@code /v1/search?q=&n=} (moby's searchRepositories): the registry's (Docker Hub's index) search. A registry
 * without it (CNCF distribution answers 404) is moby's {@code Unexpected status code 404}. The registry has
 * {@link #TIMEOUT} to send the headers and as long again for the body, which is read up to {@link #MAX_BODY}: a body
 * that stalls is closed at its deadline (closing the stream ends a read blocked in it).
 */
final class SearchCall implements RegistryCall<List<ImageSearchResult>> {
    static final int MAX_BODY = 4 * 1024 * 1024;
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String term;
    private final int limit;
    private final Duration timeout;

    SearchCall(String term, int limit) {
        this(term, limit, TIMEOUT);
    }

    SearchCall(String term, int limit, Duration timeout) {
        this.term = term;
        this.limit = limit;
        this.timeout = timeout;
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
        return timeout;
    }

    @Override
    public List<ImageSearchResult> handle(HttpResponse<InputStream> r) throws IOException {
        byte[] body = readBounded(r.body());
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

    private byte[] readBounded(InputStream in) {
        AtomicBoolean expired = new AtomicBoolean();
        CompletableFuture<Void> deadline = CompletableFuture.runAsync(() -> {
            expired.set(true);
            closeQuietly(in);
        }, CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS));
        try {
            return in.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw EngineException.system("error decoding registry search results: " + (expired.get()
                    ? "the registry sent no complete answer within " + seconds(timeout) : e.getMessage()), e);
        } finally {
            deadline.cancel(false);
        }
    }

    /** Go's Duration text for whole seconds or milliseconds: {@code 60s}, {@code 300ms}. */
    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the read it ends reports the failure
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
