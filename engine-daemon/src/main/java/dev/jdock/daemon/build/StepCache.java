package dev.jdock.daemon.build;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.api.value.Digest;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.store.AtomicFiles;
import dev.jdock.daemon.store.StateFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The build cache: which image a step made, by the step's key (its parent image, its instruction after
 * substitution, the build args it uses and, for COPY and ADD, the checksum of its sources). One small state file
 * per entry ({@code builder/cache/<key>.json}, 0600, written atomically), so a kill -9 at any instant leaves every
 * entry whole or absent; an entry whose image is gone is a miss and is dropped.
 */
final class StepCache {
    private static final Logger LOG = LoggerFactory.getLogger(StepCache.class);

    /** One entry: the step's image, what the step was (for {@code system df}), and its use. */
    record Entry(@JsonProperty("key") String key, @JsonProperty("image") String image,
            @JsonProperty("parent") String parent, @JsonProperty("description") String description,
            @JsonProperty("created") String created, @JsonProperty("lastUsed") String lastUsed,
            @JsonProperty("usageCount") int usageCount) {
        Entry used() {
            return new Entry(key, image, parent, description, created, Instant.now().toString(), usageCount + 1);
        }
    }

    private final Path dir;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    StepCache(Path dir) {
        this.dir = dir;
    }

    /** Loads the entries (at boot); a file that does not read is dropped with a warning. */
    synchronized void load() {
        try {
            Files.createDirectories(dir);
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
                for (Path p : ds) {
                    try {
                        Entry e = StateFormat.read(p, Entry.class);
                        entries.put(e.key(), e);
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("dropping unreadable build cache entry {}: {}", p, e.toString());
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            throw EngineException.system("loading the build cache " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The key of a step: a digest over its parts, each length-prefixed so that no two part lists collide. */
    static String key(List<String> parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            String s = p == null ? "" : p;
            b.append(s.length()).append(':').append(s).append('\n');
        }
        return Digest.sha256(b.toString().getBytes(StandardCharsets.UTF_8)).hex();
    }

    /** The image of {@code key} if it is still present ({@code exists}); the use is recorded. */
    synchronized Optional<String> lookup(String key, Predicate<String> exists) {
        Entry e = entries.get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (!exists.test(e.image())) {
            remove(key);
            return Optional.empty();
        }
        Entry used = e.used();
        write(used);
        return Optional.of(used.image());
    }

    synchronized void put(String key, String image, String parent, String description) {
        String now = Instant.now().toString();
        write(new Entry(key, image, parent, description, now, now, 0));
    }

    synchronized List<Entry> all() {
        return new ArrayList<>(entries.values());
    }

    /** Drops the entry (its image stays; pruning decides about images). */
    synchronized void remove(String key) {
        try {
            Files.deleteIfExists(file(key));
        } catch (IOException e) {
            throw EngineException.system("removing build cache entry: " + e.getMessage(), e);
        }
        entries.remove(key);
    }

    private void write(Entry e) {
        AtomicFiles.write(file(e.key()), StateFormat.bytes(e));
        entries.put(e.key(), e);
    }

    private Path file(String key) {
        return dir.resolve(key + ".json");
    }
}
