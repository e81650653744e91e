package dev.jdock.daemon.volume;

import java.nio.file.Path;
import java.util.List;

/**
 * What image mounts ({@code type=image}, the CRI's {@code Mount.image}) need from the image feature: an image
 * present locally resolved, and its layers held for one mount by a read-only snapshot (a view: no upper directory
 * used) in the snapshotter, named {@code <container-id>.img<N>}. The snapshot keeps the layers from the layer
 * collector while the container exists (also once the image itself is force-removed, as moby keeps the image
 * mount's layer), survives daemon restarts, and goes with the container.
 */
public interface ImageMounts {
    /**
     * Resolves {@code reference} (a name, ID or ID prefix; no pull: 404 {@code No such image: ...} when absent) and
     * holds its layers under {@code key}; returns the image's ID.
     */
    String hold(String key, String reference);

    /**
     * Holds under {@code key} the layers the hold {@code heldKey} holds (an image mount seen through
     * {@code --volumes-from}): no lookup of the image, which may have been force-removed meanwhile.
     */
    void holdAs(String key, String heldKey);

    /** The held image's layer directories, top first (one entry for a single layer). */
    List<Path> lowerDirs(String key);

    /** Drops every hold of the container (its {@code <id>.img*} snapshots); nothing when there is none. */
    void releaseAll(String containerId);

    /** The snapshot key of a container's {@code n}th image mount. */
    static String key(String containerId, int n) {
        return containerId + ".img" + n;
    }

    /** For a feature built without images (tests): every image mount refused as an unknown image. */
    static ImageMounts none() {
        return new ImageMounts() {
            @Override
            public String hold(String key, String reference) {
                throw dev.jdock.daemon.errors.EngineException.notFound("No such image: " + reference);
            }

            @Override
            public void holdAs(String key, String heldKey) {
                throw dev.jdock.daemon.errors.EngineException.notFound("snapshot " + heldKey + " does not exist");
            }

            @Override
            public List<Path> lowerDirs(String key) {
                throw dev.jdock.daemon.errors.EngineException.notFound("snapshot " + key + " does not exist");
            }

            @Override
            public void releaseAll(String containerId) {
            }
        };
    }
}
