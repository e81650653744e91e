package dev.jdock.daemon.image;

import dev.jdock.api.Json;
import dev.jdock.api.types.image.ImageContainerConfig;
import dev.jdock.api.types.image.OciImageConfig;
import dev.jdock.api.value.Digest;
import dev.jdock.daemon.content.ContentStore;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.layer.Compression;
import dev.jdock.daemon.layer.Layer;
import dev.jdock.daemon.layer.LayerStore;
import dev.jdock.daemon.store.ConfigSize;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Turns a config blob and its layer archives into a stored image: each layer unpacked once (skipped when its chainID
 * exists) with its tar-split (which rebuilds the tar for save and push), the config stored as a blob whose
 * digest is the image ID, and the record written. {@link #register} and {@link #commit} run under the service's
 * mutation lock; {@link #prepare} (the unpacking) runs before it.
 */
final class ImageRegistrar {
    private final ContentStore content;
    private final LayerStore layers;
    private final ImageStore store;

    ImageRegistrar(ContentStore content, LayerStore layers, ImageStore store) {
        this.content = content;
        this.layers = layers;
        this.store = store;
    }

    /** The most entries of a new image's container config: labels, env, ports, volumes, commands, shell. */
    static final int MAX_CONFIG_ENTRIES = ConfigSize.MAX_ENTRIES;
    /** The most characters in them. */
    static final long MAX_CONFIG_CHARS = ConfigSize.MAX_CHARS;

    static OciImageConfig parseConfig(byte[] bytes) {
        try {
            return Json.mapper().readValue(bytes, OciImageConfig.class);
        } catch (IOException e) {
            throw EngineException.invalid("invalid image config: " + e.getMessage());
        }
    }

    /**
     * A new image's config (load, import, pull, build, commit), its container config within bounds: every container
     * made from the image holds it (merged with the request) for its life, and a 7 MB config of 550,000 labels,
     * within the 8 MiB a config may take, made each such container hold 63 MB of the daemon's 128 MiB heap: one
     * {@code docker create} of it, and every request, {@code docker ps} too, failed with {@code Java heap space}
     * (also after a restart). moby has no bound.
     */
    static OciImageConfig newConfig(byte[] bytes) {
        OciImageConfig cfg = parseConfig(bytes);
        ImageContainerConfig c = cfg.config();
        if (c == null) {
            return cfg;
        }
        ConfigSize size = ConfigSize.of(c);
        if (size.exceeds()) {
            throw EngineException.invalid("invalid image config: its container config (labels, env, ports, volumes,"
                    + " commands) " + size.describe());
        }
        return cfg;
    }

    ImageRecord register(byte[] configBytes, List<LayerSource> sources) {
        try (Prepared p = prepare(configBytes, sources, false, ProgressStream.discarding())) {
            return commit(p);
        }
    }

    /**
     * An image checked and its missing layers unpacked, privately, before the caller takes the lock; {@link #commit}
     * installs them. Closing it discards what was not committed.
     */
    final class Prepared implements AutoCloseable {
        private final byte[] config;
        private final OciImageConfig cfg;
        private final List<LayerSource> sources;
        private final List<LayerStore.Pending> unpacked;

        private Prepared(byte[] config, OciImageConfig cfg, List<LayerSource> sources,
                List<LayerStore.Pending> unpacked) {
            this.config = config;
            this.cfg = cfg;
            this.sources = sources;
            this.unpacked = unpacked;
        }

        @Override
        public void close() {
            unpacked.stream().filter(java.util.Objects::nonNull).forEach(LayerStore.Pending::close);
        }
    }

    /** Without the lock: validates the config and unpacks the layers the store does not have yet. */
    Prepared prepare(byte[] configBytes, List<LayerSource> sources) {
        return prepare(configBytes, sources, true, ProgressStream.discarding());
    }

    /** As {@link #prepare(byte[], List)}, each layer's reading shown as docker's "Loading layer" bar. */
    Prepared prepare(byte[] configBytes, List<LayerSource> sources, ProgressStream progress) {
        return prepare(configBytes, sources, true, progress);
    }

    private Prepared prepare(byte[] configBytes, List<LayerSource> sources, boolean unpack, ProgressStream progress) {
        OciImageConfig cfg = newConfig(configBytes);
        List<String> diffIds = cfg.diffIds();
        if (diffIds.size() != sources.size()) {
            throw EngineException.invalid("image config has " + diffIds.size() + " diff IDs but the archive has "
                    + sources.size() + " layers");
        }
        diffIds.forEach(ImageRegistrar::checkDigest);
        List<String> chainIds = LayerStore.chainIds(diffIds);
        List<LayerStore.Pending> unpacked = new java.util.ArrayList<>();
        Prepared p = new Prepared(configBytes, cfg, sources, unpacked);
        try {
            for (int i = 0; i < diffIds.size(); i++) {
                unpacked.add(unpack && !layers.exists(chainIds.get(i))
                        ? unpackLayer(diffIds.get(i), sources.get(i), progress) : null);
            }
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    private LayerStore.Pending unpackLayer(String diffId, LayerSource source, ProgressStream progress) {
        long total = source.size();
        String id = diffId.substring(diffId.indexOf(':') + 1);
        try (InputStream in = total > 0 ? new LoadingLayer(source.open(), id.substring(0, Math.min(12, id.length())),
                total, progress) : source.open()) {
            return layers.unpack(in, diffId, null);
        } catch (IOException e) {
            throw EngineException.system("reading layer " + diffId + ": " + e.getMessage(), e);
        }
    }

    /** Under the lock: installs the prepared layers (any other missing one is unpacked now), then the record. */
    ImageRecord commit(Prepared p) {
        byte[] configBytes = p.config;
        OciImageConfig cfg = p.cfg;
        List<String> diffIds = cfg.diffIds();
        List<String> chainIds = LayerStore.chainIds(diffIds);
        long size = 0;
        for (int i = 0; i < diffIds.size(); i++) {
            String parent = i == 0 ? null : chainIds.get(i - 1);
            LayerStore.Pending pending = p.unpacked.get(i);
            size += (pending != null ? pending.commit(parent)
                    : ensureLayer(parent, chainIds.get(i), diffIds.get(i), p.sources.get(i))).size();
        }
        Digest id = content.put(configBytes).digest();
        ImageRecord existing = store.get(id.toString()).orElse(null);
        ImageRecord record = new ImageRecord(id.toString(), diffIds, chainIds, cfg.created(), size,
                existing == null ? null : existing.lastTagTime(), cfg.parent());
        store.put(record);
        return record;
    }

    private static void checkDigest(String d) {
        if (!Digest.isValid(d)) {
            throw EngineException.invalid("invalid diff ID in image config: " + d);
        }
    }

    private Layer ensureLayer(String parent, String chainId, String diffId, LayerSource source) {
        Digest diff = Digest.parse(diffId);
        try {
            if (layers.exists(chainId)) {
                if (!new LayerTars(content, layers).available(chainId, diffId)) {
                    keepTar(diff, source); // a layer from before tar-splits whose tar blob went missing
                }
                return layers.require(chainId);
            }
            try (InputStream in = source.open()) {
                return layers.create(parent, in, diffId, null);
            }
        } catch (IOException e) {
            throw EngineException.system("reading layer " + diffId + ": " + e.getMessage(), e);
        }
    }

    private void keepTar(Digest diff, LayerSource source) throws IOException {
        try (ContentStore.Writer tar = content.writer(); InputStream in = Compression.decompress(source.open())) {
            in.transferTo(tar.stream());
            tar.commit(-1, diff);
        }
    }

    /** A layer archive as it is read, reported as moby's load does: {@code Loading layer}, the short diff ID. */
    private static final class LoadingLayer extends FilterInputStream {
        private final String id;
        private final long total;
        private final ProgressStream progress;
        private long read;

        LoadingLayer(InputStream in, String id, long total, ProgressStream progress) {
            super(in);
            this.id = id;
            this.total = total;
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count(n);
            return n;
        }

        private void count(int n) {
            if (n > 0) {
                read += n;
                progress.progress(id, "Loading layer", read, total);
            }
        }
    }
}
