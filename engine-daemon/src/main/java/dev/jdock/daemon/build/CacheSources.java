package dev.jdock.daemon.build;

import dev.jdock.api.types.image.ImageContainerConfig;
import dev.jdock.api.types.image.OciImageConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code --cache-from}: images (present locally; absent ones are skipped, as moby skips them) whose history the
 * build may follow when its own cache has no entry, as moby's classic builder does: a source matches a step when
 * its history begins with the parent's (same {@code created_by} and empty layers, same layers) and its next entry
 * was made by the same instruction. The step's image is then made from the source's layers (no step runs); it
 * needs the source's history to carry the same {@code created_by} texts, which images built by jdockd (pushed and
 * pulled back) do.
 */
final class CacheSources {
    private record Source(String id, OciImageConfig config) {
    }

    private final BuildImages images;
    private final List<Source> sources = new ArrayList<>();

    CacheSources(BuildImages images, List<String> refs) {
        this.images = images;
        for (String ref : refs) {
            images.find(ref).ifPresent(id -> sources.add(new Source(id, images.config(id))));
        }
    }

    boolean isEmpty() {
        return sources.isEmpty();
    }

    /** The image a source makes of the step on {@code parent} made by {@code createdBy}, with {@code config}. */
    Optional<String> match(String parent, String createdBy, ImageContainerConfig config) {
        OciImageConfig p = parent == null ? null : images.config(parent);
        List<OciImageConfig.History> ph = p == null || p.history() == null ? List.of() : p.history();
        List<String> pd = p == null ? List.of() : p.diffIds();
        for (Source s : sources) {
            List<OciImageConfig.History> th = s.config().history() == null ? List.of() : s.config().history();
            List<String> td = s.config().diffIds();
            if (th.size() <= ph.size() || td.size() < pd.size() || !td.subList(0, pd.size()).equals(pd)
                    || !sameHistory(ph, th.subList(0, ph.size()))) {
                continue;
            }
            OciImageConfig.History step = th.get(ph.size());
            boolean empty = Boolean.TRUE.equals(step.emptyLayer());
            if (createdBy.equals(step.createdBy()) && (empty || td.size() > pd.size())) {
                return Optional.of(images.restore(parent, s.id(), config));
            }
        }
        return Optional.empty();
    }

    private static boolean sameHistory(List<OciImageConfig.History> a, List<OciImageConfig.History> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!Objects.equals(a.get(i).createdBy(), b.get(i).createdBy())
                    || Boolean.TRUE.equals(a.get(i).emptyLayer()) != Boolean.TRUE.equals(b.get(i).emptyLayer())) {
                return false;
            }
        }
        return true;
    }
}
