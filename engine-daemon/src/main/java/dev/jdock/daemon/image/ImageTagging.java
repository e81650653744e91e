package dev.jdock.daemon.image;

import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.errors.EngineException;

/** Parsing of {@code repo} + {@code tag} query parameters (moby httputils.RepoTagReference). */
final class ImageTagging {
    private ImageTagging() {
    }

    /** The reference {@code repo:tag}; tag defaults to the one in repo, else {@code latest}. */
    static ImageReference target(String repo, String tag) {
        if (repo == null || repo.isEmpty()) {
            throw EngineException.invalid("invalid reference format: repository name must not be empty");
        }
        ImageReference ref;
        try {
            ref = ImageReference.parseNamed(repo);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(e.getMessage());
        }
        if (ref.digest() != null) {
            throw EngineException.invalid("refusing to create a tag with a digest reference");
        }
        if (tag != null && !tag.isEmpty()) {
            if (!ImageReference.isValidTag(tag)) {
                throw EngineException.invalid("invalid tag format");
            }
            return ref.withTag(tag);
        }
        return ref.tag() != null ? ref : ref.withTag(ImageReference.DEFAULT_TAG);
    }
}
