package dev.jdock.daemon.image;

import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.layer.Layer;
import dev.jdock.daemon.layer.LayerStore;
import dev.jdock.daemon.registry.Descriptor;
import dev.jdock.daemon.registry.RegistryClient;
import dev.jdock.daemon.registry.VerifyingInputStream;
import dev.jdock.daemon.store.DiskErrors;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

/**
 * One layer of a pull: stream the blob from the registry straight into the unpacker (hashing the compressed bytes
 * and the tar as they pass; nothing buffered in memory, no wait for the whole download), verify the blob's digest at
 * its end and the diffID, then wait for the parent layer and install the layer (with its tar-split). A failure anywhere
 * leaves nothing behind.
 */
final class LayerFetch {
    private final ImagePuller.PullContext ctx;
    private final RegistryClient client;
    private final ImageReference ref;
    private final Descriptor blob;
    private final String diffId;
    private final String parentChainId;
    private final CompletableFuture<Layer> parent;
    private final ProgressStream progress;
    private final String id;

    LayerFetch(ImagePuller.PullContext ctx, RegistryClient client, ImageReference ref, Descriptor blob, String diffId,
            String parentChainId, CompletableFuture<Layer> parent, ProgressStream progress) {
        this.ctx = ctx;
        this.client = client;
        this.ref = ref;
        this.blob = blob;
        this.diffId = diffId;
        this.parentChainId = parentChainId;
        this.parent = parent;
        this.progress = progress;
        this.id = blob.parsedDigest().shortId();
    }

    /** {@code abandoned}: every pull waiting for this layer was cancelled; checked at each read of the blob. */
    Layer call(BooleanSupplier abandoned) {
        LayerStore.Pending pending = null;
        try {
            pending = download(abandoned);
            try {
                parent.join();
            } catch (CompletionException e) {
                throw EngineException.system("layer below " + id + " failed", e.getCause());
            }
            progress.progress(id, "Extracting", blob.size(), blob.size());
            Layer layer = pending.commit(parentChainId);
            ctx.metadata().add(diffId, new DistributionMetadata.Source(ref.domain(), ref.path(), blob.digest(),
                    blob.size(), blob.mediaType()));
            progress.layer(id, "Pull complete");
            return layer;
        } finally {
            if (pending != null) {
                pending.close();
            }
        }
    }

    private LayerStore.Pending download(BooleanSupplier abandoned) {
        try {
            ctx.downloads().acquire(abandoned);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.system("interrupted", e);
        }
        LayerStore.Pending pending = null;
        try (VerifyingInputStream in = client.pullBlob(blob)) {
            pending = ctx.layers().unpack(new Counting(in, abandoned), diffId, null);
            in.finish();
            progress.layer(id, "Verifying Checksum");
            progress.layer(id, "Download complete");
            LayerStore.Pending done = pending;
            pending = null;
            return done;
        } catch (IOException e) {
            throw DiskErrors.inputOrDisk("failed to download layer " + blob.digest(), e);
        } finally {
            if (pending != null) {
                pending.close();
            }
            ctx.downloads().release();
        }
    }

    /** Reports download progress as the unpacker consumes the blob; stops the download once it is abandoned. */
    private final class Counting extends FilterInputStream {
        private final BooleanSupplier abandoned;
        private long count;

        Counting(InputStream in, BooleanSupplier abandoned) {
            super(in);
            this.abandoned = abandoned;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                report(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                report(n);
            }
            return n;
        }

        private void report(int n) {
            if (abandoned.getAsBoolean()) {
                throw new CancellationException("pull of " + ref.familiarString() + " cancelled");
            }
            count += n;
            progress.progress(id, "Downloading", count, blob.size());
        }
    }
}
