package dev.jdock.daemon.image;

import dev.jdock.api.Json;
import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.image.HealthConfig;
import dev.jdock.api.types.image.ImageContainerConfig;
import dev.jdock.api.types.image.OciImageConfig;
import dev.jdock.api.value.Digest;
import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.content.ContentStore;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.layer.Layer;
import dev.jdock.daemon.layer.LayerStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /commit}: a new image made of a parent image's layers plus one layer (the container's changes as a
 * layer tar), with the container's config merged with Dockerfile-style {@code changes}, a history entry and the
 * parent's ID; tagged when a repository is given.
 */
public final class ImageCommitter {
    private static final int MAX_CONFIG = 8 * 1024 * 1024;
    /** The diffID of a tar without entries (1024 zero bytes): moby's layer.DigestSHA256EmptyTar. */
    static final String EMPTY_TAR_DIFF_ID = "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";

    /**
     * @param parentImageId the container's image (sha256:...)
     * @param config the container's config, as it should appear in the image before {@code changes}
     * @param changes Dockerfile instructions (ENV, CMD, LABEL...) applied on top of {@code config}
     * @param createdBy the history's {@code created_by} (the container's command)
     * @param repo nullable; {@code tag} defaults to latest
     */
    public record Request(String parentImageId, ImageContainerConfig config, List<String> changes, String author,
            String comment, String createdBy, String repo, String tag, String containerId,
            ContainerConfig containerConfig) {
        public Request {
            changes = changes == null ? List.of() : List.copyOf(changes);
        }

        public Request(String parentImageId, ImageContainerConfig config, List<String> changes, String author,
                String comment, String createdBy, String repo, String tag) {
            this(parentImageId, config, changes, author, comment, createdBy, repo, tag, null, null);
        }

        /** The container committed (stored as the image's legacy {@code container}/{@code container_config}). */
        public Request withContainer(String id, ContainerConfig cfg) {
            return new Request(parentImageId, config, changes, author, comment, createdBy, repo, tag, id, cfg);
        }
    }

    private final ContentStore content;
    private final LayerStore layers;
    private final ImageStore store;
    private final Object mutex;

    ImageCommitter(ContentStore content, LayerStore layers, ImageStore store, Object mutex) {
        this.content = content;
        this.layers = layers;
        this.store = store;
        this.mutex = mutex;
    }

    /**
     * Unpacks the layer tar {@code diff} writes (as it writes it: nothing is spooled) and registers the image;
     * returns its ID. The unpacking, as long as the container's changes are large, holds no lock; only the install
     * and the record do. A null {@code diff} makes an image of the parent's layers with a new config only (a
     * Dockerfile's metadata step: its history entry is an {@code empty_layer}); so does a {@code diff} without
     * entries, as moby's NewChildImage (layer.IsEmpty): a commit of an unchanged container adds no layer. A null
     * parent image starts from nothing ({@code FROM scratch}).
     */
    String commit(Request r, ProducerStream.Producer diff) {
        return commit(r, diff, in -> layers.unpack(in, null, null));
    }

    /**
     * As {@link #commit}, the layer's files being {@code upperDir} itself, moved into the layer store rather than
     * unpacked again from the tar {@code diff} writes from it ({@link LayerStore#adopt}): a build root's commit. When
     * the directory cannot be taken as it is, {@code diff} is run again and its tar unpacked.
     */
    String commitAdopting(Request r, ProducerStream.Producer diff, java.nio.file.Path upperDir) {
        return commit(r, diff, in -> layers.adopt(in, upperDir)
                .orElseGet(() -> layer(diff, again -> layers.unpack(again, null, null))));
    }

