package dev.jdock.daemon.registry;

import dev.jdock.api.value.Digest;
import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The registry operations of one pull or push, for one repository and identity (from
 * {@link RegistryService#client}). Every method is one endpoint call through the shared {@link RegistryCaller}.
 */
public final class RegistryClient {
    /** Blobs up to this size are uploaded with one PUT; larger ones with PATCH then PUT. */
    static final long MONOLITHIC_MAX = 1024 * 1024;

    /** Opens a blob's bytes to upload (again, on a retry). */
    @FunctionalInterface
    public interface BlobSource {
        InputStream open() throws IOException;
    }

    private final RegistryCaller caller;
    private final String repository;
    private final PullMetrics metrics;

    RegistryClient(RegistryCaller caller, String repository, PullMetrics metrics) {
        this.caller = caller;
        this.repository = repository;
        this.metrics = metrics;
    }

    /** The repository path on the registry ({@code library/busybox}). */
    public String repository() {
        return repository;
    }

    /** The manifest for a tag or digest; 404 is EngineException not found with the registry's message. */
    public Manifest.Fetched pullManifest(String tagOrDigest) {
        return caller.call(new ManifestPuller(repository, tagOrDigest));
    }

    /** The blob's stream; it fails at its end unless size and digest match the descriptor. */
    public VerifyingInputStream pullBlob(Descriptor blob) {
        return caller.call(new BlobPuller(repository, blob, metrics));
    }

    /** A small blob (a config) fully read and verified. */
    public byte[] pullSmallBlob(Descriptor blob, int maxBytes) {
        if (blob.size() > maxBytes) {
            throw EngineException.invalid("blob " + blob.digest() + " is too large (" + blob.size() + " bytes)");
        }
        try (VerifyingInputStream in = pullBlob(blob)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            in.finish();
            return bytes;
        } catch (IOException e) {
            throw EngineException.invalid("fetching blob " + blob.digest() + ": " + e.getMessage());
        }
    }

    /** HEAD: the blob's size when this repository has it. */
    public Optional<Long> checkBlob(Digest digest) {
        return caller.call(new BlobChecker(repository, digest));
    }

    public List<String> listTags() {
        return caller.call(new TagLister(repository));
    }

    /** Tries a cross-repository mount; true when the registry mounted it (201). */
    public boolean mountBlob(Digest digest, String fromRepository) {
        return caller.call(new UploadStarter(repository, digest, fromRepository)).mounted();
    }

    /** Uploads a blob: one PUT when small, else a streamed PATCH and a closing PUT. */
    public void pushBlob(Digest digest, long size, BlobSource source, LongConsumer progress) {
        URI location = caller.call(new UploadStarter(repository, null, null)).location();
        if (size <= MONOLITHIC_MAX) {
            caller.call(new BlobPusher(location, digest, size, source, progress, BlobPusher.Mode.MONOLITHIC));
            return;
        }
        URI next = caller.call(new BlobPusher(location, digest, size, source, progress, BlobPusher.Mode.PATCH));
        caller.call(new BlobPusher(next, digest, 0, null, null, BlobPusher.Mode.FINISH));
    }

    /** PUT the manifest under a tag (or digest); returns its digest. */
    public Digest pushManifest(String tag, byte[] bytes, String mediaType) {
        return caller.call(new ManifestPusher(repository, tag, bytes, mediaType));
    }

    /** GET /v2/ with the credentials (login). */
    public void ping() {
        caller.call(new ApiChecker());
    }
}
