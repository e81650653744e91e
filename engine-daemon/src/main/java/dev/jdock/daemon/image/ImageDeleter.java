package dev.jdock.daemon.image;

import dev.jdock.api.types.image.ImageDeleteResponseItem;
import dev.jdock.api.value.Digest;
import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.content.ContentStore;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.layer.LayerStore;
import dev.jdock.daemon.snapshot.OverlaySnapshotter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code DELETE /images/{name}} with Docker's semantics (moby daemon/images/image_delete.go): a name untags (and
 * deletes once no reference remains), an ID deletes; conflicts with containers and multiple repositories as Docker
 * words them. Unused layers and layer tars are removed with the image. Runs under the service's mutation lock.
 */
final class ImageDeleter {
    private final ImageService service;
    private final ImageStore store;
    private final ContentStore content;
    private final LayerStore layers;
    private final OverlaySnapshotter snapshotter;
    private final ImageUsers users;

    ImageDeleter(ImageService service, ImageStore store, ContentStore content, LayerStore layers,
            OverlaySnapshotter snapshotter, ImageUsers users) {
        this.service = service;
        this.store = store;
        this.content = content;
        this.layers = layers;
        this.snapshotter = snapshotter;
        this.users = users;
    }

    List<ImageDeleteResponseItem> delete(String name, boolean force, boolean prune) {
        ImageRecord img = service.record(name);
        String id = img.id();
        List<ImageDeleteResponseItem> records = new ArrayList<>();
        List<ImageReference> refs = store.refsOf(id);
        if (!isIdPrefix(id, name)) {
            ImageReference ref = ImageReference.parse(name);
            if (!force && isSingleReference(refs)) {
                Optional<ImageUsers.ImageUser> user = users.usersOf(id).stream().findFirst();
                if (user.isPresent()) {
                    throw EngineException.conflict("conflict: unable to remove repository reference \"" + name
                            + "\" (must force) - container " + shortId(user.get().containerId())
                            + " is using its referenced image " + shortId(id));
                }
            }
            if (store.lookup(ref).isEmpty()) {
                throw ImageService.noSuchImage(ref.familiarString());
            }
            if (remainingAfterUntag(ref, refs).isEmpty() && conflict(id, force, false) == null) {
                removeImage(id, records); // one step that frees space first: it works on a full disk too
                return pruned(img, prune, records);
            }
            store.removeRef(ref);
            records.add(ImageDeleteResponseItem.untagged(ref.familiarString()));
            refs = store.refsOf(id);
            if (ref.digest() == null) {
                refs = dropDigestRefsOfSameRepo(ref, refs, records);
            }
            if (!refs.isEmpty()) {
                return records;
            }
            deleteImage(id, force, true, records);
            return pruned(img, prune, records);
        }
        if (isSingleReference(refs)) {
            checkConflict(id, force, false);
            for (ImageReference r : refs) {
                store.removeRef(r);
                records.add(ImageDeleteResponseItem.untagged(r.familiarString()));
            }
        }
        deleteImage(id, force, false, records);
        return pruned(img, prune, records);
    }

    private List<ImageDeleteResponseItem> pruned(ImageRecord img, boolean prune,
            List<ImageDeleteResponseItem> records) {
        if (prune && store.get(img.id()).isEmpty()) {
            pruneParents(img.parent(), records);
        }
        return records;
    }

    private List<ImageReference> dropDigestRefsOfSameRepo(ImageReference removed, List<ImageReference> refs,
            List<ImageDeleteResponseItem> records) {
        boolean tagLeft = refs.stream().anyMatch(r -> r.digest() == null && r.name().equals(removed.name()));
        if (tagLeft) {
            return refs;
        }
        List<ImageReference> remaining = new ArrayList<>();
        for (ImageReference r : refs) {
            if (r.digest() != null && r.name().equals(removed.name())) {
                store.removeRef(r);
                records.add(ImageDeleteResponseItem.untagged(r.familiarString()));
            } else {
                remaining.add(r);
            }
        }
        return remaining;
    }

