package dev.jdock.daemon.image;

import dev.jdock.api.types.image.ImageHistoryItem;
import dev.jdock.api.types.image.OciImageConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.layer.Layer;
import dev.jdock.daemon.layer.LayerStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code GET /images/{name}/history} as moby's ImageHistory: one item per config history entry, newest first; an
 * entry that adds a layer gets that layer's unpacked size; the newest entry carries the image ID and its tags, and
 * each older one the next image up the parent chain while there is one (a build's step images), else
 * {@code <missing>} (pulled and loaded images have no local parents).
 */
final class ImageHistory {
    private ImageHistory() {
    }

    /**
     * @param layerSize unpacked size of the layer with a given chainID (e.g. from {@link LayerStore})
     */
    static List<ImageHistoryItem> of(ImageRecord img, OciImageConfig cfg, List<String> tags,
            Function<String, Long> layerSize) {
        return of(img, cfg, id -> id.equals(img.id()) ? tags : List.of(), id -> null, layerSize);
    }

    /**
     * @param tagsOf the tags of a local image
     * @param parentOf the local record of an image ID, or null
     */
    static List<ImageHistoryItem> of(ImageRecord img, OciImageConfig cfg, Function<String, List<String>> tagsOf,
            Function<String, ImageRecord> parentOf, Function<String, Long> layerSize) {
        List<ImageHistoryItem> out = new ArrayList<>();
        List<OciImageConfig.History> entries = cfg.history() == null ? List.of() : cfg.history();
        int layer = 0;
        for (OciImageConfig.History h : entries) {
            long size = 0;
            if (!Boolean.TRUE.equals(h.emptyLayer())) {
                if (layer >= img.chainIds().size()) {
                    throw EngineException.system("too many non-empty layers in History section", null);
                }
                size = layerSize.apply(img.chainIds().get(layer));
                layer++;
            }
            out.add(0, new ImageHistoryItem(ImageHistoryItem.MISSING, ImageViews.epochSeconds(h.created()),
                    nz(h.createdBy()), null, size, nz(h.comment())));
        }
        ImageRecord cur = img;
        for (int i = 0; i < out.size() && cur != null; i++) {
            ImageHistoryItem h = out.get(i);
            List<String> tags = tagsOf.apply(cur.id());
            out.set(i, new ImageHistoryItem(cur.id(), h.created(), h.createdBy(),
                    tags.isEmpty() ? null : List.copyOf(tags), h.size(), h.comment()));
            cur = cur.parent() == null ? null : parentOf.apply(cur.parent());
        }
        return out;
    }

    static Function<String, Long> sizes(LayerStore layers) {
        return chainId -> layers.get(chainId).map(Layer::size).orElse(0L);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
