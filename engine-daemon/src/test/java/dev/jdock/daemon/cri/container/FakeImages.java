package dev.jdock.daemon.cri.container;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Images by reference, with a tag and a repo digest each. */
public final class FakeImages implements ContainerImages {
    public final Map<String, String> refs = new LinkedHashMap<>();
    public final Map<String, Names> names = new LinkedHashMap<>();

    /** An image {@code id} named {@code tag} (and its ID), with a repo digest. */
    public FakeImages add(String tag, String id) {
        refs.put(tag, id);
        refs.put(id, id);
        names.put(id, new Names(List.of("docker.io/library/" + tag), List.of("docker.io/library/"
                + tag.replaceAll(":.*", "") + "@sha256:" + "d".repeat(64))));
        return this;
    }

    @Override
    public Optional<String> find(String refOrId) {
        return Optional.ofNullable(refs.get(refOrId));
    }

    /** The layers of every container's {@code n}th image volume hold, by {@code n}. */
    public final Map<Integer, List<java.nio.file.Path>> mountLayers = new LinkedHashMap<>();

    @Override
    public List<java.nio.file.Path> mountLayers(String containerId, int n) {
        return mountLayers.getOrDefault(n, List.of());
    }

    @Override
    public Optional<Names> names(String imageId) {
        return Optional.ofNullable(names.get(imageId));
    }
}
