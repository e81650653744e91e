package dev.jdock.daemon.content;

import dev.jdock.api.value.Digest;
import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Set;

/**
 * Immutable, content-addressed blobs (containerd's content store): image configs, manifests and layer tars.
 * Blobs are written through a {@link Writer} (an ingest) and become visible only on a verified {@link Writer#commit}.
 */
public interface ContentStore {
    /** Starts a new ingest. Close the writer to abandon it; nothing becomes visible without commit. */
    Writer writer();

    boolean exists(Digest digest);

    /** Size in bytes; EngineException not found when absent. */
    long size(Digest digest);

    /** Opens a blob for reading; EngineException not found when absent. */
    InputStream open(Digest digest);

    /** Reads a small blob fully, refusing one larger than {@code maxBytes}. */
    byte[] read(Digest digest, int maxBytes);

    /** Stores bytes already in memory (configs, manifests). */
    Blob put(byte[] content);

    /** Deletes a blob; false when it was absent. */
    boolean delete(Digest digest);

    /** Every stored blob digest. */
    Set<Digest> list();

    /**
     * A new private directory for a caller's temporary files (e.g. an archive spooled before it can be read in
     * order), in the ingest area, so a crash leaves nothing once the store opens again. The caller deletes it.
     */
    Path tempDirectory();

    /** A committed blob. {@code alreadyExisted}: the store had it and the new copy was discarded. */
    record Blob(Digest digest, long size, boolean alreadyExisted) {
    }

    /** An ingest in progress: write the bytes, then commit with the expected size and digest (either may be absent). */
    interface Writer extends Closeable {
        /** The stream to write the content to; it hashes and counts as it goes. */
        OutputStream stream();

        /** Bytes written so far. */
        long written();

        /** The ingest's data file (readable before commit, e.g. to unpack a spooled layer). Flush first. */
        Path dataPath();

        /** Digest of what was written so far; finishes the stream (no more writes). */
        Digest digest();

        /**
         * fsync, then verify {@code expectedSize} (negative: any) and {@code expected} (null: any), then move into
         * place atomically. A blob that already exists is detected and kept; the ingest is discarded.
         */
        Blob commit(long expectedSize, Digest expected);

        /** Abandons the ingest unless committed. */
        @Override
        void close();
    }
}
