package dev.jdock.daemon.image;

import dev.jdock.api.types.build.BuildCache;
import dev.jdock.api.types.container.ContainerSummary;
import dev.jdock.api.types.image.SystemDfResponse;
import dev.jdock.daemon.api.ApiRequest;
import dev.jdock.daemon.api.ApiResponse;
import dev.jdock.daemon.api.Router;
import dev.jdock.daemon.api.Routes;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** {@code GET /images/{name}/history}, {@code POST /images/prune} and {@code GET /system/df}. */
public final class ImageMaintenanceRouter implements Router {
    private final ImageMaintenance images;
    private final Supplier<List<ContainerSummary>> containers;
    private final Supplier<List<BuildCache>> buildCache;

    /**
     * @param containers every container (as {@code GET /containers/json?all=1} lists them, sizes not needed), for
     *     the per-image container counts and the container part of {@code /system/df}
     * @param buildCache the builder's cache entries, the {@code BuildCache} part of {@code /system/df}
     */
    public ImageMaintenanceRouter(ImageMaintenance images, Supplier<List<ContainerSummary>> containers,
            Supplier<List<BuildCache>> buildCache) {
        this.images = images;
        this.containers = containers;
        this.buildCache = buildCache;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/images/{name:.*}/history", this::history);
        routes.post("/images/prune", this::prune);
        routes.get("/system/df", this::diskUsage);
    }

    private void history(ApiRequest req, ApiResponse res) {
        res.json(200, images.history(req.param("name")));
    }

    private void prune(ApiRequest req, ApiResponse res) {
        res.json(200, images.prune(req.filters()));
    }

    private void diskUsage(ApiRequest req, ApiResponse res) {
        Set<String> types = DiskUsageVersions.types(req.queryAll("type"), req.version());
        SystemDfResponse df = images.diskUsage(types, containers.get(), req.version());
        if (df.buildCache() != null) {
            df = new SystemDfResponse(df.layersSize(), df.images(), df.containers(), df.volumes(), buildCache.get());
        }
        res.json(200, DiskUsageVersions.forVersion(df, req.version()));
    }
}
