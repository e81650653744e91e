package dev.jdock.daemon.snapshot;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.daemon.store.FileTrees;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.fs.TreeSize;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.layer.Layer;
import dev.jdock.daemon.layer.LayerStore;
import dev.jdock.daemon.store.AtomicFiles;
import dev.jdock.daemon.store.DiskErrors;
import dev.jdock.daemon.store.ParsedFiles;
import dev.jdock.daemon.store.StateFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Snapshots in the layer store's directory: {@code overlay/<key>/{diff,work,snapshot.json}}, built in
 * {@code new-*} and renamed into place.
 */
public final class OverlaySnapshotter implements Snapshotter {
    private static final Pattern KEY = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");
    private static final String META = "snapshot.json";
    /** A container's init layer in its snapshot directory ({@link SnapshotMounts#initDir()}), made after prepare. */
    static final String INIT = "init";

    private final LayerStore layers;
    private final Path root;
    private volatile Consumer<String> removalListener = parent -> { };
    /** snapshot.json parsed: written once at the prepare, read again at every start of its container. */
    private final ParsedFiles<Meta> metas = new ParsedFiles<>(Meta.class, 256);

    public OverlaySnapshotter(LayerStore layers) {
        this.layers = layers;
        this.root = layers.root();
    }

    /**
     * Called after a snapshot is removed, outside the snapshotter's lock, with the snapshot's parent chainID (null
     * for a snapshot without layers): the image service collects layers that are no longer used.
     */
    public void setRemovalListener(Consumer<String> listener) {
        this.removalListener = listener;
    }

    record Meta(@JsonProperty("key") String key, @JsonProperty("parent") String parent) {
    }

    private static final Set<OpenOption> NEW_META = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private static final FileAttribute<Set<PosixFilePermission>> META_MODE =
            PosixFilePermissions.asFileAttribute(AtomicFiles.PRIVATE);
    /** A parent chainID as the layer store names them ({@code sha256:<hex>}): nothing in it to escape. */
    private static final Pattern PLAIN = Pattern.compile("[a-z0-9]+:[a-f0-9]+");

    /**
     * {@code snapshot.json}'s bytes, the same as {@code StateFormat.bytes(new Meta(key, parent))} (OverlaySnapshotterTest)
     * without a serialiser per create: a key is checked against {@link #KEY} and a chainID is plain, so neither needs
     * escaping (anything else goes through the serialiser).
     */
    static byte[] metaBytes(String key, String parent) {
        if (!KEY.matcher(key).matches() || (parent != null && !PLAIN.matcher(parent).matches())) {
            return StateFormat.bytes(new Meta(key, parent));
        }
        String json = "{\"" + StateFormat.FIELD + "\":" + StateFormat.CURRENT + ",\"key\":\"" + key + "\",\"parent\":"
                + (parent == null ? "null" : "\"" + parent + "\"") + "}";
        return json.getBytes(StandardCharsets.US_ASCII);
    }

    private Path dirOf(String key) {
        if (!isKey(key)) {
            throw EngineException.invalid("invalid snapshot key: " + key);
        }
        return root.resolve(key);
    }

    /** Snapshot keys, as opposed to the store's own entries (l/, new-* being built, del-* being deleted). */
    private static boolean isKey(String name) {
        return KEY.matcher(name).matches() && !name.equals("l") && !name.startsWith("new-")
                && !name.startsWith("del-");
    }

