package dev.jdock.daemon;

import dev.jdock.daemon.image.ImageService;
import dev.jdock.daemon.snapshot.SnapshotMounts;
import dev.jdock.daemon.volume.ImageMounts;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Image mounts held in the image store's snapshotter: one read-only view snapshot per mount, whose parent is the
 * image's top layer, so the layer collector keeps the layers (as a container's root keeps its image's) and a
 * killed daemon finds them at the next start. The image service is reached through a supplier: the volume feature
 * is built before it (the image feature counts the volumes' disk usage and their users).
 */
final class ImageStoreMounts implements ImageMounts {
    private final Supplier<ImageService> images;

    ImageStoreMounts(Supplier<ImageService> images) {
        this.images = images;
    }

    @Override
    public String hold(String key, String reference) {
        ImageService s = images.get();
        String id = s.resolve(reference); // present locally or 404 "No such image: ...": no pull, as moby
        s.snapshotter().prepare(key, s.chainId(id));
        return id;
    }

    @Override
    public void holdAs(String key, String heldKey) {
        var snapshots = images.get().snapshotter();
        snapshots.prepare(key, snapshots.mounts(heldKey).parentChainId());
    }

    /** The layers as their short links ({@code <root>/l/<id>}, absolute): the legacy mount(2) takes one page. */
    @Override
    public List<Path> lowerDirs(String key) {
        SnapshotMounts m = images.get().snapshotter().mounts(key);
        return m.shortLowerDirs().stream().map(m.root()::resolve).toList();
    }

    @Override
    public void releaseAll(String containerId) {
        var snapshots = images.get().snapshotter();
        for (String key : snapshots.keys()) {
            if (key.startsWith(containerId + ".img")) {
                snapshots.remove(key);
            }
        }
    }
}
