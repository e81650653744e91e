package dev.jdock.daemon.image;

import dev.jdock.api.Json;
import dev.jdock.api.types.image.PushResult;
import dev.jdock.api.types.system.AuthConfig;
import dev.jdock.api.value.Digest;
import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.registry.Descriptor;
import dev.jdock.daemon.registry.Manifest;
import dev.jdock.daemon.registry.MediaTypes;
import dev.jdock.daemon.registry.RegistryClient;
import dev.jdock.daemon.registry.RegistryService;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /images/{name}/push?tag=}: for each tag, every layer is skipped when the repository has it (HEAD),
 * mounted from another repository of the same registry where one of its known blobs lives, or gzip-compressed and
 * uploaded ({@link LayerPush}); then the config and a Docker schema 2 manifest (OCI when the known blobs are OCI
 * media types). Errors go into the stream, as Docker's ({@code An image does not exist locally with the tag: …}).
 */
final class ImagePusher {
    private final ImagePuller.PullContext ctx;
    private final RegistryService registries;

    ImagePusher(ImagePuller.PullContext ctx, RegistryService registries) {
        this.ctx = ctx;
        this.registries = registries;
    }

    ImageService.ProgressJob prepare(String name, String tag, AuthConfig auth) {
        ImageReference repo = ImagePuller.reference(name, null);
        if (repo.digest() != null) {
            throw EngineException.invalid("cannot push a digest reference");
        }
        String theTag = tag != null && !tag.isEmpty() ? tag : repo.tag();
        ImageReference base = new ImageReference(repo.domain(), repo.path(), null, null);
        if (theTag != null && !ImageReference.isValidTag(theTag)) {
            throw EngineException.invalid("invalid tag format");
        }
        return out -> {
            ProgressStream p = new ProgressStream(out);
            p.status("The push refers to repository [" + base.name() + "]");
            try {
                for (ImageReference ref : tags(base, theTag)) {
                    pushTag(ref, auth, p);
                    ctx.imageEvents().accept("push", ref.familiarString());
                }
            } catch (EngineException e) {
                p.error(e.getMessage());
            } catch (RuntimeException e) {
                p.error(e.toString());
            }
        };
    }

    private List<ImageReference> tags(ImageReference base, String tag) {
        if (tag != null) {
            ImageReference ref = base.withTag(tag);
            if (ctx.store().lookup(ref).isEmpty()) {
                throw EngineException.notFound("An image does not exist locally with the tag: "
                        + base.familiarName() + ":" + tag);
            }
            return List.of(ref);
        }
        List<ImageReference> out = new ArrayList<>();
        for (ImageRecord r : ctx.store().all()) {
            for (ImageReference ref : ctx.store().refsOf(r.id())) {
                if (ref.tag() != null && ref.name().equals(base.name())) {
                    out.add(ref);
                }
            }
        }
        if (out.isEmpty()) {
            throw EngineException.notFound("An image does not exist locally with the tag: " + base.familiarName());
        }
        return out;
    }

    /**
     * The layers, at most max-concurrent-uploads at a time (dockerd's; as in force when the push starts), in the
     * manifest's order; the first failure cancels the others and is thrown.
     */
    private List<Descriptor> pushLayers(RegistryClient client, ImageReference ref, ImageRecord rec, ProgressStream p) {
        List<String> diffIds = rec.diffIds();
        AtomicInteger n = new AtomicInteger();
        ExecutorService uploads = Executors.newFixedThreadPool(Math.max(1, Math.min(registries.config().maxConcurrentUploads(),
                diffIds.size())), r -> {
                    Thread t = new Thread(r, "layer-upload-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<Future<Descriptor>> futures = new ArrayList<>();
            for (int i = 0; i < diffIds.size(); i++) {
                LayerPush push = new LayerPush(ctx, client, ref, rec.chainIds().get(i), diffIds.get(i), p);
                futures.add(uploads.submit(push::call));
            }
            List<Descriptor> out = new ArrayList<>();
            for (Future<Descriptor> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.system("push interrupted", e);
        } finally {
            uploads.shutdownNow();
        }
    }

    private void pushTag(ImageReference ref, AuthConfig auth, ProgressStream p) {
        String imageId = ctx.store().lookup(ref).orElseThrow(() -> ImageService.noSuchImage(ref.familiarString()));
        ImageRecord rec = ctx.store().get(imageId).orElseThrow(() -> ImageService.noSuchImage(imageId));
        Set<String> mountFrom = new LinkedHashSet<>();
        for (String diff : rec.diffIds()) {
            ctx.metadata().sources(diff).stream().filter(s -> s.registry().equals(ref.domain()))
                    .forEach(s -> mountFrom.add(s.repository()));
        }
        RegistryClient client = registries.client(ref, auth, true, mountFrom);
        List<String> diffIds = rec.diffIds();
        for (int i = diffIds.size() - 1; i >= 0; i--) {
            p.layer(Digest.parse(diffIds.get(i)).shortId(), "Preparing");
        }
        List<Descriptor> layers = pushLayers(client, ref, rec, p);
        boolean oci = layers.stream().anyMatch(d -> d.mediaType().startsWith("application/vnd.oci."));
        Digest configDigest = Digest.parse(imageId);
        long configSize = ctx.content().size(configDigest);
        if (client.checkBlob(configDigest).isEmpty()) {
            client.pushBlob(configDigest, configSize, () -> ctx.content().open(configDigest), null);
        }
        Manifest m = new Manifest(2, oci ? MediaTypes.OCI_MANIFEST : MediaTypes.DOCKER_MANIFEST,
                Descriptor.of(oci ? MediaTypes.OCI_CONFIG : MediaTypes.DOCKER_CONFIG, configSize, configDigest),
                layers, null);
        byte[] bytes = m.toBytes();
        Digest digest = client.pushManifest(ref.tag(), bytes, m.mediaType());
        synchronized (ctx.mutex()) {
            if (ctx.store().get(imageId).isPresent()) {
                ctx.store().addRef(ref.withDigest(digest.toString()), imageId);
            }
        }
        p.status(ref.tag() + ": digest: " + digest + " size: " + bytes.length);
        p.aux(Json.mapper().valueToTree(new PushResult(ref.tag(), digest.toString(), bytes.length)));
    }
}
