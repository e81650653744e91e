package dev.jdock.daemon.image;

import dev.jdock.api.value.Digest;
import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.content.ContentStore;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.registry.Descriptor;
import dev.jdock.daemon.registry.MediaTypes;
import dev.jdock.daemon.registry.RegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * One layer of a push. Known compressed forms of the layer (from pulls and earlier pushes) are tried first: present
 * in the target repository ({@code Layer already exists}), or mountable from another repository of the registry
 * ({@code Mounted from …}). Otherwise the layer tar (rebuilt from its tar-split and verified against the diffID,
 * see {@link LayerTars}) is gzip-compressed into a temporary ingest (java.util.zip is
 * deterministic, so the same tar always gives the same digest), uploaded, and the mapping remembered.
 */
final class LayerPush {
    private final ImagePuller.PullContext ctx;
    private final RegistryClient client;
    private final ImageReference ref;
    private final String chainId;
    private final String diffId;
    private final ProgressStream progress;
    private final String id;

    LayerPush(ImagePuller.PullContext ctx, RegistryClient client, ImageReference ref, String chainId, String diffId,
            ProgressStream progress) {
        this.chainId = chainId;
        this.ctx = ctx;
        this.client = client;
        this.ref = ref;
        this.diffId = diffId;
        this.progress = progress;
        this.id = Digest.parse(diffId).shortId();
    }

    Descriptor call() {
        List<DistributionMetadata.Source> known = ctx.metadata().sources(diffId).stream()
                .filter(s -> s.registry().equals(ref.domain())).toList();
        for (DistributionMetadata.Source s : known) {
            if (s.repository().equals(ref.path()) && client.checkBlob(Digest.parse(s.digest())).isPresent()) {
                progress.layer(id, "Layer already exists");
                return descriptor(s);
            }
        }
        for (DistributionMetadata.Source s : known) {
            if (!s.repository().equals(ref.path()) && client.mountBlob(Digest.parse(s.digest()), s.repository())) {
                progress.layer(id, "Mounted from " + s.repository());
                remember(s.digest(), s.size(), s.mediaType());
                return descriptor(s);
            }
        }
        return compressAndUpload();
    }

    private static Descriptor descriptor(DistributionMetadata.Source s) {
        return new Descriptor(s.mediaType(), s.size(), s.digest(), null, null);
    }

    private void remember(String digest, long size, String mediaType) {
        ctx.metadata().add(diffId, new DistributionMetadata.Source(ref.domain(), ref.path(), digest, size, mediaType));
    }

    private Descriptor compressAndUpload() {
        LayerTars tars = new LayerTars(ctx.content(), ctx.layers());
        tars.check(chainId, diffId);
        try (ContentStore.Writer gz = ctx.content().writer()) {
            try (InputStream in = tars.open(chainId, diffId);
                    OutputStream out = new GZIPOutputStream(gz.stream(), 64 * 1024) {
                        {
                            def.setLevel(Deflater.DEFAULT_COMPRESSION);
                        }
                    }) {
                in.transferTo(out);
            }
            Digest digest = gz.digest();
            long size = gz.written();
            Optional<Long> present = client.checkBlob(digest);
            if (present.isPresent()) {
                progress.layer(id, "Layer already exists");
            } else {
                client.pushBlob(digest, size, () -> Files.newInputStream(gz.dataPath()),
                        n -> progress.progress(id, "Pushing", n, size));
                progress.layer(id, "Pushed");
            }
            remember(digest.toString(), size, MediaTypes.DOCKER_LAYER_GZIP);
            return new Descriptor(MediaTypes.DOCKER_LAYER_GZIP, size, digest.toString(), null, null);
        } catch (IOException e) {
            throw EngineException.system("compressing layer " + diffId + ": " + e.getMessage(), e);
        }
    }
}
