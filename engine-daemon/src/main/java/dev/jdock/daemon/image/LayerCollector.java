package dev.jdock.daemon.image;

import dev.jdock.api.value.Digest;
import dev.jdock.daemon.content.ContentStore;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.layer.Layer;
import dev.jdock.daemon.layer.LayerStore;
import dev.jdock.daemon.snapshot.OverlaySnapshotter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Layer garbage collection: a layer (and, in stores older than tar-splits, its tar blob named by its diffID) goes
 * once no image record and no container snapshot needs it. Callers hold the image service's mutation lock, so no
 * image is registered while the "in use" set is computed.
 */
final class LayerCollector {
    private static final Logger LOG = LoggerFactory.getLogger(LayerCollector.class);

    private final ImageStore store;
    private final ContentStore content;
    private final LayerStore layers;
    private final OverlaySnapshotter snapshotter;

    LayerCollector(ImageStore store, ContentStore content, LayerStore layers, OverlaySnapshotter snapshotter) {
        this.store = store;
        this.content = content;
        this.layers = layers;
        this.snapshotter = snapshotter;
    }

    /** The chainIDs and diffIDs that images and snapshots use. */
    private record InUse(Set<String> chains, Set<String> diffs) {
    }

    /** An image holds {@code chainId} and so every layer below it (its chainIDs list its layers' chains). */
    private boolean imageHolds(String chainId) {
        for (ImageRecord img : store.all()) {
            if (img.chainIds().contains(chainId)) {
                return true;
            }
        }
        return false;
    }

    private InUse inUse() {
        Set<String> chains = new HashSet<>();
        Set<String> diffs = new HashSet<>();
        for (ImageRecord img : store.all()) {
            chains.addAll(img.chainIds());
            diffs.addAll(img.diffIds());
        }
        for (String parent : snapshotter.parentsInUse()) {
            try {
                for (Layer l : layers.chain(parent)) {
                    chains.add(l.chainId());
                    diffs.add(l.diffId());
                }
            } catch (EngineException e) {
                LOG.warn("snapshot parent {} is incomplete: {}", parent, e.getMessage());
            }
        }
        return new InUse(chains, diffs);
    }

    /**
     * Removes those of {@code candidates} (chainIDs of one chain, bottom first) that nothing uses, top first, with
     * their tar blobs; returns the removed chainIDs in removal order.
     */
    List<String> collect(List<String> candidates, List<String> candidateDiffs) {
        InUse used = inUse();
        List<String> removed = new ArrayList<>();
        for (int i = candidates.size() - 1; i >= 0; i--) {
            String chain = candidates.get(i);
            if (!used.chains().contains(chain) && layers.exists(chain)) {
                layers.remove(chain);
                removed.add(chain);
            }
        }
        for (String diff : candidateDiffs) {
            if (!used.diffs().contains(diff)) {
                content.delete(Digest.parse(diff));
            }
        }
        return removed;
    }

    /**
     * After a snapshot on {@code parentChainId} went: its chain's layers that nothing else uses go too. When an image
     * holds the chain (the usual case: a container of an image was removed), nothing can go, and the look at every
     * snapshot's parent is skipped: a burst of removals took turns on that O(snapshots) look.
     */
    List<String> collectChain(String parentChainId) {
        if (parentChainId == null || imageHolds(parentChainId) || !layers.exists(parentChainId)) {
            return List.of();
        }
        List<Layer> chain = layers.chain(parentChainId);
        List<String> chains = new ArrayList<>();
        List<String> diffs = new ArrayList<>();
        for (int i = chain.size() - 1; i >= 0; i--) {
            chains.add(chain.get(i).chainId());
            diffs.add(chain.get(i).diffId());
        }
        return collect(chains, diffs);
    }

    /** Every layer of the store that nothing uses (run at start-up, when no pull is in flight). */
    List<String> sweepAll() {
        InUse used = inUse();
        Map<String, Layer> all = new HashMap<>();
        for (Layer l : layers.all()) {
            all.put(l.chainId(), l);
        }
        List<Layer> unused = new ArrayList<>();
        for (Layer l : all.values()) {
            if (!used.chains().contains(l.chainId())) {
                unused.add(l);
            }
        }
        unused.sort(Comparator.comparingInt((Layer l) -> depth(l, all)).reversed());
        List<String> removed = new ArrayList<>();
        for (Layer l : unused) {
            layers.remove(l.chainId());
            removed.add(l.chainId());
            if (!used.diffs().contains(l.diffId())) {
                content.delete(Digest.parse(l.diffId()));
            }
        }
        if (!removed.isEmpty()) {
            LOG.info("removed {} unused layer(s)", removed.size());
        }
        return removed;
    }

    private static int depth(Layer l, Map<String, Layer> all) {
        int d = 0;
        for (Layer x = l; x != null && x.parent() != null && d < 10_000; x = all.get(x.parent())) {
            d++;
        }
        return d;
    }
}