    private String commit(Request r, ProducerStream.Producer diff,
            java.util.function.Function<InputStream, LayerStore.Pending> layer) {
        ImageReference target = r.repo() == null || r.repo().isEmpty() ? null : ImageTagging.target(r.repo(), r.tag());
        ImageContainerConfig config = merge(r.config(), ImageChanges.apply(r.changes()));
        if (diff == null) {
            return register(r, target, config, null);
        }
        try (LayerStore.Pending unpacked = layer(diff, layer)) { // an empty one is dropped when closed
            boolean empty = EMPTY_TAR_DIFF_ID.equals(unpacked.result().diffId().toString());
            return register(r, target, config, empty ? null : unpacked);
        }
    }

    /** The layer made of the tar {@code diff} writes, as it writes it (nothing is spooled). */
    private static LayerStore.Pending layer(ProducerStream.Producer diff,
            java.util.function.Function<InputStream, LayerStore.Pending> layer) {
        LayerStore.Pending made = null;
        try (InputStream in = new ProducerStream("commit-diff", diff)) {
            made = layer.apply(in);
            return made;
        } catch (IOException e) {
            if (made != null) {
                made.close();
            }
            throw EngineException.system("writing the container's changes: " + e.getMessage(), e);
        }
    }

    private String register(Request r, ImageReference target, ImageContainerConfig config,
            LayerStore.Pending unpacked) {
        synchronized (mutex) {
            ImageRecord parent = r.parentImageId() == null ? null : store.get(r.parentImageId())
                    .orElseThrow(() -> ImageService.noSuchImage(r.parentImageId()));
            OciImageConfig parentCfg = parent == null ? null
                    : ImageRegistrar.parseConfig(content.read(Digest.parse(parent.id()), MAX_CONFIG));
            // moby's NewChildImage: a diff without a file (commit() passes none) adds no layer, an empty_layer entry
            Layer layer = unpacked == null ? null : unpacked.commit(parent == null ? null : parent.topChainId());
            String now = Instant.now().toString();
            List<String> diffIds = new ArrayList<>(parent == null ? List.of() : parent.diffIds());
            List<String> chainIds = new ArrayList<>(parent == null ? List.of() : parent.chainIds());
            if (layer != null) {
                diffIds.add(layer.diffId());
                chainIds.add(layer.chainId());
            }
            List<OciImageConfig.History> history = new ArrayList<>(
                    parentCfg == null || parentCfg.history() == null ? List.of() : parentCfg.history());
            history.add(new OciImageConfig.History(now, r.createdBy(), emptyToNull(r.author()),
                    emptyToNull(r.comment()), layer == null ? Boolean.TRUE : null));
            OciImageConfig cfg = new OciImageConfig(
                    parentCfg == null || parentCfg.architecture() == null ? "amd64" : parentCfg.architecture(),
                    emptyToNull(r.author()), emptyToNull(r.comment()), config, now, null, history,
                    parentCfg == null || parentCfg.os() == null ? "linux" : parentCfg.os(),
                    parentCfg == null ? null : parentCfg.osVersion(), parent == null ? null : parent.id(),
                    new OciImageConfig.RootFs("layers", diffIds), parentCfg == null ? null : parentCfg.variant(),
                    r.containerId(),
                    r.containerConfig() == null ? null : Json.mapper().valueToTree(r.containerConfig()));
            Digest id = content.put(encode(cfg)).digest();
            long size = (parent == null ? 0 : parent.size()) + (layer == null ? 0 : layer.size());
            store.put(new ImageRecord(id.toString(), diffIds, chainIds, now, size, target == null ? null : now,
                    parent == null ? null : parent.id()));
            if (target != null) {
                store.addRef(target, id.toString());
            }
            return id.toString();
        }
    }

