package dev.jdock.daemon.image;

import dev.jdock.daemon.content.ContentStore;
import dev.jdock.daemon.content.LocalContentStore;
import dev.jdock.daemon.layer.LayerStore;
import dev.jdock.daemon.layer.LayerUnpacker;
import dev.jdock.daemon.snapshot.OverlaySnapshotter;
import dev.jdock.daemon.store.Reaper;
import java.nio.file.Path;

/**
 * The image feature's state under the data root: {@code content/} (blobs), {@code overlay/} (layers and container
 * snapshots), {@code image/} (image records) and {@code image/distribution} (where each layer came from).
 */
public record ImageStores(ContentStore content, LayerStore layers, OverlaySnapshotter snapshotter, ImageStore images,
        DistributionMetadata distribution) {

    /** Opens (creating the directories of) the stores under {@code dataRoot}: a start-up step, not a constructor's. */
    public static ImageStores open(Path dataRoot) {
        return open(dataRoot, Reaper.background());
    }

    /** The same, deleting what a removal renamed away on {@code reaper} (the daemon's one). */
    public static ImageStores open(Path dataRoot, Reaper reaper) {
        LayerStore layers = new LayerStore(dataRoot.resolve("overlay"), new LayerUnpacker(), reaper);
        return new ImageStores(new LocalContentStore(dataRoot.resolve("content")), layers,
                new OverlaySnapshotter(layers), new ImageStore(dataRoot.resolve("image")),
                new DistributionMetadata(dataRoot.resolve("image").resolve("distribution")));
    }
}
