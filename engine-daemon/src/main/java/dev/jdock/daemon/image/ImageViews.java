package dev.jdock.daemon.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.jdock.api.ApiVersion;
import dev.jdock.api.Json;
import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.image.ImageContainerConfig;
import dev.jdock.api.types.image.ImageInspect;
import dev.jdock.api.types.image.ImageSummary;
import dev.jdock.api.types.image.OciImageConfig;
import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.layer.Layer;
import dev.jdock.daemon.layer.LayerStore;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code GET /images/json} and {@code GET /images/{name}/json}. */
final class ImageViews {
    private static final Set<String> LIST_FILTERS = Set.of("dangling", "reference", "label", "before", "since");
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    private static final ApiVersion VIRTUAL_SIZE_REMOVED = new ApiVersion(1, 44);
    private static final ApiVersion CONTAINER_CONFIG_REMOVED = new ApiVersion(1, 45);
    private static final ApiVersion NO_NONE_PLACEHOLDERS = new ApiVersion(1, 43);

    private final ImageService service;
    private final ImageStore store;
    private final LayerStore layers;

    ImageViews(ImageService service, ImageStore store, LayerStore layers) {
        this.service = service;
        this.store = store;
        this.layers = layers;
    }

    List<ImageSummary> list(boolean all, Filters filters, ApiVersion version) {
        filters.validate(LIST_FILTERS);
        Long before = boundary(filters, "before");
        Long since = boundary(filters, "since");
        List<ImageSummary> out = new ArrayList<>();
        List<ImageRecord> records = store.all();
        Set<String> parents = new java.util.HashSet<>();
        records.forEach(r -> {
            if (r.parent() != null) {
                parents.add(r.parent());
            }
        });
        for (ImageRecord r : records) {
            List<ImageReference> refs = store.refsOf(r.id());
            if (!all && refs.isEmpty() && parents.contains(r.id())) {
                continue; // an intermediate image (a build step's): listed with all=1 only, as moby
            }
            Set<String> patterns = filters.values("reference");
            if (!patterns.isEmpty()) {
                refs = refs.stream().filter(ref -> familiarMatch(patterns, ref)).toList();
                if (refs.isEmpty()) {
                    continue;
                }
            }
            OciImageConfig cfg = service.configFile(r.id());
            long created = epochSeconds(cfg.created());
            if (!matches(filters, refs, cfg, created, before, since)) {
                continue;
            }
            List<String> tags = refs.stream().filter(x -> x.digest() == null).map(ImageReference::familiarString)
                    .toList();
            List<String> digests = refs.stream().filter(x -> x.digest() != null)
                    .map(x -> x.familiarName() + "@" + x.digest()).toList();
            Map<String, String> labels = cfg.config() == null || cfg.config().labels() == null ? Map.of()
                    : cfg.config().labels();
            Long virtual = version.atLeast(VIRTUAL_SIZE_REMOVED) ? null : r.size();
            if (tags.isEmpty() && digests.isEmpty() && !version.atLeast(NO_NONE_PLACEHOLDERS)) {
                tags = List.of("<none>:<none>"); // below 1.43, as moby
                digests = List.of("<none>@<none>");
            }
            out.add(new ImageSummary(-1, created, r.id(), labels, r.parent() == null ? "" : r.parent(), digests,
                    tags, -1, r.size(), virtual));
        }
        out.sort(Comparator.comparingLong(ImageSummary::created).reversed());
        return out;
    }

    private Long boundary(Filters filters, String key) {
        Long result = null;
        for (String v : filters.values(key)) {
            long c = epochSeconds(service.configFile(service.resolve(v)).created());
            result = result == null ? c : Math.min(result, c);
        }
        return result;
    }

