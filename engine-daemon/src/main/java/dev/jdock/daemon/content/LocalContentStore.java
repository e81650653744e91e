package dev.jdock.daemon.content;

import dev.jdock.api.value.Digest;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.store.AtomicFiles;
import dev.jdock.daemon.store.DiskErrors;
import dev.jdock.daemon.store.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;

/**
 * {@link ContentStore} on a directory: {@code blobs/sha256/<hex>} and {@code ingest/<random>/data}. Ingests left over
 * from a crash are removed when the store opens (no resumable ingests yet).
 */
public final class LocalContentStore implements ContentStore {
    private final Path root;
    private final Path blobs;
    private final Path ingest;

    /** {@code root} is the content directory, e.g. {@code /var/lib/jdock/content}. */
    public LocalContentStore(Path root) {
        this.root = root;
        this.blobs = root.resolve("blobs").resolve("sha256");
        this.ingest = root.resolve("ingest");
        try {
            Files.createDirectories(blobs);
            Files.createDirectories(ingest);
            cleanIngests();
        } catch (IOException e) {
            throw new UncheckedIOException("opening content store " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    private void cleanIngests() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(ingest)) {
            for (Path p : ds) {
                FileTrees.deleteRecursively(p);
            }
        }
    }

    Path blobPath(Digest digest) {
        return blobs.resolve(digest.hex());
    }

    Path ingestRoot() {
        return ingest;
    }

    @Override
    public Writer writer() {
        try {
            Path dir = Files.createTempDirectory(ingest, "w-");
            return new IngestWriter(this, dir);
        } catch (IOException e) {
            throw DiskErrors.system("starting ingest in " + ingest, e);
        }
    }

    @Override
    public Path tempDirectory() {
        try {
            return Files.createTempDirectory(ingest, "tmp-");
        } catch (IOException e) {
            throw DiskErrors.system("creating a directory in " + ingest, e);
        }
    }

    /** Moves a verified ingest file into place; called by the writer. */
    Blob commitFile(Path data, Digest digest, long size) throws IOException {
        Path target = blobPath(digest);
        if (Files.exists(target)) {
            Files.deleteIfExists(data);
            return new Blob(digest, size, true);
        }
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r--r--r--"));
        try {
            Files.move(data, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(data);
            return new Blob(digest, size, true);
        }
        AtomicFiles.fsyncDirectory(blobs);
        return new Blob(digest, size, false);
    }

    @Override
    public boolean exists(Digest digest) {
        return Files.isRegularFile(blobPath(digest));
    }

    @Override
    public long size(Digest digest) {
        try {
            return Files.size(blobPath(digest));
        } catch (NoSuchFileException e) {
            throw EngineException.notFound("content " + digest + ": not found");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream open(Digest digest) {
        try {
            return Files.newInputStream(blobPath(digest));
        } catch (NoSuchFileException e) {
            throw EngineException.notFound("content " + digest + ": not found");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public byte[] read(Digest digest, int maxBytes) {
        if (size(digest) > maxBytes) {
            throw EngineException.invalid("content " + digest + " is larger than " + maxBytes + " bytes");
        }
        try {
            return Files.readAllBytes(blobPath(digest));
        } catch (NoSuchFileException e) {
            throw EngineException.notFound("content " + digest + ": not found");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Blob put(byte[] content) {
        try (Writer w = writer()) {
            w.stream().write(content);
            return w.commit(content.length, Digest.sha256(content));
        } catch (IOException e) {
            throw DiskErrors.system("writing blob", e);
        }
    }

    @Override
    public boolean delete(Digest digest) {
        try {
            return Files.deleteIfExists(blobPath(digest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Set<Digest> list() {
        Set<Digest> out = new HashSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(blobs)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.matches("[a-f0-9]{64}")) {
                    out.add(Digest.ofHex(name));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
