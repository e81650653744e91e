package dev.jdock.daemon.build;

import dev.jdock.daemon.archive.ArchiveExtractor;
import dev.jdock.api.build.DockerIgnore;
import dev.jdock.daemon.build.dockerfile.Heredoc;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.daemon.layer.Compression;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.FileStat;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.fs.TreeRemover;
import dev.jdock.runtime.syscall.SyscallException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * A build's context: the client's tar (plain or compressed), extracted as it arrives into a private directory
 * ({@code builder/contexts/ctx-*}, mode 0700; its {@code c} is the root, on a tmpfs or the data disk as
 * {@link ContextSpace} decides), and removed when the build ends. Everything in it came from the client and is read
 * only through descriptors anchored in its root ({@code RESOLVE_IN_ROOT}): a symlink in the context can name nothing
 * outside it. The stream is never held in memory.
 */
final class BuildContext implements AutoCloseable {
    /** A Dockerfile larger than this is refused (moby reads it whole too). */
    static final int MAX_DOCKERFILE = 4 << 20;

    private final Path dir;
    private final Fd root;
    private final Runnable release;
    private final java.util.concurrent.atomic.AtomicInteger scratch = new java.util.concurrent.atomic.AtomicInteger();
    /** Completes when the build's client goes away: an ADD download in progress is given up. */
    private volatile java.util.concurrent.CompletableFuture<?> cancel = new java.util.concurrent.CompletableFuture<>();

    /** @param release run on close before the directory is removed (the tmpfs's unmount), or nothing */
    BuildContext(Path dir, Fd root, Runnable release) {
        this.dir = dir;
        this.root = root;
        this.release = release;
    }

    /** Extracts {@code tar} (null: an empty context) below {@code root}; the caller cleans up on failure. */
    static void extract(Fd root, InputStream tar) {
        if (tar == null) {
            return;
        }
        try {
            new ArchiveExtractor(root, root, "/", false, ArchiveExtractor.Owner.ARCHIVE).withoutDevices()
                    .extract(new TarEndTolerance(Compression.decompress(tar)));
        } catch (IOException e) {
            throw EngineException.system("receiving the build context: " + e.getMessage(), e);
        }
    }

