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
 * entry that adds a layer gets that layer's unpacked size; the newest entry carries the image ID and its tags, the
 * others {@code <missing>} (parent images are not tracked for loaded images).
 */
final class ImageHistory {
    private ImageHistory() {
    }

    /**
     * @param layerSize unpacked size of the layer with a given chainID (e.g. from {@link LayerStore})
     */
    static List<ImageHistoryItem> of(ImageRecord img, OciImageConfig cfg, List<String> tags,
            Function<String, Long> layerSize) {
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
        if (!out.isEmpty()) {
            ImageHistoryItem top = out.get(0);
            out.set(0, new ImageHistoryItem(img.id(), top.created(), top.createdBy(),
                    tags.isEmpty() ? null : List.copyOf(tags), top.size(), top.comment()));
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
