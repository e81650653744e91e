package dev.jdock.daemon.image;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.types.image.ImageDeleteResponseItem;
import dev.jdock.api.types.image.ImageInspect;
import dev.jdock.api.types.image.ImageSummary;
import dev.jdock.api.types.image.OciImageConfig;
import dev.jdock.api.value.Digest;
import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.content.ContentStore;
import dev.jdock.daemon.content.LocalContentStore;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.layer.LayerStore;
import dev.jdock.daemon.layer.LayerUnpacker;
import dev.jdock.daemon.snapshot.OverlaySnapshotter;
import dev.jdock.daemon.snapshot.Snapshotter;
import dev.jdock.runtime.syscall.Syscalls;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The image facade used by the image router and the container service. State lives under {@code dataRoot}:
 * {@code content/}, {@code overlay/} (layers and snapshots) and {@code image/}.
 */
public final class ImageService {
    private static final Pattern FULL_ID = Pattern.compile("^sha256:[a-f0-9]{64}$");
    private static final Pattern HEX_PREFIX = Pattern.compile("^(sha256:)?[a-f0-9]{1,64}$");
    private static final int MAX_CONFIG = 8 * 1024 * 1024;

    private final ContentStore content;
    private final LayerStore layers;
    private final OverlaySnapshotter snapshotter;
    private final ImageStore store;
    private final ImageRegistrar registrar;
    private final Object mutex = new Object();
    private volatile ImageUsers users = ImageUsers.NONE;

    public ImageService(Path dataRoot, Syscalls syscalls) {
        this.content = new LocalContentStore(dataRoot.resolve("content"));
        this.layers = new LayerStore(dataRoot.resolve("overlay"), new LayerUnpacker(syscalls));
        this.snapshotter = new OverlaySnapshotter(layers);
        this.store = new ImageStore(dataRoot.resolve("image"));
        this.registrar = new ImageRegistrar(content, layers, store);
    }

    /** Set once by the composition root when the container service exists. */
    public void setImageUsers(ImageUsers users) {
        this.users = users;
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
        if (FULL_ID.matcher(refOrId).matches() || refOrId.matches("^[a-f0-9]{64}$")) {
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
        return ImageConfig.from(configFile(imageId).config());
    }

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

    /** Image references (familiar form, e.g. {@code busybox:latest}) pointing at an image. */
    public List<String> repoTags(String imageId) {
        return store.refsOf(imageId).stream().filter(r -> r.digest() == null)
                .map(ImageReference::familiarString).toList();
    }

    /** {@code POST /images/{name}/tag}: points {@code repo:tag} (tag defaults to latest) at the image. */
    public void tag(String source, String repo, String tag) {
        String id = resolve(source);
        ImageReference ref = ImageTagging.target(repo, tag);
        synchronized (mutex) {
            store.addRef(ref, id);
            store.get(id).ifPresent(r -> store.put(r.withLastTagTime(Instant.now().toString())));
        }
    }

    public List<ImageSummary> list(boolean all, Filters filters, ApiVersion version) {
        return new ImageViews(this, store, layers).list(all, filters, version);
    }

    public ImageInspect inspect(String name, ApiVersion version) {
        return new ImageViews(this, store, layers).inspect(record(name), version);
    }

    public List<ImageDeleteResponseItem> remove(String name, boolean force, boolean prune) {
        synchronized (mutex) {
            return new ImageDeleter(this, store, content, layers, snapshotter, users).delete(name, force, prune);
        }
    }

    /** {@code POST /images/load}: returns after the archive is stored; each "Loaded image" line goes to {@code out}. */
    public void load(InputStream archive, Consumer<String> out) {
        new ImageLoader(content, store, registrar, mutex).load(archive, out);
    }

    /** {@code GET /images/get}: writes a docker-archive (with OCI layout files) of the named images. */
    public void save(List<String> names, OutputStream out) {
        prepareSave(names).writeTo(out);
    }

    /**
     * Resolves and checks the images to save (404 and other errors surface here, before any byte is streamed);
     * the returned export then writes the tar.
     */
    public ImageExport prepareSave(List<String> names) {
        return new ImageSaver(this, store, content).prepare(names);
    }

    /** A checked, ready-to-stream image archive. */
    @FunctionalInterface
    public interface ImageExport {
        void writeTo(OutputStream out);
    }

    /** {@code POST /images/create?fromSrc=-}: a one-layer image from a root filesystem tar; returns its ID. */
    public String importImage(InputStream rootfsTar, String repo, String tag, String message, List<String> changes) {
        return new ImageImporter(content, layers, store, mutex).importImage(rootfsTar, repo, tag, message, changes);
    }
}
