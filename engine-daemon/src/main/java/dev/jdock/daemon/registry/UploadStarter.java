package dev.jdock.daemon.registry;

import dev.jdock.api.value.Digest;
import dev.jdock.daemon.errors.EngineException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * POST {@code /v2/<name>/blobs/uploads/}, optionally {@code ?mount=<digest>&from=<repo>}: 201 means the blob was
 * mounted from the other repository ({@link Result#mounted}); 202 opens an upload session at {@link Result#location}.
 */
final class UploadStarter implements RegistryCall<UploadStarter.Result> {
    record Result(boolean mounted, URI location) {
    }

    private final String repository;
    private final Digest mount;
    private final String from;

    UploadStarter(String repository, Digest mount, String from) {
        this.repository = repository;
        this.mount = mount;
        this.from = from;
    }

    @Override
    public String method() {
        return "POST";
    }

    @Override
    public URI uri(Endpoint e) {
        String q = mount == null ? "" : "?mount=" + mount + "&from=" + URLEncoder.encode(from, StandardCharsets.UTF_8);
        return e.resolve("/v2/" + repository + "/blobs/uploads/" + q);
    }

    @Override
    public HttpRequest.BodyPublisher body() {
        return HttpRequest.BodyPublishers.noBody();
    }

    @Override
    public Result handle(HttpResponse<InputStream> r) {
        if (r.statusCode() == 201) {
            return new Result(true, null);
        }
        String loc = r.headers().firstValue("Location").orElseThrow(
                () -> EngineException.system("registry started an upload without a Location", null));
        return new Result(false, r.uri().resolve(loc));
    }

    @Override
    public String description() {
        return mount == null ? "start blob upload" : "mount blob " + mount + " from " + from;
    }
}
