package dev.jdock.daemon.image;

import dev.jdock.api.value.Digest;
import dev.jdock.daemon.content.ContentStore;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.layer.LayerStore;
import java.io.IOException;
import java.io.InputStream;

/**
 * A layer's original uncompressed tar (sha256 = diffID), for save and push: rebuilt from the layer's tar-split, or,
 * for layers stored before tar-split existed, the tar blob kept in the content store under the diffID.
 */
final class LayerTars {
    private final ContentStore content;
    private final LayerStore layers;

    LayerTars(ContentStore content, LayerStore layers) {
        this.content = content;
        this.layers = layers;
    }

    boolean available(String chainId, String diffId) {
        return layers.hasTarSplit(chainId) || content.exists(Digest.parse(diffId));
    }

    /**
     * Throws a system error naming the layer when its tar can't be produced: no tar-split and no tar blob, or files
     * the tar-split refers to missing or resized (checked without reading contents; see {@link LayerStore#checkTarSplit}).
     */
    void check(String chainId, String diffId) {
        if (layers.hasTarSplit(chainId)) {
            layers.checkTarSplit(chainId);
        } else if (!content.exists(Digest.parse(diffId))) {
            throw EngineException.system("layer tar " + diffId + " is missing (no tar-split and no tar blob)", null);
        }
    }

    long size(String chainId, String diffId) {
        if (layers.hasTarSplit(chainId)) {
            return layers.require(chainId).tarSize();
        }
        return content.size(Digest.parse(diffId));
    }

    InputStream open(String chainId, String diffId) throws IOException {
        if (layers.hasTarSplit(chainId)) {
            return layers.openTar(chainId);
        }
        return content.open(Digest.parse(diffId));
    }
}
