package dev.jdock.daemon.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.jdock.api.Json;
import dev.jdock.api.value.Digest;
import dev.jdock.daemon.store.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which compressed blobs (registry, repository, digest, size, media type) are known to hold a layer, by diffID:
 * {@code image/distribution/<diffid-hex>.json}. Written after a pull and a push; read by push to skip or mount a
 * layer instead of compressing and uploading it again (Docker's v2 metadata service).
 */
final class DistributionMetadata {
    private static final int MAX_ENTRIES = 50;

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Source(
            @JsonProperty("registry") String registry,
            @JsonProperty("repository") String repository,
            @JsonProperty("digest") String digest,
            @JsonProperty("size") long size,
            @JsonProperty("mediaType") String mediaType) {
    }

    private final Path root;

    DistributionMetadata(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("opening " + root, e);
        }
    }

    synchronized List<Source> sources(String diffId) {
        Path f = file(diffId);
        if (!Files.exists(f)) {
            return List.of();
        }
        try {
            return Json.mapper().readValue(f.toFile(), new TypeReference<List<Source>>() { });
        } catch (IOException e) {
            return List.of(); // unreadable metadata only costs an upload
        }
    }

    synchronized void add(String diffId, Source s) {
        List<Source> list = new ArrayList<>(sources(diffId));
        list.removeIf(x -> x.registry().equals(s.registry()) && x.repository().equals(s.repository())
                && x.digest().equals(s.digest()));
        list.add(0, s);
        while (list.size() > MAX_ENTRIES) {
            list.remove(list.size() - 1);
        }
        try {
            AtomicFiles.write(file(diffId), Json.mapper().writeValueAsBytes(list));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path file(String diffId) {
        return root.resolve(Digest.parse(diffId).hex() + ".json");
    }
}
