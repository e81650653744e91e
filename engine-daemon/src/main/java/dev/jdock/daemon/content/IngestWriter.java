package dev.jdock.daemon.content;

import dev.jdock.api.value.Digest;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.store.DiskErrors;
import dev.jdock.daemon.store.FileTrees;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/** One ingest: {@code ingest/<random>/data}, hashed and counted while written. */
final class IngestWriter implements ContentStore.Writer {
    private final LocalContentStore store;
    private final Path dir;
    private final Path data;
    private final FileChannel channel;
    private final MessageDigest sha = Digest.newSha256();
    private final OutputStream out;
    private long written;
    private Digest digest;
    private boolean done;

    IngestWriter(LocalContentStore store, Path dir) throws IOException {
        this.store = store;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.channel = FileChannel.open(data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.out = new BufferedOutputStream(new FilterOutputStream(Channels.newOutputStream(channel)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ensureOpen();
                sha.update(b, off, len);
                written += len;
                super.out.write(b, off, len);
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        }, 64 * 1024);
    }

    private void ensureOpen() throws IOException {
        if (digest != null || done) {
            throw new IOException("ingest " + dir.getFileName() + " is finished");
        }
    }

    @Override
    public OutputStream stream() {
        return out;
    }

    @Override
    public long written() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written;
    }

    @Override
    public Path dataPath() {
        written();
        return data;
    }

    @Override
    public Digest digest() {
        if (digest == null) {
            try {
                out.flush();
                channel.force(true);
            } catch (IOException e) {
                throw DiskErrors.system("flushing ingest " + data, e);
            }
            digest = Digest.fromHash(sha.digest());
        }
        return digest;
    }

    @Override
    public ContentStore.Blob commit(long expectedSize, Digest expected) {
        if (done) {
            throw new IllegalStateException("ingest already committed or closed");
        }
        Digest actual = digest();
        try {
            if (expectedSize >= 0 && written != expectedSize) {
                throw EngineException.invalid("unexpected commit size " + written + ", expected " + expectedSize);
            }
            if (expected != null && !expected.equals(actual)) {
                throw EngineException.invalid("unexpected commit digest " + actual + ", expected " + expected);
            }
            channel.close();
            ContentStore.Blob blob = store.commitFile(data, actual, written);
            done = true;
            return blob;
        } catch (IOException e) {
            throw DiskErrors.system("committing " + actual, e);
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        done = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // the ingest is being discarded
        }
        try {
            FileTrees.deleteRecursively(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("removing ingest " + dir, e);
        }
    }
}
