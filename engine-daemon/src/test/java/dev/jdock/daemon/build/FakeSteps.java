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
    private int counter;

    FakeSteps(FakeBuildImages images) {
        this.images = images;
    }

    @Override
    public String create(ContainerCreateRequest request) {
        String id = String.format("%064x", ++counter);
        containers.put(id, request);
        return id;
    }

    @Override
    public int run(String id, OutputStream framed, CompletableFuture<Void> cancel) throws IOException {
        List<String> argv = containers.get(id).cmd();
        ran.add(String.join(" ", argv));
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

    @Override
    public void copyInto(String id, ArchiveExtractor.Owner owner, InputStream tar) {
        List<String> entries = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                String content = e.isFile() ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : "";
                entries.add(e.getName() + " " + owner.uid() + ":" + owner.gid() + " "
                        + Integer.toOctalString(e.getMode() & 07777) + (content.isEmpty() ? "" : " " + content));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        copied.put(id, entries);
    }

    @Override
    public boolean isDirectory(String id, String path) {
        return path.equals("/") || path.equals("/etc");
    }

    @Override
    public String commit(String id, String parentImage, ImageContainerConfig config, String createdBy,
            ContainerConfig containerConfig) {
        return images.child(parentImage, config, createdBy, false);
    }

    @Override
    public void remove(String id) {
        removed.add(id);
    }
}