    private static boolean matches(Filters f, List<ImageReference> refs, OciImageConfig cfg, long created,
            Long before, Long since) {
        for (String d : f.values("dangling")) {
            boolean dangling = refs.isEmpty();
            boolean want = d.equalsIgnoreCase("true") || d.equals("1");
            if (!want && !(d.equalsIgnoreCase("false") || d.equals("0"))) {
                throw Filters.invalidValue("dangling", f.values("dangling"));
            }
            if (dangling != want) {
                return false;
            }
        }
        Map<String, String> labels = cfg.config() == null || cfg.config().labels() == null ? Map.of()
                : cfg.config().labels();
        for (String l : f.values("label")) {
            int eq = l.indexOf('=');
            boolean ok = eq < 0 ? labels.containsKey(l) : l.substring(eq + 1).equals(labels.get(l.substring(0, eq)));
            if (!ok) {
                return false;
            }
        }
        return (before == null || created < before) && (since == null || created > since);
    }

    /**
     * moby's reference.FamiliarMatch with Go's path.Match: the glob against the familiar name
     * ({@code busybox}, {@code example.com/team/app}), else against the familiar string with tag or digest.
     */
    static boolean familiarMatch(Set<String> patterns, ImageReference ref) {
        String name = ref.familiarName();
        String full = ref.digest() != null ? name + "@" + ref.digest() : ref.familiarString();
        for (String p : patterns) {
            if (PathGlob.matches(p, name) || PathGlob.matches(p, full)) {
                return true;
            }
        }
        return false;
    }

    static long epochSeconds(String rfc3339) {
        if (rfc3339 == null || rfc3339.isEmpty()) {
            return 0;
        }
        try {
            return Instant.parse(rfc3339).getEpochSecond();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(rfc3339).toEpochSecond();
            } catch (DateTimeParseException e2) {
                return 0;
            }
        }
    }

    ImageInspect inspect(ImageRecord r, ApiVersion version) {
        OciImageConfig cfg = service.configFile(r.id());
        List<ImageReference> refs = store.refsOf(r.id());
        List<String> tags = refs.stream().filter(x -> x.digest() == null).map(ImageReference::familiarString).toList();
        List<String> digests = refs.stream().filter(x -> x.digest() != null)
                .map(x -> x.familiarName() + "@" + x.digest()).toList();
        ImageContainerConfig config = cfg.config() == null ? ImageContainerConfig.empty() : cfg.config();
        Long virtual = version.atLeast(VIRTUAL_SIZE_REMOVED) ? null : r.size();
        boolean legacy = !version.atLeast(CONTAINER_CONFIG_REMOVED);
        ContainerConfig containerConfig = legacy ? legacyContainerConfig(cfg) : null;
        return new ImageInspect(r.id(), tags, digests, r.parent() == null ? "" : r.parent(), nz(cfg.comment()),
                nz(cfg.created()), legacy ? nz(cfg.container()) : null, containerConfig, nz(cfg.dockerVersion()), nz(cfg.author()), config, nz(cfg.architecture()),
                cfg.variant(), nz(cfg.os()), cfg.osVersion(), r.size(), virtual, graphDriver(r),
                new ImageInspect.RootFS("layers", r.diffIds()),
                new ImageInspect.Metadata(r.lastTagTime() == null ? ZERO_TIME : r.lastTagTime()));
    }

    /** The image's {@code container_config} in moby's shape; empty when it has none (or one moby would not read). */
    static ContainerConfig legacyContainerConfig(OciImageConfig cfg) {
        if (cfg.containerConfig() != null && cfg.containerConfig().isObject()) {
            try {
                return Json.mapper().treeToValue(cfg.containerConfig(), ContainerConfig.class);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                // an old image's odd shape: answered empty
            }
        }
        return ContainerConfig.builder().build();
    }

    private ImageInspect.GraphDriver graphDriver(ImageRecord r) {
        Map<String, String> data = new LinkedHashMap<>();
        if (r.topChainId() != null) {
            List<Layer> chain = layers.chain(r.topChainId());
            Path top = chain.get(0).diffDir();
            if (chain.size() > 1) {
                data.put("LowerDir", String.join(":", chain.subList(1, chain.size()).stream()
                        .map(l -> l.diffDir().toString()).toList()));
            }
            data.put("MergedDir", top.resolveSibling("merged").toString());
            data.put("UpperDir", top.toString());
            data.put("WorkDir", top.resolveSibling("work").toString());
        }
        return new ImageInspect.GraphDriver("overlay2", data);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
