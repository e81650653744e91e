package dev.jdock.daemon.image;

import dev.jdock.api.types.image.OciImageConfig;
import dev.jdock.api.types.system.AuthConfig;
import dev.jdock.api.value.Digest;
import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.content.ContentStore;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.daemon.layer.Layer;
import dev.jdock.daemon.layer.LayerStore;
import dev.jdock.daemon.registry.Descriptor;
import dev.jdock.daemon.registry.Manifest;
import dev.jdock.daemon.registry.MediaTypes;
import dev.jdock.daemon.registry.Platform;
import dev.jdock.daemon.registry.RegistryClient;
import dev.jdock.daemon.registry.RegistryService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * {@code POST /images/create?fromImage=}: resolves the manifest (index → the platform's manifest) before anything is
 * streamed, then fetches the config, downloads and unpacks the missing layers in parallel ({@link LayerFetch}),
 * and only when every layer is in place registers the image and its tag and repo digest. Everything is verified
 * against its digest before it is used; an interrupted pull leaves layers at most, never an image.
 */
final class ImagePuller {
    static final int MAX_CONFIG = 8 * 1024 * 1024;

    private final PullContext ctx;
    private final RegistryService registries;

    /** The stores and shared state a pull works with. */
    /** {@code imageEvents}: (action, familiar reference), moby's image "pull" and "push" events. */
    record PullContext(ContentStore content, LayerStore layers, ImageStore store, ImageRegistrar registrar,
            Object mutex, LayerDownloads downloads, DistributionMetadata metadata,
            java.util.function.BiConsumer<String, String> imageEvents) {
    }

    ImagePuller(PullContext ctx, RegistryService registries) {
        this.ctx = ctx;
        this.registries = registries;
    }

    /** A resolved pull target: the manifest named by the reference and the image manifest chosen from it. */
    record Target(ImageReference ref, RegistryClient client, Manifest.Fetched top, Manifest.Fetched image) {
    }

    /**
     * Resolves everything that must fail with an HTTP error (404 for a missing manifest) before streaming. A pull
     * that succeeds reports its duration, from here to its image registered, to the pull metrics (as dockerd's
     * image_actions{action="pull"}).
     */
    ImageService.ProgressJob prepare(String fromImage, String tag, String platformText, AuthConfig auth) {
        long t0 = System.nanoTime();
        ImageReference ref = reference(fromImage, tag);
        Platform platform = Platform.parse(platformText);
        RegistryClient client = registries.client(ref, auth, false, null);
        if (ref.tag() == null && ref.digest() == null) {
            List<String> tags = translate(ref, auth, () -> client.listTags());
            return out -> {
                ProgressStream p = new ProgressStream(out);
                for (String t : tags) {
                    if (!run(resolve(ref.withTag(t), client, platform, auth), p)) {
                        return;
                    }
                }
                pulled(t0);
            };
        }
        Target target = resolve(ref, client, platform, auth);
        return out -> {
            if (run(target, new ProgressStream(out))) {
                pulled(t0);
            }
        };
    }

    /**
     * A pull without a progress stream (the CRI's PullImage): {@code ref} has a tag or a digest; returns the image
     * ID once the image is registered. Errors are thrown; {@code cancelled} (the client went away) stops the pull at
     * the next step or read with a {@link CancellationException}, and the downloads no other pull waits for with it.
     */
    String pull(ImageReference ref, AuthConfig auth, BooleanSupplier cancelled) {
        long t0 = System.nanoTime();
        RegistryClient client = registries.client(ref, auth, false, null);
        Target target = resolve(ref, client, Platform.parse(""), auth);
        checkCancelled(cancelled, ref);
        String id = pull(target, ProgressStream.discarding(), cancelled);
        ctx.imageEvents().accept("pull", ref.familiarString());
        pulled(t0);
        return id;
    }

    private static void checkCancelled(BooleanSupplier cancelled, ImageReference ref) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("pull of " + ref.familiarString() + " cancelled");
        }
    }

    private void pulled(long t0) {
        registries.pullMetrics().pulled(System.nanoTime() - t0);
    }

    static ImageReference reference(String fromImage, String tag) {
        ImageReference ref = named(fromImage); // moby parses the name first, then the tag
        if (tag == null || tag.isEmpty()) {
            return ref;
        }
        if (!Digest.isValid(tag) && !ImageReference.isValidTag(tag)) {
            throw EngineException.invalid("invalid tag format");
        }
        try { // engine-api refuses with IllegalArgumentException: the client's bad value
            return Digest.isValid(tag) ? ref.withDigest(tag) : ref.withTag(tag);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(e.getMessage());
        }
    }

    private static ImageReference named(String fromImage) {
        try {
            return ImageReference.parseNamed(fromImage);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(e.getMessage());
        }
    }

    Target resolve(ImageReference ref, RegistryClient client, Platform platform, AuthConfig auth) {
        String reference = ref.digest() != null ? ref.digest() : ref.tag();
        Manifest.Fetched top = translate(ref, auth, () -> client.pullManifest(reference));
        Manifest.Fetched image = top;
        if (top.isIndex()) {
            Descriptor chosen = select(top.doc().manifests(), platform).orElseThrow(() -> EngineException.notFound(
                    "no matching manifest for " + platform + " in the manifest list entries"));
            image = translate(ref, auth, () -> client.pullManifest(chosen.digest()));
        }
        if (!MediaTypes.isManifest(image.mediaType()) || image.doc().config() == null) {
            throw EngineException.invalid("unsupported manifest media type " + image.mediaType() + " for "
                    + ref.familiarString());
        }
        return new Target(ref, client, top, image);
    }

    /** The entry for {@code platform}: an exact variant match first, then any compatible one. */
    static Optional<Descriptor> select(List<Descriptor> entries, Platform platform) {
        if (entries == null) {
            return Optional.empty();
        }
        Optional<Descriptor> exact = entries.stream().filter(d -> d.platform() != null && platform.variant() != null
                && platform.variant().equals(d.platform().variant()) && platform.matches(d.platform())).findFirst();
        return exact.or(() -> entries.stream().filter(d -> platform.matches(d.platform())).findFirst());
    }

    private interface RegistryStep<T> {
        T run();
    }

    /** Docker's wording for manifest errors: {@code manifest for X not found: …}, {@code pull access denied …}. */
    private static <T> T translate(ImageReference ref, AuthConfig auth, RegistryStep<T> step) {
        try {
            return step.run();
        } catch (EngineException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                throw EngineException.notFound("manifest for " + ref.familiarString() + " not found: "
                        + e.getMessage());
            }
            if ((e.kind() == ErrorKind.UNAUTHORIZED || e.kind() == ErrorKind.FORBIDDEN) && auth.isAnonymous()) {
                throw EngineException.notFound("pull access denied for " + ref.familiarName()
                        + ", repository does not exist or may require 'docker login': " + e.getMessage());
            }
            if (e.kind() == ErrorKind.UNAUTHORIZED || e.kind() == ErrorKind.FORBIDDEN) {
                throw EngineException.system(e.getMessage(), e); // a 401 would make the CLI prompt for a login
            }
            throw e;
        }
    }

    /** Streams one pull; false when it failed (the error went into the stream). */
    boolean run(Target t, ProgressStream p) {
        String shown = t.ref().digest() != null ? t.ref().digest() : t.ref().tag();
        p.layer(shown, "Pulling from " + t.ref().path());
        try {
            pull(t, p, LayerDownloads.NEVER);
            ctx.imageEvents().accept("pull", t.ref().familiarString());
            return true;
        } catch (EngineException e) {
            p.error(e.getMessage());
        } catch (RuntimeException e) {
            p.error(e.toString());
        }
        return false;
    }

    /** Returns the image ID. */
    private String pull(Target t, ProgressStream p, BooleanSupplier cancelled) {
        Descriptor configDesc = t.image().doc().config();
        byte[] config = t.client().pullSmallBlob(configDesc, MAX_CONFIG);
        OciImageConfig cfg = ImageRegistrar.newConfig(config);
        List<Descriptor> descs = t.image().doc().layers() == null ? List.of() : t.image().doc().layers();
        List<String> diffIds = cfg.diffIds();
        if (diffIds.size() != descs.size()) {
            throw EngineException.invalid("image config has " + diffIds.size() + " diff IDs but the manifest has "
                    + descs.size() + " layers");
        }
        diffIds.forEach(Digest::parse);
        List<String> chainIds = LayerStore.chainIds(diffIds);
        String imageId = Digest.sha256(config).toString();
        boolean downloaded = false;
        String name = t.ref().familiarString();
        boolean upToDate;
        for (int attempt = 0; ; attempt++) {
            try {
                downloaded |= fetchLayers(t, descs, diffIds, chainIds, p, cancelled);
            } catch (CancellationException e) {
                if (cancelled.getAsBoolean() || attempt >= 2) {
                    throw e;
                }
                continue; // joined another pull's download just as that pull was cancelled: fetch it again
            }
            synchronized (ctx.mutex()) {
                if (allPresent(diffIds, chainIds) || attempt >= 2) {
                    upToDate = register(t, config, imageId, descs, downloaded);
                    break;
                }
            } // a layer was collected (an rmi) between the download and the lock: fetch it again, unlocked
        }
        p.status("Digest: " + t.top().digest());
        p.status(upToDate ? "Status: Image is up to date for " + name : "Status: Downloaded newer image for " + name);
        return imageId;
    }

    private boolean allPresent(List<String> diffIds, List<String> chainIds) {
        LayerTars tars = new LayerTars(ctx.content(), ctx.layers());
        for (int i = 0; i < chainIds.size(); i++) {
            if (!ctx.layers().exists(chainIds.get(i)) || !tars.available(chainIds.get(i), diffIds.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Under the image lock: the record and the references. The layers are in place; the registry is never read
     * here (a layer that vanished again is an error, not a download under the lock).
     */
    private boolean register(Target t, byte[] config, String imageId, List<Descriptor> descs, boolean downloaded) {
        boolean existed = ctx.store().get(imageId).isPresent();
        List<LayerSource> sources = new ArrayList<>();
        for (Descriptor d : descs) {
            sources.add(() -> {
                throw EngineException.conflict("layer " + d.digest() + " was removed while "
                        + t.ref().familiarString() + " was being pulled; pull again");
            });
        }
        ctx.registrar().register(config, sources);
        Optional<String> before = t.ref().tag() != null ? ctx.store().lookup(t.ref()) : Optional.of(imageId);
        if (t.ref().tag() != null) {
            ctx.store().addRef(t.ref(), imageId);
        }
        ctx.store().addRef(t.ref().withDigest(t.top().digest().toString()), imageId);
        return existed && !downloaded && before.filter(imageId::equals).isPresent();
    }

    /** Starts or joins every missing layer's download and waits for all; true when anything was fetched. */
    private boolean fetchLayers(Target t, List<Descriptor> descs, List<String> diffIds, List<String> chainIds,
            ProgressStream p, BooleanSupplier cancelled) {
        List<CompletableFuture<Layer>> futures = new ArrayList<>();
        boolean any = false;
        LayerTars tars = new LayerTars(ctx.content(), ctx.layers());
        for (int i = 0; i < descs.size(); i++) {
            Descriptor d = descs.get(i);
            String id = d.parsedDigest().shortId();
            if (ctx.layers().exists(chainIds.get(i)) && tars.available(chainIds.get(i), diffIds.get(i))) {
                p.layer(id, "Already exists");
                futures.add(CompletableFuture.completedFuture(null));
                continue;
            }
            any = true;
            p.layer(id, "Pulling fs layer");
            CompletableFuture<Layer> parent = i == 0 ? CompletableFuture.completedFuture(null) : futures.get(i - 1);
            String parentChain = i == 0 ? null : chainIds.get(i - 1);
            LayerFetch fetch = new LayerFetch(ctx, t.client(), t.ref(), d, diffIds.get(i), parentChain, parent, p);
            LayerDownloads.Join j = ctx.downloads().join(chainIds.get(i), cancelled, fetch::call);
            if (!j.owner()) {
                p.layer(id, "Waiting");
                j.future().thenRun(() -> p.layer(id, "Pull complete"));
            }
            futures.add(j.future());
        }
        RuntimeException first = null;
        for (CompletableFuture<Layer> f : futures) {
            try {
                await(f, cancelled, t.ref());
            } catch (CompletionException e) {
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return any;
    }

    /**
     * Waits for a layer, looking at {@code cancelled} every 200 ms: a cancelled pull stops waiting at once and
     * interrupts the downloads no other pull waits for.
     */
    private void await(CompletableFuture<Layer> f, BooleanSupplier cancelled, ImageReference ref) {
        if (cancelled == LayerDownloads.NEVER) {
            f.join();
            return;
        }
        while (true) {
            if (cancelled.getAsBoolean()) {
                ctx.downloads().stopAbandoned();
                checkCancelled(cancelled, ref);
            }
            try {
                f.get(200, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                // look again
            } catch (ExecutionException e) {
                throw new CompletionException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("pull of " + ref.familiarString() + " interrupted");
            }
        }
    }
}
