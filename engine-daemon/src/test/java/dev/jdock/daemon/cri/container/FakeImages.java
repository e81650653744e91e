package dev.jdock.daemon.cri.container;

import dev.jdock.api.types.system.AuthConfig;
import dev.jdock.daemon.cri.CriImages;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Images by reference, for the container calls (which only look images up). */
public final class FakeImages implements CriImages {
    public final Map<String, String> refs = new LinkedHashMap<>();
    public final Map<String, ImageView> views = new LinkedHashMap<>();

    /** An image {@code id} named {@code tag} (and its ID), with a repo digest. */
    public FakeImages add(String tag, String id) {
        refs.put(tag, id);
        refs.put(id, id);
        views.put(id, new ImageView(id, List.of("docker.io/library/" + tag), List.of("docker.io/library/"
                + tag.replaceAll(":.*", "") + "@sha256:" + "d".repeat(64)), 1, "", null, new byte[0]));
        return this;
    }

    @Override
    public List<String> ids() {
        return List.copyOf(views.keySet());
    }

    @Override
    public Optional<String> find(String refOrId) {
        return Optional.ofNullable(refs.get(refOrId));
    }

    @Override
    public Optional<ImageView> view(String imageId) {
        return Optional.ofNullable(views.get(imageId));
    }

    @Override
    public String pull(String reference, AuthConfig auth, BooleanSupplier cancelled) {
        throw new UnsupportedOperationException("the container calls never pull");
    }

    @Override
    public void remove(String imageId) {
        throw new UnsupportedOperationException("the container calls never remove images");
    }

    @Override
    public Usage usage() {
        throw new UnsupportedOperationException("the container calls never ask");
    }
}