    /**
     * moby's restoreCachedImage, for a build's {@code --cache-from}: the image of one more step of {@code target}
     * on top of {@code parent} (null: none), made of existing layers only: the parent's history and layers plus the
     * target's history entry at the parent's length and, unless that entry is an empty layer, the target's next
     * layer; the config is {@code config}. The target's history must continue the parent's (the caller checked).
     */
    String restore(String parentId, String targetId, ImageContainerConfig config) {
        synchronized (mutex) {
            ImageRecord target = store.get(targetId).orElseThrow(() -> ImageService.noSuchImage(targetId));
            OciImageConfig targetCfg = ImageRegistrar.parseConfig(content.read(Digest.parse(target.id()), MAX_CONFIG));
            ImageRecord parent = parentId == null ? null : store.get(parentId)
                    .orElseThrow(() -> ImageService.noSuchImage(parentId));
            OciImageConfig parentCfg = parent == null ? null
                    : ImageRegistrar.parseConfig(content.read(Digest.parse(parent.id()), MAX_CONFIG));
            List<OciImageConfig.History> history = new ArrayList<>(
                    parentCfg == null || parentCfg.history() == null ? List.of() : parentCfg.history());
            OciImageConfig.History step = targetCfg.history().get(history.size());
            history.add(step);
            List<String> diffIds = new ArrayList<>(parent == null ? List.of() : parent.diffIds());
            long size = parent == null ? 0 : parent.size();
            if (!Boolean.TRUE.equals(step.emptyLayer())) {
                diffIds.add(target.diffIds().get(diffIds.size()));
                size += layers.require(LayerStore.chainIds(diffIds).get(diffIds.size() - 1)).size();
            }
            List<String> chainIds = LayerStore.chainIds(diffIds);
            OciImageConfig cfg = new OciImageConfig(targetCfg.architecture(), targetCfg.author(), null, config,
                    step.created(), null, history, targetCfg.os(), targetCfg.osVersion(),
                    parent == null ? null : parent.id(), new OciImageConfig.RootFs("layers", diffIds),
                    targetCfg.variant(), null, null);
            Digest id = content.put(encode(cfg)).digest();
            if (store.get(id.toString()).isEmpty()) {
                store.put(new ImageRecord(id.toString(), diffIds, chainIds, step.created(), size, null,
                        parent == null ? null : parent.id()));
            }
            return id.toString();
        }
    }

