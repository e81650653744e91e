package dev.jdock.daemon.image;

import dev.jdock.api.types.image.ImageDeleteResponseItem;
import dev.jdock.api.types.image.ImagePruneResponse;
import dev.jdock.api.types.image.OciImageConfig;
import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.layer.Layer;
import dev.jdock.daemon.layer.LayerStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /images/prune} as moby's ImagesPrune: {@code dangling=true} (the default) removes untagged images
 * (images with only digest references count as untagged), {@code dangling=false} every image no container uses;
 * {@code until} and {@code label}/{@code label!} narrow it. Each image's references are removed one by one without
 * force, so an image a container uses loses all its tags but the last (its conflict is skipped, as the other
 * per-image errors).
 * SpaceReclaimed sums the unpacked sizes of the layers that went.
 */
final class ImagePruner {
    private static final Logger LOG = LoggerFactory.getLogger(ImagePruner.class);
    private static final Set<String> FILTERS = Set.of("dangling", "label", "label!", "until");

    private final ImageService service;
    private final ImageStore store;
    private final LayerStore layers;

    ImagePruner(ImageService service, ImageStore store, LayerStore layers) {
        this.service = service;
        this.store = store;
        this.layers = layers;
    }

    ImagePruneResponse prune(Filters filters, Instant now) {
        filters.validate(FILTERS);
        boolean danglingOnly = danglingOnly(filters);
        Instant until = filters.values("until").isEmpty() ? null
                : dev.jdock.daemon.api.FilterTime.parse(filters.values("until").iterator().next(), now);
        Map<String, Long> layerSizes = new HashMap<>();
        for (Layer l : layers.all()) {
            layerSizes.put(l.chainId(), l.size());
        }
        Set<String> parents = new HashSet<>();
        store.all().forEach(r -> {
            if (r.parent() != null) {
                parents.add(r.parent());
            }
        });
        List<ImageDeleteResponseItem> deleted = new ArrayList<>();
        for (ImageRecord img : store.all()) {
            List<ImageReference> refs = store.refsOf(img.id());
            boolean tagged = refs.stream().anyMatch(r -> r.digest() == null);
            if (danglingOnly && tagged || refs.isEmpty() && parents.contains(img.id())) {
                continue;
            }
            OciImageConfig cfg = service.configFile(img.id());
            if (until != null && (cfg.created() == null
                    || ImageViews.epochSeconds(cfg.created()) > until.getEpochSecond())) {
                continue;
            }
            if (!labelsMatch(filters, cfg)) {
                continue;
            }
            deleted.addAll(delete(img, refs));
        }
        long reclaimed = 0;
        for (ImageDeleteResponseItem d : deleted) {
            if (d.deleted() != null) {
                reclaimed += layerSizes.getOrDefault(d.deleted(), 0L);
            }
        }
        return new ImagePruneResponse(deleted.isEmpty() ? null : deleted, reclaimed);
    }

    private List<ImageDeleteResponseItem> delete(ImageRecord img, List<ImageReference> refs) {
        List<ImageDeleteResponseItem> out = new ArrayList<>();
        // moby deletes each reference in its reference store's lexical order of the full names, without force: of
        // an image a container uses, every reference but the last is untagged, the last one's conflict skipped
        List<String> names = refs.isEmpty() ? List.of(img.id().substring("sha256:".length()))
                : refs.stream().map(ImageReference::toString).sorted().toList();
        for (String name : names) {
            try {
                out.addAll(service.remove(name, false, true));
            } catch (EngineException e) {
                LOG.debug("prune: skipping {}: {}", name, e.getMessage());
            }
        }
        return out;
    }

    private static boolean danglingOnly(Filters f) {
        boolean result = true;
        for (String v : f.values("dangling")) {
            switch (v.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "1" -> result = true;
                case "false", "0" -> result = false;
                default -> throw Filters.invalidValue("dangling", f.values("dangling"));
            }
        }
        return result;
    }

    static boolean labelsMatch(Filters f, OciImageConfig cfg) {
        Map<String, String> labels = cfg.config() == null || cfg.config().labels() == null ? Map.of()
                : cfg.config().labels();
        for (String l : f.values("label")) {
            if (!labelMatches(l, labels)) {
                return false;
            }
        }
        Set<String> not = f.values("label!");
        return not.isEmpty() || !not.stream().allMatch(l -> labelMatches(l, labels));
    }

    private static boolean labelMatches(String filter, Map<String, String> labels) {
        int eq = filter.indexOf('=');
        if (eq < 0) {
            return labels.containsKey(filter);
        }
        return filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
    }
}
