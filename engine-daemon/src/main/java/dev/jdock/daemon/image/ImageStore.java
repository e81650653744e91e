package dev.jdock.daemon.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.api.value.Digest;
import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.store.AtomicFiles;
import dev.jdock.daemon.store.StateFormat;
import dev.jdock.daemon.store.DiskErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Image records and references, in memory and on disk: {@code image/by-id/<hex>.json} and
 * {@code image/repositories.json} (Docker's shape: familiar repository name → familiar reference → image ID).
 * Thread-safe; every write goes through {@link AtomicFiles}.
 */
final class ImageStore {
    private static final Logger LOG = LoggerFactory.getLogger(ImageStore.class);
    private final Path byId;
    private final Path repositoriesFile;
    private final Map<String, ImageRecord> images = new LinkedHashMap<>();
    /** full reference string (docker.io/library/busybox:latest, or name@sha256:...) → image ID. */
    private final Map<String, String> refs = new TreeMap<>();

    record Repositories(@JsonProperty("Repositories") Map<String, Map<String, String>> repositories) {
    }

    ImageStore(Path root) {
        this.byId = root.resolve("by-id");
        this.repositoriesFile = root.resolve("repositories.json");
        try {
            Files.createDirectories(byId);
            loadRecords();
            loadRepositories();
        } catch (IOException e) {
            throw new UncheckedIOException("opening image store " + root, e);
        }
    }

    private void loadRecords() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(byId, "*.json")) {
            for (Path p : ds) {
                ImageRecord r = StateFormat.read(p, ImageRecord.class);
                images.put(r.id(), r);
            }
        }
    }

    private void loadRepositories() throws IOException {
        if (!Files.exists(repositoriesFile)) {
            return;
        }
        Repositories r = StateFormat.read(repositoriesFile, Repositories.class);
        if (r.repositories() == null) {
            return;
        }
        r.repositories().values().forEach(m -> m.forEach((ref, id) -> {
            if (images.containsKey(id)) {
                refs.put(ImageReference.parseNamed(ref).toString(), id);
            }
        }));
    }

    /** Writes {@code next} as the references; the caller makes it the references in memory once written. */
    private void saveRepositories(Map<String, String> next) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        next.forEach((ref, id) -> {
            ImageReference r = ImageReference.parseNamed(ref);
            out.computeIfAbsent(r.familiarName(), k -> new TreeMap<>()).put(r.familiarString(), id);
        });
        AtomicFiles.write(repositoriesFile, StateFormat.bytes(new Repositories(out)));
    }

    synchronized Optional<ImageRecord> get(String id) {
        return Optional.ofNullable(images.get(id));
    }

    synchronized List<ImageRecord> all() {
        return new ArrayList<>(images.values());
    }

    synchronized int count() {
        return images.size();
    }

    synchronized void put(ImageRecord r) {
        AtomicFiles.write(byId.resolve(Digest.parse(r.id()).hex() + ".json"), StateFormat.bytes(r));
        images.put(r.id(), r);
    }

    /**
     * Deletes the record and every reference to it. The record goes first: that needs no space, and references to
     * an image without a record are dropped when the store loads, so the image is gone even when the disk is too
     * full to write the references again (they are written by the next change that gets through).
     */
    synchronized void delete(String id) {
        try {
            Files.deleteIfExists(byId.resolve(Digest.parse(id).hex() + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException("removing image " + id + ": " + DiskErrors.describe(e), e);
        }
        images.remove(id);
        Map<String, String> next = new TreeMap<>(refs);
        next.values().removeIf(id::equals);
        refs.clear();
        refs.putAll(next);
        try {
            saveRepositories(next);
        } catch (UncheckedIOException e) {
            LOG.warn("image {} removed; its references are dropped when the store next loads: {}", id,
                    e.getMessage());
        }
    }

    /**
     * Points {@code ref} at {@code id}; returns the image it pointed to before, if another one. Written first: a
     * write the disk refuses changes nothing.
     */
    synchronized Optional<String> addRef(ImageReference ref, String id) {
        Map<String, String> next = new TreeMap<>(refs);
        String old = next.put(ref.toString(), id);
        saveRepositories(next);
        refs.put(ref.toString(), id);
        return old == null || old.equals(id) ? Optional.empty() : Optional.of(old);
    }

    /** Removes {@code ref}, on disk first (a write the disk refuses changes nothing). */
    synchronized boolean removeRef(ImageReference ref) {
        if (!refs.containsKey(ref.toString())) {
            return false;
        }
        Map<String, String> next = new TreeMap<>(refs);
        next.remove(ref.toString());
        saveRepositories(next);
        refs.remove(ref.toString());
        return true;
    }

    synchronized Optional<String> lookup(ImageReference ref) {
        return Optional.ofNullable(refs.get(ref.toString()));
    }

    /** References to {@code id}, sorted. */
    synchronized List<ImageReference> refsOf(String id) {
        List<ImageReference> out = new ArrayList<>();
        refs.forEach((ref, target) -> {
            if (target.equals(id)) {
                out.add(ImageReference.parseNamed(ref));
            }
        });
        return out;
    }

    /** Image IDs starting with {@code hexPrefix} (without the algorithm). */
    synchronized List<String> idsWithPrefix(String hexPrefix) {
        List<String> out = new ArrayList<>();
        for (String id : images.keySet()) {
            if (id.startsWith("sha256:" + hexPrefix)) {
                out.add(id);
            }
        }
        return out;
    }
}
