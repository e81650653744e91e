package dev.jdock.daemon.image;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.types.container.ContainerSummary;
import dev.jdock.api.types.image.ImageDeleteResponseItem;
import dev.jdock.api.types.image.ImageContainerConfig;
import dev.jdock.api.types.image.ImageHistoryItem;
import dev.jdock.api.types.image.ImagePruneResponse;
import dev.jdock.api.types.image.SystemDfResponse;
import dev.jdock.api.types.image.ImageInspect;
import dev.jdock.api.types.image.ImageSummary;
import dev.jdock.api.types.image.OciImageConfig;
import dev.jdock.api.value.Digest;
import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.content.ContentStore;
import dev.jdock.daemon.events.Event;
import dev.jdock.daemon.events.EventSink;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.daemon.layer.LayerStore;
import dev.jdock.api.types.system.AuthConfig;
import dev.jdock.daemon.registry.RegistryService;
import dev.jdock.daemon.snapshot.OverlaySnapshotter;
import dev.jdock.daemon.snapshot.Snapshotter;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The image facade used by the image router and the container service. State lives under {@code dataRoot}:
 * {@code content/}, {@code overlay/} (layers and snapshots) and {@code image/}.
 */
public final class ImageService implements ImageBackend, ImageMaintenance, AutoCloseable {
    private static final Pattern FULL_ID = Pattern.compile("^sha256:[a-f0-9]{64}$");
    private static final Pattern BARE_ID = Pattern.compile("^[a-f0-9]{64}$");
    private static final Pattern HEX_PREFIX = Pattern.compile("^(sha256:)?[a-f0-9]{1,64}$");
    private static final int MAX_CONFIG = 8 * 1024 * 1024;

    private final ContentStore content;
    private final LayerStore layers;
    private final OverlaySnapshotter snapshotter;
    private final ImageStore store;
    private final ImageRegistrar registrar;
    private final DistributionMetadata distribution;
    private final LayerCollector collector;
    private final Object mutex = new Object();
    private final LayerDownloads downloads;
    private final RegistryService registries;
    private final EventSink events;
    private final ImageFsUsage fsUsage;
    /** Containers using an image: rmi refuses (or, forced, keeps the layers) while any does. */
    private final ImageUsers users;
    /** The volume feature's part of {@code /system/df}. */
    private final VolumeUsage volumeUsage;

