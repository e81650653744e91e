package dev.jdock.daemon.image;

import dev.jdock.api.value.Digest;
import dev.jdock.daemon.content.ContentStore;
import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The files of an image archive kept on disk until the archive has been read whole (manifest.json may come last).
 * Each entry is written to its own file in a private temporary directory and closed at once: what stays in memory
 * per entry is its name, path, size and digest, never an open channel or a buffer, and the number of entries is
 * bounded. {@link #close} deletes everything.
 */
final class ArchiveSpool implements AutoCloseable {
    /** More entries than any save or OCI layout has (a few per layer); a bound on what a client makes us keep. */
    static final int MAX_ENTRIES = 20_000;
    /** The longest entry or link name kept (PATH_MAX). */
    static final int MAX_NAME = 4096;

    /** A spooled entry. */
    record Entry(Path path, long size, Digest digest) {
    }

    private final Path dir;
    private final Map<String, Entry> files = new HashMap<>();
    private final Map<String, String> links = new HashMap<>();
    private final byte[] buffer = new byte[64 * 1024];
    private int count;

    ArchiveSpool(ContentStore content) {
        this.dir = content.tempDirectory();
    }

    /** Spools a regular file's content (read to its end) under {@code name}; a later one of the same name wins. */
    void file(String name, InputStream in) throws IOException {
        counted(name);
        Path f = dir.resolve(Integer.toString(count));
        MessageDigest sha = Digest.newSha256();
        long size = 0;
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(f, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), sha)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                size += n;
            }
        }
        Entry old = files.put(name, new Entry(f, size, Digest.fromHash(sha.digest())));
        if (old != null) {
            Files.deleteIfExists(old.path());
        }
    }

    /** Records a symlink or hard link: {@code name} stands for {@code target} (a cleaned archive path). */
    void link(String name, String target) {
        counted(name);
        checkName(target);
        links.put(name, target);
    }

    boolean contains(String name) {
        return files.containsKey(name);
    }

    /** The file an archive path names, following links (at most 16 hops). */
    Optional<Entry> get(String name) {
        String n = name;
        for (int hops = 0; hops < 16 && links.containsKey(n); hops++) {
            n = links.get(n);
        }
        return Optional.ofNullable(files.get(n));
    }

    private static void checkName(String name) {
        if (name.length() > MAX_NAME) {
            throw EngineException.invalid("invalid image archive: a name is longer than " + MAX_NAME + " bytes");
        }
    }

    private void counted(String name) {
        checkName(name);
        if (++count > MAX_ENTRIES) {
            throw EngineException.invalid("invalid image archive: more than " + MAX_ENTRIES + " entries");
        }
    }

    @Override
    public void close() {
        try {
            dev.jdock.daemon.store.FileTrees.deleteRecursively(dir);
        } catch (IOException e) {
            throw EngineException.system("removing " + dir + ": " + e.getMessage(), e);
        }
    }
}
