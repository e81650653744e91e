package dev.jdock.daemon.layer;

import dev.jdock.api.value.Digest;
import dev.jdock.daemon.store.FileTrees;
import dev.jdock.daemon.store.Reaper;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.store.AtomicFiles;
import dev.jdock.daemon.store.DiskErrors;
import dev.jdock.daemon.store.ParsedFiles;
import dev.jdock.daemon.store.StateFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Unpacked layers in Docker's overlay2 layout under {@code root} ({@code /var/lib/jdock/overlay}):
 * {@code <chainid-hex>/{diff,link,lower,layer.json}} and {@code l/<26 chars> -> ../<chainid-hex>/diff}. A layer is
 * built in {@code new-*} and renamed into place only when fully unpacked. Layers are identified by chainID. Beside
 * {@code diff} each layer keeps its tar-split ({@link TarSplitPaths}), from which {@link #openTar} rebuilds the
 * original uncompressed tar (whose sha256 is the diffID) without storing the tar itself.
 */
public final class LayerStore {
    private static final char[] LINK_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final String META = "layer.json";

    private final Path root;
    private final Path links;
    private final LayerUnpacker unpacker;
    private final Reaper reaper;
    private final SecureRandom random = new SecureRandom();
    /** layer.json parsed: written once per layer, read for every container create and start. */
    private final ParsedFiles<Layer> metas = new ParsedFiles<>(Layer.class, 256);

    /** A store that deletes inline (tests). */
    public LayerStore(Path root, LayerUnpacker unpacker) {
        this(root, unpacker, Reaper.inline());
    }

    /** {@code reaper}: deletes what the store and its snapshots discard, after their rename to {@code del-*}. */
    public LayerStore(Path root, LayerUnpacker unpacker, Reaper reaper) {
        this.root = root;
        this.links = root.resolve("l");
        this.unpacker = unpacker;
        this.reaper = reaper;
        try {
            Files.createDirectories(links);
            cleanTemporaries();
        } catch (IOException e) {
            throw new UncheckedIOException("opening layer store " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    /** chainIDs for diffIDs (bottom first): chainID(L1) = diffID(L1), chainID(Ln) = sha256(chainID(Ln-1) + " " + diffID(Ln)). */
    public static List<String> chainIds(List<String> diffIds) {
        List<String> out = new ArrayList<>(diffIds.size());
        String prev = null;
        for (String diff : diffIds) {
            prev = prev == null ? diff
                    : Digest.sha256((prev + " " + diff).getBytes(StandardCharsets.UTF_8)).toString();
            out.add(prev);
        }
        return out;
    }

    private void cleanTemporaries() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, "{new-,del-}*")) {
            for (Path p : ds) {
                FileTrees.deleteRecursively(p);
            }
        }
    }

    private Path dirOf(String chainId) {
        return root.resolve(Digest.parse(chainId).hex());
    }

    public boolean exists(String chainId) {
        return Files.isRegularFile(dirOf(chainId).resolve(META));
    }

    public Optional<Layer> get(String chainId) {
        Path dir = dirOf(chainId);
        Path meta = dir.resolve(META);
        try {
            return metas.read(meta).map(l -> l.withDiffDir(dir.resolve("diff")));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + meta, e);
        }
    }

    public Layer require(String chainId) {
        return get(chainId).orElseThrow(() -> EngineException.notFound("layer " + chainId + " does not exist"));
    }

    /** True when the layer has a tar-split, so {@link #openTar} can rebuild its tar (layers unpacked before don't). */
    public boolean hasTarSplit(String chainId) {
        return exists(chainId) && Files.isRegularFile(TarSplitPaths.of(dirOf(chainId)).file());
    }

    /**
     * The layer's original uncompressed tar, rebuilt from its tar-split and its diff directory (streamed). Reading
     * fails with an IOException at the end when the result does not hash to the diffID (the layer was modified).
     */
    public InputStream openTar(String chainId) throws IOException {
        Layer layer = require(chainId);
        Path dir = dirOf(chainId);
        TarSplitPaths paths = TarSplitPaths.of(dir);
        if (!Files.isRegularFile(paths.file())) {
            throw EngineException.notFound("layer " + chainId + " has no tar-split");
        }
        return TarAssembler.open(paths, dir.resolve("diff"), Digest.parse(layer.diffId()));
    }

    /**
     * Checks, without reading file contents, that the files the layer's tar-split refers to are all there with their
     * recorded sizes (so a save can fail before streaming); throws a system error naming the problem.
     */
    public void checkTarSplit(String chainId) {
        Path dir = dirOf(chainId);
        try {
            TarAssembler.checkFiles(TarSplitPaths.of(dir), dir.resolve("diff"));
        } catch (IOException e) {
            throw EngineException.system("layer " + chainId + " cannot be exported: " + e.getMessage(), e);
        }
    }

    /** The layer and its ancestors, top first. */
    public List<Layer> chain(String topChainId) {
        List<Layer> out = new ArrayList<>();
        String id = topChainId;
        while (id != null) {
            Layer l = require(id);
            out.add(l);
            id = l.parent();
        }
        return out;
    }

    /**
     * Unpacks a layer on top of {@code parentChainId} (null for a base layer). {@code expectedDiffId} (nullable) is
     * checked against the unpacked tar. When the chainID already exists the new copy is discarded and the existing
     * layer returned. Uncompressed bytes are copied to {@code tee} when not null (normally null: the tar-split
     * rebuilds the tar). On any failure nothing is left.
     */
    public Layer create(String parentChainId, InputStream archive, String expectedDiffId, OutputStream tee) {
        try (Pending p = unpack(archive, expectedDiffId, tee)) {
            return p.commit(parentChainId);
        }
    }

    /**
     * Unpacks a layer into a private {@code new-*} directory without placing it in any chain yet (a layer's diff does
     * not depend on its parent, so several can be unpacked in parallel). {@link Pending#commit} installs it; closing
     * an uncommitted one deletes it.
     */
    public Pending unpack(InputStream archive, String expectedDiffId, OutputStream tee) {
        Path tmp = newLayerDir();
        boolean done = false;
        try {
            Path diff = Files.createDirectory(tmp.resolve("diff"));
            Files.createDirectory(tmp.resolve("work"));
            UnpackResult r = unpacker.unpack(archive, diff, tee, TarSplitPaths.of(tmp));
            if (expectedDiffId != null && !expectedDiffId.equals(r.diffId().toString())) {
                throw EngineException.invalid("layer digest mismatch: expected diffID " + expectedDiffId
                        + ", got " + r.diffId());
            }
            done = true;
            return new Pending(tmp, r);
        } catch (IOException e) {
            throw DiskErrors.system("unpacking layer", e);
        } finally {
            if (!done) {
                deleteQuietly(tmp);
            }
        }
    }

    /**
     * As {@link #unpack}, for a layer whose files already exist: {@code diffDir} (a build root's upper directory, on
     * this store's file system, no longer mounted and holding exactly what {@code plainTar} was written from) is
     * moved in as the layer's diff instead of being copied, as containerd's overlay snapshotter commits. The tar is
     * read to its end first (its diffID and tar-split). Empty, with nothing moved, when the directory would not be
     * what unpacking the tar makes: an entry named like a whiteout ({@code .wh.*}, which unpacking turns into one),
     * or a file the tar names that is not in the directory with its size (a name the tar could not carry as it is);
     * the caller unpacks the tar then. On any failure nothing is moved.
     */
    public Optional<Pending> adopt(InputStream plainTar, Path diffDir) {
        Path tmp = newLayerDir();
        boolean done = false;
        try {
            LayerUnpacker.Recorded r = unpacker.record(plainTar, TarSplitPaths.of(tmp));
            if (r.whiteoutNames()) {
                return Optional.empty();
            }
            try {
                TarAssembler.checkFiles(TarSplitPaths.of(tmp), diffDir);
            } catch (IOException e) {
                return Optional.empty();
            }
            Files.createDirectory(tmp.resolve("work"));
            Files.move(diffDir, tmp.resolve("diff"), StandardCopyOption.ATOMIC_MOVE);
            done = true;
            return Optional.of(new Pending(tmp, r.result()));
        } catch (IOException e) {
            throw DiskErrors.system("adopting layer", e);
        } finally {
            if (!done) {
                deleteQuietly(tmp);
            }
        }
    }

    /** A private {@code new-*} directory for a layer being made (swept at start when a daemon dies first). */
    private Path newLayerDir() {
        try {
            return Files.createTempDirectory(root, "new-");
        } catch (IOException e) {
            throw DiskErrors.system("creating layer dir in " + root, e);
        }
    }

    /** An unpacked layer not yet installed. */
    public final class Pending implements AutoCloseable {
        private final Path tmp;
        private final UnpackResult result;
        private boolean committed;

        private Pending(Path tmp, UnpackResult result) {
            this.tmp = tmp;
            this.result = result;
        }

        public UnpackResult result() {
            return result;
        }

        /** Installs the layer on top of {@code parentChainId} (which must exist); returns the stored layer. */
        public Layer commit(String parentChainId) {
            String diffId = result.diffId().toString();
            String chainId = parentChainId == null ? diffId : chainIds(List.of(parentChainId, diffId)).get(1);
            try {
                Layer layer = install(tmp, new Layer(chainId, diffId, parentChainId, newLink(),
                        result.contentSize(), result.tarSize(), null));
                committed = true;
                return layer;
            } catch (IOException e) {
                throw DiskErrors.system("installing layer " + chainId, e);
            }
        }

        @Override
        public void close() {
            if (!committed) {
                deleteQuietly(tmp);
            }
        }
    }

    private synchronized Layer install(Path tmp, Layer layer) throws IOException {
        if (layer.parent() != null && !exists(layer.parent())) {
            throw EngineException.notFound("parent layer " + layer.parent() + " does not exist");
        }
        if (exists(layer.chainId())) {
            Path del = root.resolve("del-" + newLink());
            Files.move(tmp, del, StandardCopyOption.ATOMIC_MOVE);
            reaper.delete(del);
            return require(layer.chainId());
        }
        Files.writeString(tmp.resolve("link"), layer.link());
        if (layer.parent() != null) {
            Files.writeString(tmp.resolve("lower"), lowerOf(layer.parent()));
        }
        AtomicFiles.write(tmp.resolve(META), StateFormat.bytes(layer));
        Path dir = dirOf(layer.chainId());
        if (Files.exists(dir)) {
            FileTrees.deleteRecursively(dir); // a leftover without layer.json: never completed
        }
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        Path link = links.resolve(layer.link());
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of("..", dir.getFileName().toString(), "diff"));
        AtomicFiles.fsyncDirectory(root);
        return require(layer.chainId());
    }

    /** Docker's {@code lower} file: {@code l/PARENT:l/GRANDPARENT...}. */
    private String lowerOf(String parent) {
        List<String> parts = new ArrayList<>();
        for (Layer l : chain(parent)) {
            parts.add(l.shortPath());
        }
        return String.join(":", parts);
    }

    private String newLink() {
        char[] c = new char[26];
        for (int i = 0; i < c.length; i++) {
            c[i] = LINK_CHARS[random.nextInt(LINK_CHARS.length)];
        }
        return new String(c);
    }

    /** Removes a layer (its short link first, then its directory via a {@code del-} rename). */
    public synchronized void remove(String chainId) {
        Optional<Layer> layer = get(chainId);
        if (layer.isEmpty()) {
            return;
        }
        try {
            Files.deleteIfExists(links.resolve(layer.get().link()));
            Path del = root.resolve("del-" + newLink());
            Files.move(dirOf(chainId), del, StandardCopyOption.ATOMIC_MOVE);
            metas.forget(dirOf(chainId).resolve(META));
            reaper.delete(del);
        } catch (IOException e) {
            throw EngineException.system("removing layer " + chainId + ": " + e.getMessage(), e);
        }
    }

    /** Deletes {@code del}, a {@code del-*} directory of this store's root that a snapshot was renamed to. */
    public void reap(Path del) {
        reaper.delete(del);
    }

    /** Every layer in the store. */
    public List<Layer> all() {
        List<Layer> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.matches("[a-f0-9]{64}") && Files.isRegularFile(p.resolve(META))) {
                    get("sha256:" + name).ifPresent(out::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void deleteQuietly(Path p) {
        try {
            FileTrees.deleteRecursively(p);
        } catch (IOException ignored) {
            // a new-* leftover is removed at the next start
        }
    }
}
