package dev.jdock.api.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Image endpoints as raw bytes and streams (the typed image records belong to {@code dev.jdock.api.types.image}).
 */
public final class ImageApi {
    private final EngineClient client;

    public ImageApi(EngineClient client) {
        this.client = client;
    }

    /** {@code GET /images/json} raw. */
    public byte[] listRaw(boolean all, boolean digests, Filters filters) throws IOException {
        HttpRequest req = HttpRequest.get("/images/json").flag("all", all).flag("digests", digests)
                .query("filters", filters == null ? null : filters.toJson());
        try (HttpResponse r = client.execute(req)) {
            return r.readAll();
        }
    }

    /** {@code GET /images/{name}/json} raw. */
    public byte[] inspectRaw(String name) throws IOException {
        return client.getBytes("/images/" + name + "/json");
    }

    /** {@code POST /images/load[?quiet=1]} with the tar streamed chunked; the answer is a JSON progress stream. */
    public HttpResponse load(InputStream tar, boolean quiet) throws IOException {
        return client.execute(HttpRequest.post("/images/load").flag("quiet", quiet).body(tar, "application/x-tar"));
    }

    /** {@code GET /images/get?names=…}: a tar stream. */
    public HttpResponse save(List<String> names) throws IOException {
        HttpRequest req = HttpRequest.get("/images/get");
        for (String n : names) {
            req.query("names", n);
        }
        return client.execute(req);
    }

    /** {@code POST /images/create?fromSrc=-&repo=&tag=} with the rootfs tar streamed; a JSON progress stream. */
    public HttpResponse importImage(InputStream tar, String repo, String tag) throws IOException {
        HttpRequest req = HttpRequest.post("/images/create").query("fromSrc", "-")
                .query("repo", ContainerApi.emptyToNull(repo)).query("tag", ContainerApi.emptyToNull(tag))
                .body(tar, "application/x-tar");
        return client.execute(req);
    }

    /** {@code POST /images/create?fromImage=&tag=} (pull); a JSON progress stream. */
    public HttpResponse pull(String image, String tag) throws IOException {
        return pull(image, tag, null, "e30=");
    }

    /**
     * {@link #pull(String, String)} for a platform ({@code os/arch[/variant]}; null for the daemon's own) with an
     * {@code X-Registry-Auth} value ({@code e30=} when anonymous).
     */
    public HttpResponse pull(String image, String tag, String platform, String registryAuth) throws IOException {
        return client.execute(HttpRequest.post("/images/create").query("fromImage", image).query("tag", tag)
                .query("platform", platform).header("X-Registry-Auth", registryAuth));
    }

    /** {@code POST /images/{name}/tag?repo=&tag=} (201). */
    public void tag(String source, String repo, String tag) throws IOException {
        client.call(HttpRequest.post("/images/" + source + "/tag").query("repo", repo)
                .query("tag", ContainerApi.emptyToNull(tag)));
    }

    /** {@code DELETE /images/{name}[?force=1]}: raw JSON array of {@code {"Untagged"}/{"Deleted"}}. */
    public byte[] remove(String name, boolean force, boolean noPrune) throws IOException {
        try (HttpResponse r = client.execute(HttpRequest.delete("/images/" + name).flag("force", force)
                .flag("noprune", noPrune))) {
            return r.readAll();
        }
    }
}
