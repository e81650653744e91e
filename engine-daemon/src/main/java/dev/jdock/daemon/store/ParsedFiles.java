package dev.jdock.daemon.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * State files read with {@link StateFormat#read} and kept parsed while the file is the same: each read stats the file
 * (one syscall, as the existence check it replaces) and parses it again only when its identity (device and inode),
 * size or modification time (nanoseconds) differ from what was parsed. For metadata that is written once and read at every
 * container start (a layer's {@code layer.json}, a snapshot's {@code snapshot.json}): the parse was most of the
 * lookup's time. Only for files that are written once or replaced by a rename (a new inode), never rewritten in
 * place: a rewrite of the same size within the clock tick of the file's timestamps would not be seen. A replaced or
 * removed file is never answered from the cache; at most {@code capacity} files are kept, least recently used dropped
 * first.
 */
public final class ParsedFiles<T> {
    private final Class<T> type;
    private final Map<Path, Entry<T>> cache;

    private record Entry<T>(Object key, long size, long modified, T value) {
    }

    public ParsedFiles(Class<T> type, int capacity) {
        this.type = type;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Path, Entry<T>> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The parsed file; empty when it is not a regular file (as {@link Files#isRegularFile}: links followed). */
    public Optional<T> read(Path file) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            forget(file);
            return Optional.empty();
        }
        if (!a.isRegularFile()) {
            forget(file);
            return Optional.empty();
        }
        Entry<T> e;
        synchronized (cache) {
            e = cache.get(file);
        }
        if (e != null && e.size() == a.size() && e.modified() == nanos(a) && Objects.equals(e.key(), a.fileKey())) {
            return Optional.of(e.value());
        }
        T value = StateFormat.read(file, type);
        synchronized (cache) {
            cache.put(file, new Entry<>(a.fileKey(), a.size(), nanos(a), value));
        }
        return Optional.of(value);
    }

    /** Drops what is kept for {@code file} (it is being removed or replaced). */
    public void forget(Path file) {
        synchronized (cache) {
            cache.remove(file);
        }
    }

    private static long nanos(BasicFileAttributes a) {
        return a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
