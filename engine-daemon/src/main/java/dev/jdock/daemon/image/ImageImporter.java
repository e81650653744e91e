package dev.jdock.daemon.image;

import dev.jdock.api.Json;
import dev.jdock.api.types.image.ImageContainerConfig;
import dev.jdock.api.types.image.OciImageConfig;
import dev.jdock.api.value.Digest;
import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.content.ContentStore;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.layer.Layer;
import dev.jdock.daemon.layer.LayerStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

/**
 * {@code POST /images/create?fromSrc=-}: a one-layer image from a root filesystem tar (maybe compressed). The tar is
 * unpacked before the image lock is taken; only the layer's install and the record are done under it.
 */
final class ImageImporter {
    private final ContentStore content;
    private final LayerStore layers;
    private final ImageStore store;
    private final Object mutex;

    ImageImporter(ContentStore content, LayerStore layers, ImageStore store, Object mutex) {
        this.content = content;
        this.layers = layers;
        this.store = store;
        this.mutex = mutex;
    }

    String importImage(InputStream rootfs, String repo, String tag, String message, List<String> changes) {
        ImageReference target = repo == null || repo.isEmpty() ? null : ImageTagging.target(repo, tag);
        ImageContainerConfig config = ImageChanges.apply(changes);
        // the body is read and unpacked without the lock (a stalled client must not hold up tag or rmi); the
        // unpacked layer stays private (new-*) until it is installed with the image record under the lock
        try (LayerStore.Pending pending = layers.unpack(rootfs, null, null)) {
            synchronized (mutex) {
                return register(pending.commit(null), target, config, message);
            }
        }
    }

    private String register(Layer layer, ImageReference target, ImageContainerConfig config, String message) {
        String now = Instant.now().toString();
        String comment = message == null || message.isEmpty() ? "Imported from -" : message;
        OciImageConfig cfg = new OciImageConfig("amd64", null, comment, config, now, null,
                List.of(new OciImageConfig.History(now, null, null, comment, null)), "linux", null, null,
                new OciImageConfig.RootFs("layers", List.of(layer.diffId())), null, null, null);
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(cfg);
        } catch (IOException e) {
            throw EngineException.system("encoding image config: " + e.getMessage(), e);
        }
        Digest id = content.put(bytes).digest();
        store.put(new ImageRecord(id.toString(), List.of(layer.diffId()), List.of(layer.chainId()), now,
                layer.size(), target == null ? null : now, null));
        if (target != null) {
            store.addRef(target, id.toString());
        }
        return id.toString();
    }
}
