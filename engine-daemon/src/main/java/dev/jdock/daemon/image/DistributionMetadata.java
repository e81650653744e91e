package dev.jdock.daemon.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.api.value.Digest;
import dev.jdock.daemon.store.AtomicFiles;
import dev.jdock.daemon.store.StateFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which compressed blobs (registry, repository, digest, size, media type) are known to hold a layer, by diffID:
 * {@code image/distribution/<diffid-hex>.json}. Written after a pull and a push; read by push to skip or mount a
 * layer instead of compressing and uploading it again (Docker's v2 metadata service). Each file is
 * {@code {"JdockFormat":1,"Sources":[...]}}, newest first; before state files had a version it was a bare array.
 */
final class DistributionMetadata {
    private static final Logger LOG = LoggerFactory.getLogger(DistributionMetadata.class);
    private static final int MAX_ENTRIES = 50;
    /** The list's name in each file ({@link StateFormat#listBytes}). */
    static final String LIST = "Sources";

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
        try {
            return read(diffId);
        } catch (IOException e) {
            return List.of(); // unreadable metadata only costs an upload
        }
    }

    private List<Source> read(String diffId) throws IOException {
        Path f = file(diffId);
        return Files.exists(f) ? StateFormat.readList(Files.readAllBytes(f), LIST, Source.class) : List.of();
    }

    synchronized void add(String diffId, Source s) {
        List<Source> list;
        try {
            list = new ArrayList<>(read(diffId));
        } catch (StateFormat.NewerFormatException e) {
            LOG.warn("not recording {} for layer {}: {}", s.digest(), diffId, e.getMessage());
            return; // what a newer jdockd recorded stays for it
        } catch (IOException e) {
            list = new ArrayList<>(); // an unreadable file is replaced
        }
        list.removeIf(x -> x.registry().equals(s.registry()) && x.repository().equals(s.repository())
                && x.digest().equals(s.digest()));
        list.add(0, s);
        while (list.size() > MAX_ENTRIES) {
            list.remove(list.size() - 1);
        }
        AtomicFiles.write(file(diffId), StateFormat.listBytes(LIST, list));
    }

    private Path file(String diffId) {
        return root.resolve(Digest.parse(diffId).hex() + ".json");
    }
}