    /** The references left once {@code removed} is untagged (with its repository's digests if no tag is left). */
    private static List<ImageReference> remainingAfterUntag(ImageReference removed, List<ImageReference> refs) {
        List<ImageReference> left = refs.stream().filter(r -> !r.toString().equals(removed.toString())).toList();
        boolean tagLeft = left.stream().anyMatch(r -> r.digest() == null && r.name().equals(removed.name()));
        if (removed.digest() != null || tagLeft) {
            return left;
        }
        return left.stream().filter(r -> r.digest() == null || !r.name().equals(removed.name())).toList();
    }

    /** At most one tag, and every reference within one repository. */
    private static boolean isSingleReference(List<ImageReference> refs) {
        long tags = refs.stream().filter(r -> r.digest() == null).count();
        long names = refs.stream().map(ImageReference::name).distinct().count();
        return tags <= 1 && names <= 1;
    }

    private static boolean isIdPrefix(String id, String name) {
        String hex = id.substring("sha256:".length());
        String n = name.startsWith("sha256:") ? name.substring("sha256:".length()) : name;
        return !n.isEmpty() && hex.startsWith(n);
    }

    private void deleteImage(String id, boolean force, boolean quietOnConflict, List<ImageDeleteResponseItem> out) {
        Conflict c = conflict(id, force, true);
        if (c != null) {
            if (quietOnConflict && c.used) {
                return; // the untag was the point; a container still holds the now dangling image
            }
            throw EngineException.conflict(c.message);
        }
        removeImage(id, out);
    }

    private boolean hasChildren(String id) {
        return store.all().stream().anyMatch(r -> id.equals(r.parent()));
    }

    /**
     * moby's parent pruning: after an image goes, its parent goes too while it is untagged, has no other child and
     * no container uses it (a build's intermediate images), quietly stopping at the first one that stays.
     */
    private void pruneParents(String parent, List<ImageDeleteResponseItem> out) {
        String p = parent;
        while (p != null) {
            ImageRecord r = store.get(p).orElse(null);
            if (r == null || !store.refsOf(p).isEmpty() || hasChildren(p) || !users.usersOf(p).isEmpty()) {
                return;
            }
            removeImage(p, out);
            p = r.parent();
        }
    }

    /** The record with every reference to it (untagged), then the config blob and the layers no one else uses. */
    private void removeImage(String id, List<ImageDeleteResponseItem> out) {
        ImageRecord img = store.get(id).orElseThrow(() -> ImageService.noSuchImage(id));
        for (ImageReference r : store.refsOf(id)) {
            out.add(ImageDeleteResponseItem.untagged(r.familiarString()));
        }
        store.delete(id);
        out.add(ImageDeleteResponseItem.deleted(id));
        content.delete(Digest.parse(id));
        for (String removed : collectGarbage(img)) {
            out.add(ImageDeleteResponseItem.deleted(removed));
        }
    }

    private void checkConflict(String id, boolean force, boolean includeReferences) {
        Conflict c = conflict(id, force, includeReferences);
        if (c != null) {
            throw EngineException.conflict(c.message);
        }
    }

    private record Conflict(String message, boolean used) {
    }

    /** Hard conflicts (running container) always count; soft ones (references, stopped containers) unless force. */
    private Conflict conflict(String id, boolean force, boolean includeReferences) {
        if (hasChildren(id)) {
            return new Conflict(message(id, true, "image has dependent child images"), false);
        }
        List<ImageUsers.ImageUser> using = users.usersOf(id);
        for (ImageUsers.ImageUser u : using) {
            if (u.running()) {
                return new Conflict(message(id, true, "image is being used by running container "
                        + shortId(u.containerId())), true);
            }
        }
        if (force) {
            return null;
        }
        if (includeReferences && !store.refsOf(id).isEmpty()) {
            return new Conflict(message(id, false, "image is referenced in multiple repositories"), false);
        }
        for (ImageUsers.ImageUser u : using) {
            return new Conflict(message(id, false, "image is being used by stopped container "
                    + shortId(u.containerId())), true);
        }
        return null;
    }

    private static String message(String id, boolean hard, String why) {
        return "conflict: unable to delete " + shortId(id) + " (" + (hard ? "cannot be forced" : "must be forced")
                + ") - " + why;
    }

    static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    /** Removes the image's layers no other image or snapshot uses, top first; returns their chainIDs. */
    private List<String> collectGarbage(ImageRecord img) {
        return new LayerCollector(store, content, layers, snapshotter).collect(img.chainIds(), img.diffIds());
    }
}
