package dev.jdock.daemon.image;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.types.container.ContainerSummary;
import dev.jdock.api.types.image.ImageSummary;
import dev.jdock.api.types.image.SystemDfResponse;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.layer.Layer;
import dev.jdock.daemon.layer.LayerStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /system/df}: every image with its container count and shared size (layers that more than one image
 * uses), the total unpacked size of all layers, and the containers with their writable layer size (the snapshot's
 * upper directory) and root fs size (that plus the image).
 */
final class DiskUsage {
    private final ImageService service;
    private final ImageStore store;
    private final LayerStore layers;
    private final VolumeUsage volumes;

    DiskUsage(ImageService service, ImageStore store, LayerStore layers, VolumeUsage volumes) {
        this.volumes = volumes;
        this.service = service;
        this.store = store;
        this.layers = layers;
    }

    /** {@code types}: "image", "container", "volume", "build-cache"; empty means all. */
    SystemDfResponse compute(Set<String> types, List<ContainerSummary> containers, ApiVersion version) {
        boolean all = types.isEmpty();
        List<ImageSummary> images = null;
        long layersSize = 0;
        if (all || types.contains("image")) {
            images = images(containers, version);
            for (Layer l : layers.all()) {
                layersSize += l.size();
            }
        }
        List<ContainerSummary> cs = all || types.contains("container") ? sized(containers) : null;
        return new SystemDfResponse(layersSize, images, cs, all || types.contains("volume") ? volumes.volumes() : null,
                all || types.contains("build-cache") ? List.of() : null);
    }

    private List<ImageSummary> images(List<ContainerSummary> containers, ApiVersion version) {
        Map<String, Integer> layerUsers = new HashMap<>();
        for (ImageRecord r : store.all()) {
            for (String chain : r.chainIds()) {
                layerUsers.merge(chain, 1, Integer::sum);
            }
        }
        Map<String, Long> perImage = new HashMap<>();
        for (ContainerSummary c : containers) {
            perImage.merge(c.imageId(), 1L, Long::sum);
        }
        List<ImageSummary> out = new ArrayList<>();
        for (ImageSummary s : new ImageViews(service, store, layers).list(true, Filters.empty(), version)) {
            long shared = 0;
            ImageRecord r = store.get(s.id()).orElse(null);
            if (r != null) {
                for (String chain : r.chainIds()) {
                    if (layerUsers.getOrDefault(chain, 0) > 1) {
                        shared += layers.get(chain).map(Layer::size).orElse(0L);
                    }
                }
            }
            out.add(new ImageSummary(perImage.getOrDefault(s.id(), 0L), s.created(), s.id(), s.labels(),
                    s.parentId(), s.repoDigests(), s.repoTags(), shared, s.size(), s.virtualSize()));
        }
        return out;
    }

    private List<ContainerSummary> sized(List<ContainerSummary> containers) {
        List<ContainerSummary> out = new ArrayList<>();
        for (ContainerSummary c : containers) {
            long rw = service.writableLayerSize(c.id());
            out.add(c.toBuilder().sizeRw(rw).sizeRootFs(rw + service.imageSize(c.imageId())).build());
        }
        return out;
    }
}
