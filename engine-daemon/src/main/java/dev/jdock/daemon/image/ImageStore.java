package dev.jdock.daemon.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.api.Json;
import dev.jdock.api.value.Digest;
import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.store.AtomicFiles;
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

/**
 * Image records and references, in memory and on disk: {@code image/by-id/<hex>.json} and
 * {@code image/repositories.json} (Docker's shape: familiar repository name → familiar reference → image ID).
 * Thread-safe; every write goes through {@link AtomicFiles}.
 */
final class ImageStore {
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
                ImageRecord r = Json.mapper().readValue(p.toFile(), ImageRecord.class);
                images.put(r.id(), r);
            }
        }
    }

    private void loadRepositories() throws IOException {
        if (!Files.exists(repositoriesFile)) {
            return;
        }
        Repositories r = Json.mapper().readValue(repositoriesFile.toFile(), Repositories.class);
        if (r.repositories() == null) {
            return;
        }
        r.repositories().values().forEach(m -> m.forEach((ref, id) -> {
            if (images.containsKey(id)) {
                refs.put(ImageReference.parseNamed(ref).toString(), id);
            }
        }));
    }

    private void saveRepositories() {
        Map<String, Map<String, String>> out = new TreeMap<>();
        refs.forEach((ref, id) -> {
            ImageReference r = ImageReference.parseNamed(ref);
            out.computeIfAbsent(r.familiarName(), k -> new TreeMap<>()).put(r.familiarString(), id);
        });
        try {
            AtomicFiles.write(repositoriesFile, Json.mapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(new Repositories(out)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        try {
            AtomicFiles.write(byId.resolve(Digest.parse(r.id()).hex() + ".json"), Json.mapper().writeValueAsBytes(r));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        images.put(r.id(), r);
    }

    /** Deletes the record and every reference to it. */
    synchronized void delete(String id) {
        refs.values().removeIf(id::equals);
        saveRepositories();
        try {
            Files.deleteIfExists(byId.resolve(Digest.parse(id).hex() + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        images.remove(id);
    }

    /** Points {@code ref} at {@code id}; returns the image it pointed to before, if another one. */
    synchronized Optional<String> addRef(ImageReference ref, String id) {
        String old = refs.put(ref.toString(), id);
        saveRepositories();
        return old == null || old.equals(id) ? Optional.empty() : Optional.of(old);
    }

    synchronized boolean removeRef(ImageReference ref) {
        boolean removed = refs.remove(ref.toString()) != null;
        if (removed) {
            saveRepositories();
        }
        return removed;
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
