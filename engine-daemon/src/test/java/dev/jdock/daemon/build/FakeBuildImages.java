package dev.jdock.daemon.build;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.image.ImageContainerConfig;
import dev.jdock.api.types.image.OciImageConfig;
import dev.jdock.api.value.Digest;
import dev.jdock.api.value.ImageReference;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An image store in memory: images by ID with their config and history, references, pulls that can be served. */
final class FakeBuildImages implements BuildImages {
    final Map<String, OciImageConfig> images = new LinkedHashMap<>();
    final Map<String, String> parents = new LinkedHashMap<>();
    final Map<String, String> refs = new LinkedHashMap<>();
    /** References a pull can fetch, with the image they give. */
    final Map<String, String> remote = new LinkedHashMap<>();
    final List<String> pulled = new ArrayList<>();
    final List<String> authors = new ArrayList<>();
    /** The ContainerConfig each step's image was committed with, by image ID. */
    final Map<String, ContainerConfig> containerConfigs = new LinkedHashMap<>();
    private int counter;

    String add(String ref, ImageContainerConfig config) {
        String id = newId(ref);
        images.put(id, config(config, List.of(new OciImageConfig.History("2020-01-01T00:00:00Z", "base " + ref,
                null, null, null))));
        refs.put(ImageReference.parseNamed(ref).toString(), id);
        return id;
    }

    String newId(String seed) {
        return Digest.sha256((seed + "#" + counter++).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static OciImageConfig config(ImageContainerConfig c, List<OciImageConfig.History> history) {
        return config(c, history, List.of());
    }

    static OciImageConfig config(ImageContainerConfig c, List<OciImageConfig.History> history, List<String> diffs) {
        return new OciImageConfig("amd64", null, null, c, "2020-01-01T00:00:00Z", null, history, "linux", null, null,
                new OciImageConfig.RootFs("layers", diffs), null, null, null);
    }

    @Override
    public synchronized Optional<String> find(String refOrId) {
        if (images.containsKey(refOrId)) {
            return Optional.of(refOrId);
        }
        try {
            return Optional.ofNullable(refs.get(ImageReference.parseNamed(refOrId).toString()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized String pull(ImageReference ref, String registryConfig, String platform,
            OutputStream progress) {
        String id = remote.get(ref.toString());
        if (id == null) {
            throw dev.jdock.daemon.errors.EngineException.notFound("pull access denied for " + ref.familiarName());
        }
        try {
            progress.write(("{\"status\":\"Pulling from " + ref.familiarName() + "\"}\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pulled.add(ref.toString());
        refs.put(ref.toString(), id);
        return id;
    }

    @Override
    public synchronized OciImageConfig config(String imageId) {
        return images.get(imageId);
    }

    @Override
    public synchronized boolean exists(String imageId) {
        return images.containsKey(imageId);
    }

    /** A new image: the parent's history plus one entry. */
    String child(String parent, ImageContainerConfig config, String createdBy, boolean emptyLayer) {
        String id = newId(parent + createdBy);
        List<OciImageConfig.History> h = new ArrayList<>(parent == null ? List.of() : images.get(parent).history());
        h.add(new OciImageConfig.History("2020-01-01T00:00:00Z", createdBy, null, null, emptyLayer ? true : null));
        List<String> diffs = new ArrayList<>(parent == null ? List.of() : images.get(parent).diffIds());
        if (!emptyLayer) {
            diffs.add(newId("layer of " + id));
        }
        images.put(id, config(config, h, diffs));
        if (parent != null) {
            parents.put(id, parent);
        }
        return id;
    }

    @Override
    public synchronized String derive(String parentImage, ImageContainerConfig config, String createdBy,
            ContainerConfig containerConfig, String author) {
        authors.add(author);
        String id = child(parentImage, config, createdBy, true);
        containerConfigs.put(id, containerConfig);
        return id;
    }

    /** moby's restoreCachedImage on the fake store: the parent's history and layers plus the target's next step. */
    @Override
    public synchronized String restore(String parent, String target, ImageContainerConfig config) {
        restored.add(target);
        OciImageConfig t = images.get(target);
        List<OciImageConfig.History> h = new ArrayList<>(parent == null ? List.of() : images.get(parent).history());
        List<String> diffs = new ArrayList<>(parent == null ? List.of() : images.get(parent).diffIds());
        OciImageConfig.History step = t.history().get(h.size());
        h.add(step);
        if (!Boolean.TRUE.equals(step.emptyLayer())) {
            diffs.add(t.diffIds().get(diffs.size()));
        }
        String id = newId("restored " + target + h.size());
        images.put(id, config(config, h, diffs));
        if (parent != null) {
            parents.put(id, parent);
        }
        return id;
    }

    final List<String> restored = new ArrayList<>();

    @Override
    public synchronized void tag(String imageId, ImageReference ref) {
        refs.put(ref.toString(), imageId);
    }

    List<String> history(String id) {
        return images.get(id).history().stream().map(OciImageConfig.History::createdBy).toList();
    }
}
