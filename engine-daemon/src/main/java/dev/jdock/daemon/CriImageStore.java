package dev.jdock.daemon;

import dev.jdock.api.Json;
import dev.jdock.api.types.system.AuthConfig;
import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.cri.CriImages;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.daemon.image.ImageFsUsage;
import dev.jdock.daemon.image.ImageService;
import dev.jdock.daemon.snapshot.Snapshotter;
import dev.jdock.daemon.volume.ImageMounts;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Adapts the image store to what the CRI's ImageService needs ({@link CriImages}): the Engine API's same images. */
final class CriImageStore implements CriImages {
    private final ImageService images;

    CriImageStore(ImageService images) {
        this.images = images;
    }

    @Override
    public List<String> ids() {
        return images.ids();
    }

    @Override
    public Optional<String> find(String refOrId) {
        return refOrId.isEmpty() ? Optional.empty() : images.find(refOrId);
    }

    @Override
    public Optional<ImageView> view(String imageId) {
        try {
            List<ImageReference> refs = images.references(imageId);
            byte[] config = images.rawConfig(imageId); // read once: the User and the verbose status
            return Optional.of(new ImageView(imageId,
                    refs.stream().filter(r -> r.digest() == null).map(ImageReference::toString).toList(),
                    refs.stream().filter(r -> r.digest() != null).map(ImageReference::toString).toList(),
                    images.size(imageId), user(config), images.chainId(imageId), config));
        } catch (EngineException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return Optional.empty(); // removed since it was listed
            }
            throw e;
        }
    }

    /** The config's {@code config.User}, "" when none (or the blob is no JSON object: the store verified it). */
    private static String user(byte[] config) {
        try {
            return Json.mapper().readTree(config).path("config").path("User").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String pull(String reference, AuthConfig auth, BooleanSupplier cancelled) {
        return images.pull(reference, auth, cancelled);
    }

    /** As {@code docker rmi -f <id>}: every tag goes; a running container's image is refused (CONFLICT). */
    @Override
    public void remove(String imageId) {
        images.remove(imageId, true, true);
    }

    @Override
    public Usage usage() {
        ImageFsUsage.Usage u = images.filesystemUsage();
        return new Usage(u.mountpoint().toString(), u.usedBytes(), u.inodesUsed(), u.timestampNanos());
    }

    /** The layers of the view snapshot the image mount holds ({@link ImageMounts#key}), top first. */
    @Override
    public List<java.nio.file.Path> imageMountLayers(String containerId, int n) {
        return images.snapshotter().find(ImageMounts.key(containerId, n)).map(m -> m.lowerDirs())
                .orElse(List.of());
    }

    @Override
    public Optional<LayerUsage> writableLayer(String containerId) {
        Snapshotter snapshots = images.snapshotter();
        if (snapshots.find(containerId).isEmpty()) {
            return Optional.empty();
        }
        try {
            Snapshotter.Usage u = snapshots.usage(containerId);
            return Optional.of(new LayerUsage(images.layerRoot().toString(), u.bytes(), u.inodes()));
        } catch (RuntimeException gone) {
            return Optional.empty(); // removed meanwhile
        }
    }
}
