package dev.jdock.daemon.image;

import dev.jdock.daemon.registry.RegistryConfig;
import dev.jdock.daemon.registry.RegistryService;
import java.nio.file.Path;
import java.util.List;

/** Image services over a test data root, booted as jdockd boots them: no container uses an image unless given. */
final class TestImages {
    private TestImages() {
    }

    static ImageService open(Path dataRoot) {
        return open(dataRoot, id -> List.of());
    }

    static ImageService open(Path dataRoot, ImageUsers users) {
        return open(dataRoot, users,
                new RegistryService(RegistryConfig.defaults(), dev.jdock.daemon.metrics.Metrics.none()));
    }

    static ImageService open(Path dataRoot, ImageUsers users, RegistryService registries) {
        // removals deleted inline, so that no del-* is still being deleted when a test's @TempDir is cleaned
        ImageService s = new ImageService(ImageStores.open(dataRoot, dev.jdock.daemon.store.Reaper.inline()),
                registries, (type, action, id, attrs) -> { }, users, List::of);
        s.boot();
        return s;
    }
}