    @Override
    public synchronized SnapshotMounts prepare(String key, String parentChainId) {
        Path dir = dirOf(key);
        // access(2), where a check not following links goes through a stat that throws (an exception built per
        // create, on JDK 17); a dangling link there is no snapshot, and the rename below fails on it (ENOTDIR)
        if (Files.exists(dir)) {
            throw EngineException.conflict("snapshot " + key + " already exists");
        }
        // the parent's chain first (NOT_FOUND for a missing layer before anything is made): the mounts returned
        SnapshotMounts mounts = mountsOf(key, parentChainId);
        Path tmp = root.resolve("new-" + UUID.randomUUID());
        try {
            // each directory made by one mkdir (createDirectories tries the deepest first, then climbs)
            Files.createDirectory(tmp);
            Files.createDirectory(tmp.resolve("diff"));
            Files.createDirectory(tmp.resolve("work"));
            if (parentChainId == null) {
                Files.createDirectory(tmp.resolve("empty"));
            }
            // written in place: nothing sees new-* until the rename below, and a daemon killed before it leaves a
            // new-* the next start deletes. Made 0600 at its creation (the umask only narrows it).
            try (SeekableByteChannel ch = Files.newByteChannel(tmp.resolve(META), NEW_META, META_MODE)) {
                ByteBuffer buf = ByteBuffer.wrap(metaBytes(key, parentChainId));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw DiskErrors.system("preparing snapshot " + key, e);
        }
        try {
            // renamed first, then the file, its directory and the new entry synced together: one wait (one journal
            // commit) where syncing the file and directory, then the rename, took two. Until this returns, no
            // record names the snapshot: a daemon killed meanwhile leaves a snapshot of no container, which
            // ContainerRestore removes at the next start (a build's too), whatever part of it reached the disk.
            // Measured and not taken (docs/kubernetes.md): the three one after the other on this thread (a create
            // 1.3-1.6x as long with a loaded disk), or the two directories on this thread and the file's data on a
            // pool thread (1.16-1.18x): with the disk busy, each wait not shared is a journal commit of its own.
            AtomicFiles.fsyncTogether(List.of(dir.resolve(META), dir, root));
        } catch (IOException e) {
            removeDir(key);
            throw DiskErrors.system("preparing snapshot " + key, e);
        }
        return mounts; // what find(key) would read back: the metadata just written and the parent's chain
    }

    @Override
    public SnapshotMounts mounts(String key) {
        return find(key).orElseThrow(() -> EngineException.notFound("snapshot " + key + " does not exist"));
    }

    @Override
    public Optional<SnapshotMounts> find(String key) {
        Path dir = dirOf(key);
        Path meta = dir.resolve(META);
        Meta m;
        try {
            Optional<Meta> read = metas.read(meta);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            m = read.get();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + meta, e);
        }
        return Optional.of(mountsOf(key, m.parent()));
    }

    private SnapshotMounts mountsOf(String key, String parent) {
        Path dir = dirOf(key);
        List<Path> lower = new ArrayList<>();
        List<String> shortLower = new ArrayList<>();
        // access(2): no exception built for the snapshots that have none (builds, pods' containers, older ones)
        if (Files.exists(dir.resolve(INIT))) {
            lower.add(dir.resolve(INIT));
            shortLower.add(key + "/" + INIT);
        }
        if (parent == null) {
            lower.add(dir.resolve("empty"));
            shortLower.add(key + "/empty");
        } else {
            for (Layer l : layers.chain(parent)) {
                lower.add(l.diffDir());
                shortLower.add(l.shortPath());
            }
        }
        return new SnapshotMounts(key, parent, root, lower, shortLower, dir.resolve("diff"), dir.resolve("work"));
    }

    @Override
    public void remove(String key) {
        Optional<String> parent = removeDir(key);
        if (parent != null) {
            removalListener.accept(parent.orElse(null));
        }
    }

    private Optional<String> parentOf(Path dir) {
        try {
            return metas.read(dir.resolve(META)).map(Meta::parent);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Removes the directory; returns the parent chainID (empty: none), or null when the key did not exist. */
    private synchronized Optional<String> removeDir(String key) {
        Path dir = dirOf(key);
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        Optional<String> parent = parentOf(dir);
        Path del = root.resolve("del-" + UUID.randomUUID());
        try {
            Files.move(dir, del, StandardCopyOption.ATOMIC_MOVE);
            metas.forget(dir.resolve(META));
            layers.reap(del);
        } catch (IOException e) {
            throw EngineException.system("removing snapshot " + key + ": " + e.getMessage(), e);
        }
        return parent;
    }

    @Override
    public List<String> keys() {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                if (isKey(p.getFileName().toString()) && Files.isRegularFile(p.resolve(META))) {
                    out.add(p.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Parent chainIDs of every snapshot (layers that must not be removed). */
    public List<String> parentsInUse() {
        List<String> out = new ArrayList<>();
        for (String key : keys()) {
            try {
                find(key).map(SnapshotMounts::parentChainId).ifPresent(out::add);
            } catch (UncheckedIOException e) {
                // removed while we listed it
            }
        }
        return out;
    }

    @Override
    public Usage usage(String key) {
        Path upper = mounts(key).upperDir();
        try (Fd dir = Fs.open(upper, Fs.O_PATH | Fs.O_DIRECTORY)) {
            TreeSize size = TreeSize.of(dir);
            return new Usage(size.bytes(), size.entries());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            FileTrees.deleteRecursively(p);
        } catch (IOException ignored) {
            // removed at next start by the layer store's clean-up of new-*
        }
    }
}
