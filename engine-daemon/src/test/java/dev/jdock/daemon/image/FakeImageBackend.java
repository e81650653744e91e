package dev.jdock.daemon.image;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.Json;
import dev.jdock.api.types.container.ContainerSummary;
import dev.jdock.api.types.image.ImageDeleteResponseItem;
import dev.jdock.api.types.image.ImageHistoryItem;
import dev.jdock.api.types.image.ImageInspect;
import dev.jdock.api.types.image.ImagePruneResponse;
import dev.jdock.api.types.image.ImageSummary;
import dev.jdock.api.types.image.SystemDfResponse;
import dev.jdock.api.types.system.AuthConfig;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.errors.EngineException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A hand-written {@link ImageBackend} and {@link ImageMaintenance} for router tests: every call recorded as one
 * readable line, canned answers, and a RuntimeException to throw from a named method.
 */
final class FakeImageBackend implements ImageBackend, ImageMaintenance {
    static final String ID = "sha256:" + "ef".repeat(32);

    final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, RuntimeException> failures = new HashMap<>();
    /** The body of the last load or import. */
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    List<String> loadedLines = List.of();
    /** The "Loading layer" updates ({@code current, total}) the progress-taking load reports before its lines. */
    List<long[]> loadProgress = List.of();
    List<ImageDeleteResponseItem> deleted = List.of();
    /** What a save, pull or push job writes; a RuntimeException half-way when {@link #jobFailsAfter} is set. */
    byte[] jobBytes = new byte[0];
    RuntimeException jobFailsAfter;

    void failOn(String method, RuntimeException e) {
        failures.put(method, e);
    }

    private void call(String method, Object... args) {
        StringBuilder line = new StringBuilder(method);
        for (Object a : args) {
            line.append(' ').append(a);
        }
        calls.add(line.toString());
        RuntimeException e = failures.remove(method);
        if (e != null) {
            throw e;
        }
    }

    static String show(Filters f) {
        Map<String, Object> m = new TreeMap<>();
        f.keys().forEach(k -> m.put(k, new TreeSet<>(f.values(k))));
        return m.toString();
    }

    private static String show(AuthConfig a) {
        return "user=" + (a == null || a.username() == null ? "" : a.username());
    }

    private void job(java.io.OutputStream out) {
        try {
            out.write(jobBytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (jobFailsAfter != null) {
            throw jobFailsAfter;
        }
    }

    @Override
    public List<ImageSummary> list(boolean all, Filters filters, ApiVersion version) {
        call("list", "all=" + all, show(filters), version);
        return List.of();
    }

    @Override
    public ImageInspect inspect(String name, ApiVersion version) {
        call("inspect", name, version);
        try {
            return Json.mapper().readValue("{\"Id\":\"" + ID + "\"}", ImageInspect.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void tag(String source, String repo, String tag) {
        call("tag", source, repo, tag);
    }

    @Override
    public List<ImageDeleteResponseItem> remove(String name, boolean force, boolean prune) {
        call("remove", name, "force=" + force, "prune=" + prune);
        return deleted;
    }

    @Override
    public void load(InputStream archive, Consumer<String> out) {
        try {
            archive.transferTo(received);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        call("load");
        loadedLines.forEach(out);
    }

    @Override
    public void load(InputStream archive, Consumer<String> out, ProgressStream progress) {
        loadProgress.forEach(p -> progress.progress("0123456789ab", "Loading layer", p[0], p[1]));
        load(archive, out);
    }

    @Override
    public ImageService.ImageExport prepareSave(List<String> names) {
        call("prepareSave", names);
        return this::job;
    }

    @Override
    public String importImage(InputStream rootfsTar, String src, String repo, String tag, String message,
            List<String> changes) {
        try {
            rootfsTar.transferTo(received);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        call("importImage", src, repo, tag, message, changes);
        return ID;
    }

    @Override
    public ImageService.ProgressJob preparePull(String fromImage, String tag, String platform, AuthConfig auth) {
        call("preparePull", fromImage, tag, platform, show(auth));
        return this::job;
    }

    @Override
    public ImageService.ProgressJob preparePush(String name, String tag, AuthConfig auth) {
        call("preparePush", name, tag, show(auth));
        return this::job;
    }

    @Override
    public List<ImageHistoryItem> history(String name) {
        call("history", name);
        return List.of(new ImageHistoryItem(ID, 1700000000, "/bin/sh -c #(nop) CMD [\"sh\"]", List.of("a:1"), 0, ""));
    }

    @Override
    public ImagePruneResponse prune(Filters filters) {
        call("prune", show(filters));
        return new ImagePruneResponse(deleted.isEmpty() ? null : deleted, 0);
    }

    @Override
    public SystemDfResponse diskUsage(Set<String> types, List<ContainerSummary> containers, ApiVersion version) {
        call("diskUsage", types, "containers=" + containers.size(), version);
        return new SystemDfResponse(7, List.of(), containers, List.of(), List.of());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