    /** A new private {@code ctx-*} directory (0700) below {@code buildsDir} (made 0700 too). */
    static Path create(Path buildsDir) {
        try {
            Files.createDirectories(buildsDir);
            Files.setPosixFilePermissions(buildsDir, PosixFilePermissions.fromString("rwx------"));
            return Files.createTempDirectory(buildsDir, "ctx-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw EngineException.system("creating the build context directory: " + e.getMessage(), e);
        }
    }

    /** Downloads for this build ({@link #download}) stop when {@code c} completes. */
    void cancelOn(java.util.concurrent.CompletableFuture<?> c) {
        this.cancel = c;
    }

    /** The context root's path (the daemon's own directory; what is below it came from the client). */
    Path rootPath() {
        return dir.resolve("c");
    }

    /** A private directory beside the context, removed on close. */
    interface Scratch extends StepContainers.SourceRoot {
        Path path();
    }

    Scratch scratch() {
        Path d;
        try {
            d = Files.createDirectory(dir.resolve("s" + scratch.incrementAndGet()));
        } catch (IOException e) {
            throw EngineException.system("creating a build scratch directory: " + e.getMessage(), e);
        }
        Fd fd = Fs.open(d, Fs.O_PATH | Fs.O_DIRECTORY);
        return new Scratch() {
            @Override
            public Path path() {
                return d;
            }

            @Override
            public Fd root() {
                return fd;
            }

            @Override
            public void close() {
                fd.close();
                TreeRemover.remove(d);
            }
        };
    }

    /** The context root (an O_PATH descriptor). */
    Fd root() {
        return root;
    }

    /**
     * The Dockerfile at {@code path} (relative to the context, symlinks resolved inside it), as moby: 500 "Cannot
     * locate specified Dockerfile" when it is missing.
     */
    String dockerfile(String path) {
        byte[] text = regularFile(path).orElseThrow(() -> missing(path));
        if (text.length > MAX_DOCKERFILE) {
            throw EngineException.invalid("Dockerfile " + path + " is larger than " + MAX_DOCKERFILE + " bytes");
        }
        return new String(text, StandardCharsets.UTF_8);
    }

    /** A file of the context (e.g. {@code .dockerignore}) as text, when it exists and is a regular file. */
    Optional<Reader> optionalText(String rel) {
        return regularFile(rel).map(b -> new java.io.StringReader(
                new String(b, 0, Math.min(b.length, MAX_DOCKERFILE), StandardCharsets.UTF_8)));
    }

    /**
     * The first {@code MAX_DOCKERFILE + 1} bytes of a regular file of the context (symlinks resolved inside it);
     * empty when it is absent or no regular file. Opened non-blocking: a FIFO in the context never holds the
     * reading thread (it is refused by its type once open).
     */
    private Optional<byte[]> regularFile(String path) {
        String rel = path.startsWith("/") ? path : "/" + path;
        try (Fd fd = Fs.openInRoot(root, rel, Fs.O_RDONLY | Fs.O_NONBLOCK)) {
            if (!Fs.stat(fd).isRegular()) {
                return Optional.empty();
            }
            try (var ch = Fs.channel(fd); InputStream in = Channels.newInputStream(ch)) {
                return Optional.of(in.readNBytes(MAX_DOCKERFILE + 1));
            }
        } catch (SyscallException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw EngineException.system("reading " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Heredoc sources ({@code COPY <<EOF /dest}) as files named after their delimiters, 0644, in a private directory
     * beside the context, removed on close.
     */
    StepContainers.SourceRoot heredocFiles(List<Heredoc> docs) {
        Scratch files = scratch();
        try {
            for (Heredoc h : docs) {
                String name = h.name();
                if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
                    throw EngineException.invalid("invalid heredoc name " + name);
                }
                Path f = files.path().resolve(name);
                Files.writeString(f, h.effectiveContent(), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
            }
            return files;
        } catch (IOException e) {
            files.close();
            throw EngineException.system("writing heredoc sources: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            files.close();
            throw e;
        }
    }

    /**
     * moby's rule for the two files the CLI always sends: when {@code .dockerignore} excludes the Dockerfile or
     * itself, that file is removed from the context once read (a {@code COPY .} then leaves it out).
     */
    void dropIgnoredBuildFiles(String dockerfile) {
        Optional<Reader> text = optionalText(".dockerignore");
        if (text.isEmpty()) {
            return;
        }
        DockerIgnore ignore;
        try {
            ignore = DockerIgnore.parse(text.get());
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw EngineException.invalid("error reading .dockerignore: " + e.getMessage());
        }
        for (String f : List.of(clean(dockerfile), ".dockerignore")) {
            if (!f.isEmpty() && ignore.excluded(f)) {
                remove(f);
            }
        }
    }

    private static String clean(String path) {
        return ContextSources.clean(path);
    }

    private void remove(String rel) {
        int slash = rel.lastIndexOf('/');
        try (Fd parent = Fs.openInRoot(root, "/" + (slash < 0 ? "" : rel.substring(0, slash)),
                Fs.O_PATH | Fs.O_DIRECTORY)) {
            Fs.unlinkat(parent, rel.substring(slash + 1), 0);
        } catch (SyscallException e) {
            // gone already, or not a file: nothing to leave out
        }
    }

    /** A file downloaded for ADD: {@link #name()} in the private directory {@code files}, removed on close. */
    record Download(Scratch files, String name) implements AutoCloseable {
        Fd root() {
            return files.root();
        }

        /** BuildKit's {@code ADD --checksum=sha256:<hex>}: the downloaded content must have that digest. */
        void verify(String checksum) {
            dev.jdock.api.value.Digest want;
            try {
                want = dev.jdock.api.value.Digest.parse(checksum);
            } catch (IllegalArgumentException e) {
                throw EngineException.invalid("invalid checksum digest format: " + checksum);
            }
            try (InputStream in = Files.newInputStream(files.path().resolve(name))) {
                java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                }
                String got = "sha256:" + java.util.HexFormat.of().formatHex(md.digest());
                if (!got.equals(want.toString())) {
                    throw EngineException.invalid("digest mismatch " + got + ": " + want);
                }
            } catch (IOException | java.security.NoSuchAlgorithmException e) {
                throw EngineException.system("checking the download's checksum: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            files.close();
        }
    }

    /**
     * Downloads {@code url} (redirects followed, a non-2xx status an error) into a private directory beside the
     * context; the file is named after the URL's last path segment, as moby names it.
     */
    Download download(String url) {
        String path;
        try {
            path = java.net.URI.create(url).getPath();
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("ADD failed: invalid URL " + url);
        }
        String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw EngineException.invalid("cannot determine filename from url: " + url);
        }
        Scratch files = scratch();
        try (InputStream in = dev.jdock.daemon.image.ImportUrl.open(url, cancel)) {
            Files.copy(in, files.path().resolve(name));
            return new Download(files, name);
        } catch (IOException e) {
            files.close();
            throw EngineException.invalid("ADD failed: downloading " + url + ": " + e.getMessage());
        } catch (RuntimeException e) {
            files.close();
            throw e;
        }
    }

    private static EngineException missing(String path) {
        return new EngineException(ErrorKind.SYSTEM, "Cannot locate specified Dockerfile: " + path);
    }

    @Override
    public void close() {
        root.close();
        try {
            release.run();
        } finally {
            TreeRemover.remove(dir);
        }
    }
}