    private static byte[] encode(OciImageConfig cfg) {
        try {
            return Json.mapper().writeValueAsBytes(cfg);
        } catch (IOException e) {
            throw EngineException.system("encoding image config: " + e.getMessage(), e);
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /**
     * moby's commit config when the request body holds a Config (a field of it at least: docker-py's {@code conf}):
     * the {@code changes} apply to that config, and the container's config then fills what it leaves unset (moby's
     * merge: User, WorkingDir, StopSignal, Cmd and Entrypoint when it has neither, Healthcheck; its ExposedPorts,
     * Volumes, Labels and the Env variables it does not name added). Hostname, Image and the other fields stay the
     * body's. Null when the body has no Config field: the changes then apply to the container's config itself.
     */
    public static ImageContainerConfig fromBody(ImageContainerConfig body, ImageContainerConfig container,
            List<String> changes) {
        if (body == null || body.equals(NO_CONFIG)) {
            return null;
        }
        ImageContainerConfig u = merge(body, ImageChanges.apply(changes));
        ImageContainerConfig c = container == null ? ImageContainerConfig.empty() : container;
        List<String> env = new ArrayList<>(u.env() == null ? List.of() : u.env());
        for (String kv : c.env() == null ? List.<String>of() : c.env()) {
            String key = kv.split("=", 2)[0];
            if (env.stream().noneMatch(e -> e.split("=", 2)[0].equals(key))) {
                env.add(kv);
            }
        }
        Map<String, String> labels = new LinkedHashMap<>(c.labels() == null ? Map.of() : c.labels());
        labels.putAll(u.labels() == null ? Map.of() : u.labels());
        boolean noEntrypoint = u.entrypoint() == null || u.entrypoint().isEmpty();
        List<String> cmd = noEntrypoint && (u.cmd() == null || u.cmd().isEmpty()) ? c.cmd() : u.cmd();
        List<String> entrypoint = noEntrypoint && u.entrypoint() == null ? c.entrypoint() : u.entrypoint();
        return new ImageContainerConfig(u.hostname(), u.domainname(), orElse(u.user(), c.user()), u.attachStdin(),
                u.attachStdout(), u.attachStderr(), mergeMap(c.exposedPorts(), u.exposedPorts()), u.tty(),
                u.openStdin(), u.stdinOnce(), env.isEmpty() ? null : env, cmd, health(u.healthcheck(), c.healthcheck()),
                u.argsEscaped(), u.image(), mergeMap(u.volumes(), c.volumes()), orElse(u.workingDir(), c.workingDir()),
                entrypoint, u.onBuild(), labels, orElse(u.stopSignal(), c.stopSignal()), u.shell());
    }

    private static final ImageContainerConfig NO_CONFIG = new ImageContainerConfig(null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    private static String orElse(String s, String other) {
        return s == null || s.isEmpty() ? other : s;
    }

    /** moby's merge of healthchecks: the body's, its unset fields from the container's. */
    private static HealthConfig health(HealthConfig u, HealthConfig c) {
        if (c == null || u == null) {
            return u == null ? c : u;
        }
        return new HealthConfig(u.test() == null || u.test().isEmpty() ? c.test() : u.test(),
                zero(u.interval()) ? c.interval() : u.interval(), zero(u.timeout()) ? c.timeout() : u.timeout(),
                zero(u.startPeriod()) ? c.startPeriod() : u.startPeriod(),
                zero(u.startInterval()) ? c.startInterval() : u.startInterval(),
                u.retries() == null || u.retries() == 0 ? c.retries() : u.retries());
    }

    private static boolean zero(Long l) {
        return l == null || l == 0;
    }

    /**
     * Applies the fields set by {@code changes} to {@code base} as the Dockerfile builder does: ENV replaces a
     * variable of the same name, LABEL/EXPOSE/VOLUME add, CMD/ENTRYPOINT/USER/WORKDIR/STOPSIGNAL/HEALTHCHECK replace,
     * and an ENTRYPOINT without a CMD clears the CMD.
     */
    static ImageContainerConfig merge(ImageContainerConfig base, ImageContainerConfig ch) {
        ImageContainerConfig b = base == null ? ImageContainerConfig.empty() : base;
        List<String> env = mergeEnv(b.env(), ch.env());
        List<String> cmd = ch.cmd() != null ? ch.cmd() : ch.entrypoint() != null ? null : b.cmd();
        return new ImageContainerConfig(b.hostname(), b.domainname(), pick(ch.user(), b.user()), b.attachStdin(),
                b.attachStdout(), b.attachStderr(), mergeMap(b.exposedPorts(), ch.exposedPorts()), b.tty(),
                b.openStdin(), b.stdinOnce(), env, cmd, ch.healthcheck() != null ? ch.healthcheck() : b.healthcheck(),
                b.argsEscaped(), b.image(),
                mergeMap(b.volumes(), ch.volumes()), pick(ch.workingDir(), b.workingDir()),
                ch.entrypoint() != null ? ch.entrypoint() : b.entrypoint(),
                ch.onBuild() != null ? ch.onBuild() : b.onBuild(), mergeMap(b.labels(), ch.labels()),
                pick(ch.stopSignal(), b.stopSignal()), b.shell());
    }

    private static String pick(String change, String base) {
        return change != null ? change : base;
    }

    private static List<String> mergeEnv(List<String> base, List<String> changes) {
        if (changes == null) {
            return base;
        }
        Map<String, String> byKey = new LinkedHashMap<>();
        for (List<String> l : List.of(base == null ? List.<String>of() : base, changes)) {
            for (String kv : l) {
                int eq = kv.indexOf('=');
                byKey.put(eq < 0 ? kv : kv.substring(0, eq), kv);
            }
        }
        return List.copyOf(byKey.values());
    }

    private static <V> Map<String, V> mergeMap(Map<String, V> base, Map<String, V> changes) {
        if (changes == null) {
            return base;
        }
        Map<String, V> out = new LinkedHashMap<>(base == null ? Map.of() : base);
        out.putAll(changes);
        return out;
    }
}
