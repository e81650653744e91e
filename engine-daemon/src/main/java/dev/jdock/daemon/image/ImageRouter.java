package dev.jdock.daemon.image;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.Json;
import dev.jdock.api.stream.ProgressMessage;
import dev.jdock.daemon.api.ApiRequest;
import dev.jdock.daemon.api.ApiResponse;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.api.Router;
import dev.jdock.daemon.api.Routes;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.registry.RegistryAuth;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The image endpoints: load, save, import, pull, push, list, inspect, tag, remove. */
public final class ImageRouter implements Router {
    private static final ApiVersion LEGACY_FILTER_IGNORED = new ApiVersion(1, 41);
    private final ImageBackend images;

    public ImageRouter(ImageBackend images) {
        this.images = images;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/images/json", this::list);
        routes.post("/images/load", this::load);
        routes.get("/images/get", this::saveMany);
        routes.post("/images/create", this::create);
        routes.get("/images/{name:.*}/json", this::inspect);
        routes.get("/images/{name:.*}/get", this::saveOne);
        routes.post("/images/{name:.*}/tag", this::tag);
        routes.post("/images/{name:.*}/push", this::push);
        routes.delete("/images/{name:.*}", this::remove);
    }

    private void list(ApiRequest req, ApiResponse res) {
        Filters filters = req.filters();
        String legacyFilter = req.query("filter", "");
        // moby 27 still reads the deprecated "filter" (a reference glob; docker-java's withImageNameFilter) below
        // API 1.41, and ignores it from 1.41 on
        if (!legacyFilter.isEmpty() && !req.version().atLeast(LEGACY_FILTER_IGNORED)) {
            filters = filters.with("reference", legacyFilter);
        }
        res.json(200, images.list(req.queryBool("all", false), filters, req.version()));
    }

    private void inspect(ApiRequest req, ApiResponse res) {
        res.json(200, images.inspect(req.param("name"), req.version()));
    }

    private void tag(ApiRequest req, ApiResponse res) {
        images.tag(req.param("name"), req.query("repo", ""), req.query("tag", ""));
        res.status(201);
    }

    private void remove(ApiRequest req, ApiResponse res) {
        res.json(200, images.remove(req.param("name"), req.queryBool("force", false),
                !req.queryBool("noprune", false)));
    }

    /**
     * Docker answers only once the archive is consumed (or at the first "Loading layer" progress); an error, before
     * or after that, is the answer's last message, as moby's FormatError (a 200 either way).
     */
    private void load(ApiRequest req, ApiResponse res) throws IOException {
        List<String> lines = new ArrayList<>();
        LazyStream lazy = new LazyStream(() -> res.stream(200, "application/json"));
        ProgressStream progress = req.queryBool("quiet", false) ? ProgressStream.discarding()
                : new ProgressStream(lazy);
        try {
            images.load(req.body(), line -> {
                if (lazy.opened()) {
                    progress.send(ProgressMessage.stream(line + "\n"));
                } else {
                    lines.add(line);
                }
            }, progress);
        } catch (RuntimeException e) {
            // moby writes every load error into its answer (200, then the lines so far and the error), also one
            // before any output: docker-py raises ImageLoadError, the CLI prints the message without "Error
            // response from daemon"
            for (String line : lines) {
                lazy.write(jsonLine("stream", line + "\n"));
            }
            new ProgressStream(lazy).error(e.getMessage());
            lazy.close();
            return;
        }
        try (OutputStream out = lazy) {
            for (String line : lines) {
                out.write(jsonLine("stream", line + "\n"));
            }
        }
    }

    /** The response stream, opened by its first byte (or by close). */
    private static final class LazyStream extends OutputStream {
        private final Supplier<OutputStream> opener;
        private OutputStream out;

        LazyStream(Supplier<OutputStream> opener) {
            this.opener = opener;
        }

        boolean opened() {
            return out != null;
        }

        private OutputStream out() {
            if (out == null) {
                out = opener.get();
            }
            return out;
        }

        @Override
        public void write(int b) throws IOException {
            out().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (out != null) {
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            out().close();
        }
    }

    private void saveMany(ApiRequest req, ApiResponse res) throws IOException {
        List<String> names = req.queryAll("names");
        if (names.isEmpty()) {
            throw EngineException.invalid("no images specified");
        }
        save(names, res);
    }

    private void saveOne(ApiRequest req, ApiResponse res) throws IOException {
        save(List.of(req.param("name")), res);
    }

    private void save(List<String> names, ApiResponse res) throws IOException {
        ImageService.ImageExport export = images.prepareSave(names); // 404 before the stream starts
        OutputStream out = res.stream(200, "application/x-tar");
        try {
            export.writeTo(out);
        } catch (RuntimeException e) {
            res.abort();
            throw e;
        }
        out.close();
    }

    private void create(ApiRequest req, ApiResponse res) throws IOException {
        String src = req.query("fromSrc", "");
        if (req.query("fromImage").isPresent()) {
            pull(req, res);
            return;
        }
        importImage(req, res, src);
    }

    /**
     * {@code fromSrc=-} reads the body; any other value is a URL the daemon downloads, given up when the client goes
     * (a server that stalls its answer or its body held the handler and the import's spool for good).
     */
    private void importImage(ApiRequest req, ApiResponse res, String src) throws IOException {
        if (src.isEmpty()) {
            throw EngineException.invalid("either fromSrc or fromImage must be set");
        }
        boolean body = "-".equals(src);
        if (!body) {
            res.longRunning(); // waits on a server outside the daemon
        }
        String id;
        try (java.io.InputStream in = body ? req.body() : ImportUrl.open(src, res.closeFuture())) {
            id = images.importImage(in, src, req.query("repo", ""), req.query("tag", ""),
                    req.query("message", ""), req.queryAll("changes"));
        }
        try (OutputStream out = res.stream(200, "application/json")) {
            out.write(jsonLine("status", id));
        }
    }

    private void pull(ApiRequest req, ApiResponse res) throws IOException {
        res.longRunning(); // registry round trips before the first progress line
        ImageService.ProgressJob job = images.preparePull(req.query("fromImage", ""), req.query("tag", ""),
                req.query("platform", ""), RegistryAuth.fromHeader(req.header("X-Registry-Auth").orElse(null)));
        try (OutputStream out = res.stream(200, "application/json")) {
            job.run(out);
        }
    }

    private void push(ApiRequest req, ApiResponse res) throws IOException {
        ImageService.ProgressJob job = images.preparePush(req.param("name"), req.query("tag", ""),
                RegistryAuth.fromHeader(req.header("X-Registry-Auth").orElse(null)));
        try (OutputStream out = res.stream(200, "application/json")) {
            job.run(out);
        }
    }

    private static byte[] jsonLine(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(key, value);
        try {
            return (Json.mapper().writeValueAsString(m) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
