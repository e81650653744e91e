package dev.jdock.daemon.archive;

import dev.jdock.api.types.common.IdResponse;
import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.ContainerPathStat;
import dev.jdock.api.types.container.ContainerStatus;
import dev.jdock.api.types.container.FilesystemChange;
import dev.jdock.api.types.image.ImageContainerConfig;
import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.api.ApiRequest;
import dev.jdock.daemon.api.ApiResponse;
import dev.jdock.daemon.api.Router;
import dev.jdock.daemon.api.Routes;
import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.container.LifecycleBackend;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.image.ImageCommitter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Container filesystem endpoints: {@code HEAD/GET/PUT /containers/{id}/archive}, {@code GET /containers/{id}/export},
 * {@code GET /containers/{id}/changes} and {@code POST /commit}.
 */
public final class ArchiveRouter implements Router {
    private static final int BUFFER = 64 * 1024;

    private final LifecycleBackend containers;
    private final ImageCommits images;
    private final ArchiveBackend archives;

    /** @param containers lookups and events, and pause/unpause around a commit */
    public ArchiveRouter(LifecycleBackend containers, ImageCommits images, ArchiveBackend archives) {
        this.containers = containers;
        this.images = images;
        this.archives = archives;
    }

    @Override
    public void register(Routes r) {
        r.head("/containers/{id}/archive", this::head);
        r.get("/containers/{id}/archive", this::get);
        r.put("/containers/{id}/archive", this::put);
        r.get("/containers/{id}/export", this::export);
        r.get("/containers/{id}/changes", this::changes);
        r.post("/commit", this::commit);
    }

    private static String path(ApiRequest req) {
        return req.query("path").filter(p -> !p.isEmpty())
                .orElseThrow(() -> EngineException.invalid("path cannot be empty"));
    }

    private void head(ApiRequest req, ApiResponse res) {
        Container c = containers.get(req.param("id"));
        ContainerPathStat stat = archives.stat(c, req.param("id"), path(req));
        res.header(ContainerPathStat.HEADER, stat.encode());
        res.status(200);
    }

    private void get(ApiRequest req, ApiResponse res) throws IOException {
        Container c = containers.get(req.param("id"));
        try (ArchiveBackend.PreparedArchive a = archives.archive(c, req.param("id"), path(req))) {
            res.header(ContainerPathStat.HEADER, a.stat().encode());
            containers.event(c, "archive-path", java.util.Map.of());
            try (OutputStream out = new BufferedOutputStream(res.stream(200, "application/x-tar"), BUFFER)) {
                a.writeTo(out);
            }
        }
    }

    private void put(ApiRequest req, ApiResponse res) throws IOException {
        Container c = containers.get(req.param("id"));
        try (InputStream body = req.body()) {
            archives.extract(c, req.param("id"), path(req), req.queryBool("noOverwriteDirNonDir", false),
                    req.queryBool("copyUIDGID", false), body);
        }
        containers.event(c, "extract-to-dir", java.util.Map.of());
        res.status(200);
    }

    private void export(ApiRequest req, ApiResponse res) throws IOException {
        Container c = containers.get(req.param("id"));
        try (OutputStream out = new BufferedOutputStream(res.stream(200, "application/octet-stream"), BUFFER)) {
            archives.export(c, out);
        }
        containers.event(c, "export", java.util.Map.of());
    }

    private void changes(ApiRequest req, ApiResponse res) {
        Container c = containers.get(req.param("id"));
        List<FilesystemChange> changes = archives.changes(c);
        res.json(200, changes.isEmpty() ? null : changes);
    }

    private void commit(ApiRequest req, ApiResponse res) throws IOException {
        String ref = req.query("container").filter(s -> !s.isEmpty())
                .orElseThrow(() -> EngineException.noSuchContainer(""));
        Container c = containers.get(ref);
        List<String> changes = new ArrayList<>();
        for (String ch : req.queryAll("changes")) {
            changes.addAll(List.of(ch.split("\n")));
        }
        ContainerConfig cc = c.record().config();
        ImageContainerConfig fromBody = ImageCommitter.fromBody(req.json(ImageContainerConfig.class),
                toImageConfig(cc), changes);
        ImageCommitter.Request request = new ImageCommitter.Request(c.record().imageId(),
                fromBody != null ? fromBody : toImageConfig(cc), fromBody != null ? List.of() : changes,
                req.query("author", ""), req.query("comment", ""), createdBy(c),
                req.query("repo", ""), req.query("tag", "")).withContainer(c.id(), cc);
        boolean paused = req.queryBool("pause", true) && pause(c);
        String id;
        try {
            id = images.commit(request, out -> {
                try (OutputStream buffered = new BufferedOutputStream(out, BUFFER)) {
                    archives.writeLayerDiff(c, buffered);
                }
            });
            containers.event(c, "commit", commitAttributes(request.comment(), id, request.repo(), request.tag()));
        } finally {
            if (paused) {
                unpause(c); // after the commit event, as moby's deferred unpause
            }
        }
        res.json(201, new IdResponse(id));
    }

    /**
     * moby's commit pauses a running container (unless {@code pause=0}): its changes are then one consistent state,
     * and a container cannot keep adding to the diff (deeper and deeper directories) while it is written. Not
     * running or already paused: committed as it is, as moby does.
     */
    private boolean pause(Container c) {
        if (!c.isRunning() || c.state().status() == ContainerStatus.PAUSED) {
            return false;
        }
        try {
            containers.pause(c);
            return true;
        } catch (EngineException e) {
            return false; // stopped meanwhile
        }
    }

    private void unpause(Container c) {
        try {
            containers.unpause(c);
        } catch (EngineException e) {
            // stopped or unpaused meanwhile
        }
    }

    /** moby's commit event attributes: the comment, the new image's ID and {@code repo[:tag]} (familiar) or "". */
    static Map<String, String> commitAttributes(String comment, String imageId, String repo, String tag) {
        String ref = "";
        if (repo != null && !repo.isEmpty()) {
            try {
                ImageReference r = ImageReference.parseNamed(repo);
                ref = (tag == null || tag.isEmpty() ? r : r.withTag(tag)).familiarString();
            } catch (IllegalArgumentException e) {
                ref = repo;
            }
        }
        return Map.of("comment", comment == null ? "" : comment, "imageID", imageId, "imageRef", ref);
    }

    /** Docker's {@code created_by} for a commit: the container's Cmd joined with spaces. */
    private static String createdBy(Container c) {
        List<String> cmd = c.record().config().cmd();
        return cmd == null ? "" : String.join(" ", cmd);
    }

    private static dev.jdock.api.types.image.HealthConfig health(dev.jdock.api.types.container.HealthConfig h) {
        return h == null ? null : new dev.jdock.api.types.image.HealthConfig(h.test(), h.interval(), h.timeout(),
                h.startPeriod(), h.startInterval(), h.retries());
    }

    static ImageContainerConfig toImageConfig(ContainerConfig c) {
        return new ImageContainerConfig(c.hostname(), c.domainname(), c.user(), c.attachStdin(), c.attachStdout(),
                c.attachStderr(), c.exposedPorts(), c.tty(), c.openStdin(), c.stdinOnce(), c.env(), c.cmd(),
                health(c.healthcheck()), c.argsEscaped(), c.image(), c.volumes(), c.workingDir(), c.entrypoint(),
                c.onBuild(), c.labels(), c.stopSignal(), c.shell());
    }
}
