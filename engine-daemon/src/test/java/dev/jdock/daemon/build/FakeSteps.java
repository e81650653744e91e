package dev.jdock.daemon.build;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.image.ImageContainerConfig;
import dev.jdock.daemon.archive.ArchiveExtractor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Step containers in memory: a RUN "runs" by writing what {@link #behaviour} says for its command (stdout text and
 * an exit code); a COPY records the tar's entries; a commit makes a child image in {@link FakeBuildImages}.
 * Thread-safe: a build runs independent stages at once.
 */
final class FakeSteps implements StepContainers {
    record Outcome(String stdout, String stderr, int exitCode) {
    }

    final FakeBuildImages images;
    final Map<String, ContainerCreateRequest> containers = new LinkedHashMap<>();
    final List<String> removed = new ArrayList<>();
    final List<String> ran = new ArrayList<>();
    /** Per container: the entries (name, uid, gid, mode, content) copied in. */
    final Map<String, List<String>> copied = new LinkedHashMap<>();
    Function<List<String>, Outcome> behaviour = argv -> new Outcome("", "", 0);
    /** Per image: its files (path below the root → content), as COPY steps put them there. */
    final Map<String, Map<String, String>> files = new LinkedHashMap<>();
    /** Per container: the files copied in, by path. */
    private final Map<String, Map<String, String>> added = new LinkedHashMap<>();
    private final Path scratch;
    private int counter;

    FakeSteps(FakeBuildImages images, Path scratch) {
        this.images = images;
        this.scratch = scratch;
    }

    @Override
    public synchronized String create(ContainerCreateRequest request) {
        String id = String.format("%064x", ++counter);
        containers.put(id, request);
        return id;
    }

    @Override
    public int run(String id, OutputStream framed, CompletableFuture<Void> cancel) throws IOException {
        List<String> argv;
        synchronized (this) { // parallel stages run at once: the behaviour may wait for another stage's step
            argv = containers.get(id).cmd();
            ran.add(String.join(" ", argv));
        }
        Outcome o = behaviour.apply(argv);
        frame(framed, 1, o.stdout());
        frame(framed, 2, o.stderr());
        return o.exitCode();
    }

    private static void frame(OutputStream out, int stream, String text) throws IOException {
        if (text.isEmpty()) {
            return;
        }
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        out.write(new byte[] {(byte) stream, 0, 0, 0, (byte) (b.length >>> 24), (byte) (b.length >>> 16),
            (byte) (b.length >>> 8), (byte) b.length});
        out.write(b);
    }

    /** Roots made for COPY/ADD steps, and those removed. */
    final List<String> roots = new ArrayList<>();
    final List<String> removedRoots = new ArrayList<>();

    @Override
    public synchronized String prepareRoot(String imageId) {
        String key = "build-root-" + roots.size();
        roots.add(key);
        return key;
    }

    @Override
    public synchronized void removeRoot(String key) {
        removedRoots.add(key);
    }

    @Override
    public synchronized void copyInto(String id, ArchiveExtractor.Owner owner, InputStream tar) {
        List<String> entries = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                String content = e.isFile() ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : "";
                if (e.isFile()) {
                    added.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(e.getName(), content);
                }
                entries.add(e.getName() + " " + owner.uid() + ":" + owner.gid() + " "
                        + Integer.toOctalString(e.getMode() & 07777) + (content.isEmpty() ? "" : " " + content));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        copied.put(id, entries);
    }

    @Override
    public synchronized void extractInto(String id, String dir, ArchiveExtractor.Owner owner, InputStream tar) {
        List<String> entries = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(
                dev.jdock.daemon.layer.Compression.decompress(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                String content = e.isFile() ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : "";
                entries.add(dir + "/" + e.getName() + " " + (owner.fromArchive() ? "archive" : owner.uid() + ":"
                        + owner.gid()) + (content.isEmpty() ? "" : " " + content));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        copied.merge(id, entries, (a, b) -> {
            List<String> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        });
    }

    /** Users of the fake images' /etc/passwd: {@code node} is 1000:1000. */
    @Override
    public synchronized ArchiveExtractor.Owner owner(String id, String userAndGroup) {
        if (!userAndGroup.equals("node:node")) {
            throw dev.jdock.daemon.errors.EngineException.invalid("unable to find user " + userAndGroup);
        }
        return new ArchiveExtractor.Owner(1000, 1000, false);
    }

    @Override
    public synchronized boolean isDirectory(String id, String path) {
        return path.equals("/") || path.equals("/etc");
    }

    @Override
    public synchronized String commit(String id, String parentImage, ImageContainerConfig config, String createdBy,
            ContainerConfig containerConfig, String author) {
        String image = images.child(parentImage, config, createdBy, false);
        images.containerConfigs.put(image, containerConfig);
        Map<String, String> all = new LinkedHashMap<>(files.getOrDefault(parentImage, Map.of()));
        all.putAll(added.getOrDefault(id, Map.of()));
        files.put(image, all);
        return image;
    }

    @Override
    public synchronized SourceRoot openImage(String imageId) {
        try {
            Path dir = Files.createTempDirectory(scratch, "image-");
            for (Map.Entry<String, String> f : files.getOrDefault(imageId, Map.of()).entrySet()) {
                Path p = dir.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, f.getValue());
            }
            Fd fd = Fs.open(dir, Fs.O_PATH | Fs.O_DIRECTORY);
            return new SourceRoot() {
                @Override
                public Fd root() {
                    return fd;
                }

                @Override
                public void close() {
                    fd.close();
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized int removeLeftovers() {
        return 0;
    }

    @Override
    public synchronized void remove(String id) {
        removed.add(id);
    }
}
