package dev.jdock.cli.command;

import dev.jdock.api.Json;
import dev.jdock.api.MiniJson;
import dev.jdock.api.client.Filters;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.api.types.build.BuildCachePruneResponse;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.reply.ContainerPruneView;
import dev.jdock.cli.reply.ImageDeleteView;
import dev.jdock.cli.reply.ImagePruneView;
import dev.jdock.cli.reply.NetworkPruneView;
import dev.jdock.cli.reply.VolumePruneView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The prune requests and their listings, as the docker CLI's RunPrune functions: each {@code X prune} command prints
 * one with its total, {@code system prune} several with one total (so they live here, not in the resource packages).
 */
public final class Prunes {
    private Prunes() {
    }

    private static String filters(List<String> values, String key, String value) {
        Filters f = new Filters();
        values.forEach(f::add);
        if (key != null) {
            f.add(key, value);
        }
        return f.toJson();
    }

    private static byte[] post(Cli cli, HttpRequest req) throws IOException {
        try (HttpResponse r = cli.client().execute(req)) {
            return r.readAll();
        }
    }

    /** POST /containers/prune: "Deleted Containers:" and the IDs. */
    public static PruneReport containers(Cli cli, List<String> filters) throws IOException {
        ContainerPruneView resp = new ContainerPruneView(MiniJson.parse(post(cli,
                HttpRequest.post("/containers/prune").query("filters", filters(filters, null, null)))));
        return PruneReport.of(resp.spaceReclaimed(), "Deleted Containers", resp.containersDeleted());
    }

    /** POST /networks/prune: "Deleted Networks:" and the names (no space). */
    public static PruneReport networks(Cli cli, List<String> filters) throws IOException {
        NetworkPruneView resp = new NetworkPruneView(MiniJson.parse(post(cli,
                HttpRequest.post("/networks/prune").query("filters", filters(filters, null, null)))));
        return PruneReport.of(0, "Deleted Networks", resp.networksDeleted());
    }

    /** POST /volumes/prune ({@code all}: named volumes too): "Deleted Volumes:" and the names. */
    public static PruneReport volumes(Cli cli, List<String> filters, boolean all) throws IOException {
        VolumePruneView resp = new VolumePruneView(MiniJson.parse(post(cli, HttpRequest.post("/volumes/prune")
                .query("filters", filters(filters, all ? "all" : null, "true")))));
        return PruneReport.of(resp.spaceReclaimed(), "Deleted Volumes", resp.volumesDeleted());
    }

    /** POST /images/prune with {@code dangling=!all}. */
    public static PruneReport images(Cli cli, List<String> filters, boolean all) throws IOException {
        return images(new ImagePruneView(MiniJson.parse(post(cli, HttpRequest.post("/images/prune")
                .query("filters", filters(filters, "dangling", Boolean.toString(!all)))))));
    }

    /** "Deleted Images:" and an {@code untagged: }/{@code deleted: } line per item; space only when any. */
    public static PruneReport images(ImagePruneView resp) {
        List<String> lines = new ArrayList<>();
        for (ImageDeleteView i : resp.imagesDeleted()) {
            lines.add(!i.untagged().isEmpty() ? "untagged: " + i.untagged() : "deleted: " + i.deleted());
        }
        return PruneReport.of(lines.isEmpty() ? 0 : resp.spaceReclaimed(), "Deleted Images", lines);
    }

    /** POST /build/prune. */
    public static PruneReport buildCache(Cli cli, List<String> filters, boolean all, long keepBytes)
            throws IOException {
        HttpRequest req = HttpRequest.post("/build/prune").flag("all", all)
                .query("filters", filters(filters, null, null)).query("keep-storage", keepBytes > 0 ? keepBytes : null);
        return buildCache(Json.mapper().readValue(post(cli, req), BuildCachePruneResponse.class));
    }

    /** "Deleted build cache objects:" and one ID a line; the space counts even when nothing went (as docker). */
    public static PruneReport buildCache(BuildCachePruneResponse resp) {
        PruneReport r = PruneReport.of(resp.spaceReclaimed(), "Deleted build cache objects",
                resp.cachesDeleted() == null ? List.of() : resp.cachesDeleted());
        return r.output().isEmpty() ? new PruneReport(resp.spaceReclaimed(), "") : r;
    }
}