    /**
     * @param stores      the image feature's stores under the data root ({@link ImageStores#open})
     * @param registries  registry endpoints, TLS and the credentials cache for pull and push
     * @param events      where image events (pull, push, load, tag, untag, delete, import) go
     * @param users       the containers using an image (the container feature)
     * @param volumeUsage the Volumes of {@code /system/df} (the volume feature)
     */
    public ImageService(ImageStores stores, RegistryService registries, EventSink events, ImageUsers users,
            VolumeUsage volumeUsage) {
        this.content = stores.content();
        this.layers = stores.layers();
        this.snapshotter = stores.snapshotter();
        this.store = stores.images();
        this.distribution = stores.distribution();
        this.registrar = new ImageRegistrar(content, layers, store);
        this.registries = registries;
        this.downloads = new LayerDownloads(() -> registries.config().maxConcurrentDownloads());
        this.events = events;
        this.users = users;
        this.volumeUsage = volumeUsage;
        this.collector = new LayerCollector(store, content, layers, snapshotter);
        this.fsUsage = new ImageFsUsage(layers.root(), System::nanoTime, ImageService::epochNanos);
        snapshotter.setRemovalListener(parent -> {
            synchronized (mutex) {
                collector.collectChain(parent);
            }
        });
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Start-up: removes the layers and snapshots no image or container holds (what a killed daemon left). */
    public void boot() {
        synchronized (mutex) {
            collector.sweepAll();
        }
    }

    /** Daemon shutdown: stops the layer download threads. */
    @Override
    public void close() {
        downloads.close();
    }

    private ImagePuller.PullContext pullContext() {
        return new ImagePuller.PullContext(content, layers, store, registrar, mutex, downloads, distribution,
                (action, ref) -> emit(action, ref, ref));
    }

    private void emit(String action, String id, String name) {
        events.emit(Event.IMAGE, action, id, Map.of("name", name));
    }

    public Snapshotter snapshotter() {
        return snapshotter;
    }

    public String storageDriver() {
        return "overlay2";
    }

    public int count() {
        return store.count();
    }

    /**
     * Resolves a name ({@code busybox}, {@code busybox:1.36}, {@code name@sha256:...}) or an ID (full, bare hex,
     * unique prefix) to the image ID {@code sha256:<hex>}. 404 {@code No such image: busybox:latest} when unknown,
     * 400 for a malformed reference.
     */
    public String resolve(String refOrId) {
        return record(refOrId).id();
    }

    ImageRecord record(String refOrId) {
        if (FULL_ID.matcher(refOrId).matches() || BARE_ID.matcher(refOrId).matches()) {
            String id = refOrId.startsWith("sha256:") ? refOrId : "sha256:" + refOrId;
            return store.get(id).orElseThrow(() -> noSuchImage(refOrId));
        }
        ImageReference ref = null;
        try {
            ref = ImageReference.parse(refOrId);
        } catch (IllegalArgumentException e) {
            if (!HEX_PREFIX.matcher(refOrId).matches()) {
                throw EngineException.invalid(e.getMessage());
            }
        }
        if (ref != null) {
            var id = store.lookup(ref);
            if (id.isPresent()) {
                return store.get(id.get()).orElseThrow(() -> noSuchImage(refOrId));
            }
        }
        if (HEX_PREFIX.matcher(refOrId).matches()) {
            List<String> ids = store.idsWithPrefix(refOrId.replaceFirst("^sha256:", ""));
            if (ids.size() == 1) {
                return store.get(ids.get(0)).orElseThrow(() -> noSuchImage(refOrId));
            }
        }
        throw noSuchImage(ref != null ? ref.familiarString() : refOrId);
    }

    static EngineException noSuchImage(String what) {
        return EngineException.notFound("No such image: " + what);
    }

    /** The container configuration of an image. */
    public ImageConfig config(String imageId) {
        ImageRecord r = store.get(imageId).orElseThrow(() -> noSuchImage(imageId)); // a removed image is 404
        synchronized (configs) {
            ImageConfig c = configs.get(r.id());
            if (c != null) {
                return c;
            }
        }
        // parsed once per image: its ID is its config blob's digest, so the blob never changes (every create of a
        // container read and parsed it again, ~9 % of a CRI CreateContainer)
        ImageConfig c = ImageConfig.from(ImageRegistrar.parseConfig(content.read(Digest.parse(r.id()), MAX_CONFIG))
                .config());
        synchronized (configs) {
            configs.put(r.id(), c);
        }
        return c;
    }

    /** {@link #config} by image ID, the most recently used 64 (ImageConfig is immutable). */
    private final java.util.Map<String, ImageConfig> configs = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, ImageConfig> eldest) {
            return size() > 64;
        }
    };

    /** The full image configuration blob, parsed. */
    public OciImageConfig configFile(String imageId) {
        return ImageRegistrar.parseConfig(configBytes(imageId));
    }

    byte[] configBytes(String imageId) {
        ImageRecord r = store.get(imageId).orElseThrow(() -> noSuchImage(imageId));
        return content.read(Digest.parse(r.id()), MAX_CONFIG);
    }

    /** chainID of the image's top layer (the parent for {@link Snapshotter#prepare}); null when it has no layers. */
    public String chainId(String imageId) {
        return store.get(imageId).orElseThrow(() -> noSuchImage(imageId)).topChainId();
    }

    /** Every image's ID ({@code sha256:<hex>}). */
    public List<String> ids() {
        return store.all().stream().map(ImageRecord::id).toList();
    }

    /** The image a name, ID or unique ID prefix names; empty when none does (or the text is no valid reference). */
    public Optional<String> find(String refOrId) {
        try {
            return Optional.of(resolve(refOrId));
        } catch (EngineException e) {
            if (e.kind() == ErrorKind.NOT_FOUND
                    || e.kind() == ErrorKind.INVALID_PARAMETER) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Every reference to an image, tags and digests, sorted (full form: {@code docker.io/library/busybox:latest}). */
    public List<ImageReference> references(String imageId) {
        return store.refsOf(imageId);
    }

    /** The unpacked size of an image's layers (what {@code docker images} shows). */
    public long size(String imageId) {
        return store.get(imageId).orElseThrow(() -> noSuchImage(imageId)).size();
    }

    /** The image configuration blob as stored (its sha256 is the image ID). */
    public byte[] rawConfig(String imageId) {
        return configBytes(imageId);
    }

    /** The layer store's root: image layers and the containers' writable layers (ImageFsInfo's mount point). */
    public Path layerRoot() {
        return layers.root();
    }

    /** The bytes and inodes of the layer store's file system, at most {@link ImageFsUsage#MAX_AGE_NANOS} old. */
    public ImageFsUsage.Usage filesystemUsage() {
        return fsUsage.get();
    }

    /** Image references (familiar form, e.g. {@code busybox:latest}) pointing at an image. */
    public List<String> repoTags(String imageId) {
        return store.refsOf(imageId).stream().filter(r -> r.digest() == null)
                .map(ImageReference::familiarString).toList();
    }

    /** {@code POST /images/{name}/tag}: points {@code repo:tag} (tag defaults to latest) at the image. */
    @Override
    public void tag(String source, String repo, String tag) {
        String id = resolve(source);
        ImageReference ref = ImageTagging.target(repo, tag);
        synchronized (mutex) {
            store.addRef(ref, id);
            store.get(id).ifPresent(r -> store.put(r.withLastTagTime(Instant.now().toString())));
        }
        emit("tag", id, ref.familiarString());
    }

    @Override
    public List<ImageSummary> list(boolean all, Filters filters, ApiVersion version) {
        return new ImageViews(this, store, layers).list(all, filters, version);
    }

    @Override
    public ImageInspect inspect(String name, ApiVersion version) {
        return new ImageViews(this, store, layers).inspect(record(name), version);
    }

    @Override
    public List<ImageDeleteResponseItem> remove(String name, boolean force, boolean prune) {
        List<ImageDeleteResponseItem> items;
        String imageId = resolve(name);
        synchronized (mutex) {
            items = new ImageDeleter(this, store, content, layers, snapshotter, users).delete(name, force, prune);
        }
        for (ImageDeleteResponseItem item : items) {
            if (item.untagged() != null) {
                emit("untag", imageId, imageId);
            }
            if (item.deleted() != null) {
                emit("delete", item.deleted(), item.deleted());
            }
        }
        return items;
    }

    /** {@code POST /images/load}: returns after the archive is stored; each "Loaded image" line goes to {@code out}. */
    @Override
    public void load(InputStream archive, Consumer<String> out) {
        load(archive, out, ProgressStream.discarding());
    }

    @Override
    public void load(InputStream archive, Consumer<String> out, ProgressStream progress) {
        new ImageLoader(content, store, registrar, mutex).load(archive, line -> {
            out.accept(line);
            loaded(line);
        }, progress);
    }

    /** A "load" event per "Loaded image: ref" / "Loaded image ID: id" line. */
    private void loaded(String line) {
        String ref = line.startsWith("Loaded image ID: ") ? line.substring(17).trim()
                : line.startsWith("Loaded image: ") ? line.substring(14).trim() : null;
        if (ref == null) {
            return;
        }
        try {
            emit("load", resolve(ref), ref);
        } catch (RuntimeException e) {
            // the image went away meanwhile: no event
        }
    }

    /** {@code GET /images/get}: writes a docker-archive (with OCI layout files) of the named images. */
    public void save(List<String> names, OutputStream out) {
        prepareSave(names).writeTo(out);
    }

    /**
     * Resolves and checks the images to save (404 and other errors surface here, before any byte is streamed);
     * the returned export then writes the tar.
     */
    @Override
    public ImageExport prepareSave(List<String> names) {
        return new ImageSaver(this, store, content, new LayerTars(content, layers)).prepare(names);
    }

    /** A checked, ready-to-stream image archive. */
    @FunctionalInterface
    public interface ImageExport {
        void writeTo(OutputStream out);
    }

    /** {@code GET /images/{name}/history}: newest first. */
    @Override
    public List<ImageHistoryItem> history(String name) {
        ImageRecord r = record(name);
        return ImageHistory.of(r, configFile(r.id()), this::repoTags, id -> store.get(id).orElse(null),
                ImageHistory.sizes(layers));
    }

    /** {@code POST /images/prune}. */
    @Override
    public ImagePruneResponse prune(Filters filters) {
        return new ImagePruner(this, store, layers).prune(filters, Instant.now());
    }

    /** {@code GET /system/df}: {@code containers} as the container service lists them (all, no sizes). */
    @Override
    public SystemDfResponse diskUsage(Set<String> types, List<ContainerSummary> containers, ApiVersion version) {
        return new DiskUsage(this, store, layers, volumeUsage).compute(types, containers, version);
    }

    /** {@code size=1} of the container list and inspect: a container's writable layer in bytes (0 without one). */
    public long writableLayerSize(String containerId) {
        if (snapshotter.find(containerId).isEmpty()) {
            return 0;
        }
        try {
            return snapshotter.usage(containerId).bytes();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** An image's size in bytes (its layers), 0 for an unknown ID. */
    public long imageSize(String imageId) {
        return store.get(imageId).map(ImageRecord::size).orElse(0L);
    }

    /** {@code POST /images/create?fromSrc=-}: a one-layer image from a root filesystem tar; returns its ID. */
    public String importImage(InputStream rootfsTar, String repo, String tag, String message, List<String> changes) {
        return importImage(rootfsTar, "-", repo, tag, message, changes);
    }

    /**
     * {@code POST /images/create?fromSrc=…}: {@code src} is "-" (the body) or the URL the tar was downloaded from;
     * an empty message becomes Docker's "Imported from &lt;src&gt;".
     */
    @Override
    public String importImage(InputStream rootfsTar, String src, String repo, String tag, String message,
            List<String> changes) {
        String comment = message == null || message.isEmpty() ? "Imported from " + src : message;
        String id = new ImageImporter(content, layers, store, mutex).importImage(rootfsTar, repo, tag, comment,
                changes);
        emit("import", id, id);
        return id;
    }

    /**
     * {@code POST /commit}: the parent image's layers plus the layer tar {@code diff} writes as a new image; returns
     * its ID.
     */
    public String commit(ImageCommitter.Request request, ProducerStream.Producer diff) {
        return new ImageCommitter(content, layers, store, mutex).commit(request, diff);
    }

    /** As {@link #commit}, moving {@code upperDir} in as the layer (a build root's; see {@link LayerStore#adopt}). */
    public String commitAdopting(ImageCommitter.Request request, ProducerStream.Producer diff,
            java.nio.file.Path upperDir) {
        return new ImageCommitter(content, layers, store, mutex).commitAdopting(request, diff, upperDir);
    }

    /** A build's {@code --cache-from} step image, made of existing layers (see {@link ImageCommitter#restore}). */
    public String restoreCachedStep(String parentId, String targetId, ImageContainerConfig config) {
        return new ImageCommitter(content, layers, store, mutex).restore(parentId, targetId, config);
    }

    /** A pull or push, resolved and checked; {@link #run} streams its JSON progress (errors included) to {@code out}. */
    @FunctionalInterface
    public interface ProgressJob {
        void run(OutputStream out);
    }

    /**
     * {@code POST /images/create?fromImage=&tag=&platform=}: resolves the manifest now (404 {@code manifest for X not
     * found: …} and other registry errors are thrown here, before any byte is streamed); the job does the pull.
     * An empty tag on a reference without tag or digest pulls every tag.
     */
    @Override
    public ProgressJob preparePull(String fromImage, String tag, String platform, AuthConfig auth) {
        return new ImagePuller(pullContext(), registries).prepare(fromImage, tag, platform, auth);
    }

    /**
     * A pull without progress (the CRI's PullImage): {@code reference} without tag or digest pulls {@code latest};
     * returns the image ID once the image and its references are registered. Registry errors are thrown as
     * {@link EngineException}s; once {@code cancelled} is true the pull stops with a
     * {@link java.util.concurrent.CancellationException} at its next step or read.
     */
    public String pull(String reference, AuthConfig auth, BooleanSupplier cancelled) {
        ImageReference ref = ImagePuller.reference(reference, "");
        if (ref.tag() == null && ref.digest() == null) {
            ref = ref.withTag(ImageReference.DEFAULT_TAG);
        }
        return new ImagePuller(pullContext(), registries).pull(ref, auth, cancelled);
    }

    /** {@code POST /images/{name}/push?tag=}: an empty tag pushes every local tag of the repository. */
    @Override
    public ProgressJob preparePush(String name, String tag, AuthConfig auth) {
        return new ImagePusher(pullContext(), registries).prepare(name, tag, auth);
    }
}
