package dev.jdock.daemon.build;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.LogConfig;
import dev.jdock.api.types.image.ImageContainerConfig;
import dev.jdock.daemon.archive.ArchiveExtractor;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.image.ProducerStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The three kinds of step a Dockerfile has, each ending with a new image for the stage: a metadata step (a new
 * config, no layer and no container), RUN (a container of the stage's image runs the command; its changes are the
 * layer) and COPY/ADD (the sources are written into a snapshot of the image's layers, no container). Each looks in
 * the cache first; each prints moby's lines for the step.
 */
final class StepExecutor {
    /** A RUN step that failed: moby's message and the command's exit code (the error's {@code code}). */
    static final class StepFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        StepFailed(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    private final BuildImages images;
    private final StepContainers steps;
    private final StepCache cache;
    private final BuildOptions options;
    private final StepLog out;
    private final CompletableFuture<Void> cancel;
    private final CacheMounts cacheMounts;
    private final CacheSources cacheSources;

    StepExecutor(BuildImages images, StepContainers steps, StepCache cache, BuildOptions options, StepLog out,
            CompletableFuture<Void> cancel, CacheMounts cacheMounts) {
        this.cacheMounts = cacheMounts;
        this.cacheSources = new CacheSources(images, options.cacheFrom());
        this.images = images;
        this.steps = steps;
        this.cache = cache;
        this.options = options;
        this.out = out;
        this.cancel = cancel;
    }

    /** ENV, LABEL, CMD and the rest: {@code text} is the instruction as history shows it ({@code ENV A=1}). */
    void meta(Stage st, String text, ImageContainerConfig next) {
        // the stage's shell after the step (a SHELL step's own), moby's getShell(runConfig); a one-word comment for
        // WORKDIR (and COPY, ADD), two words elsewhere; history's created_by is the words joined
        List<String> nop = new ArrayList<>(next.shell() == null || next.shell().isEmpty() ? st.shell() : next.shell());
        if (text.startsWith("WORKDIR")) {
            nop.add("#(nop) " + text);
        } else {
            nop.addAll(List.of("#(nop) ", text));
        }
        String createdBy = String.join(" ", nop);
        String key = StepCache.key(List.of(String.valueOf(st.image), "meta", createdBy, String.valueOf(next)));
        if (cached(st, key, createdBy, next, text)) {
            return;
        }
        String id = images.derive(st.image, next, createdBy, containerConfig(next, st.image, nop), st.author);
        record(st, key, id, text);
    }

    /**
     * RUN: {@code argv} is the command (the shell and the line, or the exec form); the build args in scope are in
     * its environment, and, as moby, in the history entry ({@code |1 X=1 /bin/sh -c …}) and the cache key.
     * BuildKit's {@code --network}: {@code none} runs the step with no network (its key says so); {@code default},
     * {@code host} (an entitlement jdockd does not grant) or null, in the build's network.
     */
    void run(Stage st, List<String> argv, List<dev.jdock.daemon.build.dockerfile.Mount> mounts, BindMounts binds,
            List<String> proxy, String network, String text) {
        boolean offline = "none".equals(network);
        List<String> argEnv = st.argEnv();
        String createdBy = String.join(" ", savedCmd(argEnv, argv));
        List<String> keyParts = new ArrayList<>(List.of(String.valueOf(st.image), "run", createdBy));
        for (var m : mounts) {
            keyParts.add("mount " + m.raw());
            if ("bind".equals(m.type())) {
                keyParts.add(binds.key(st, m));
            }
        }
        if (offline) {
            keyParts.add("network none");
        }
        String key = StepCache.key(keyParts);
        if (cached(st, key, createdBy, st.config, text)) {
            return;
        }
        List<String> env = new ArrayList<>(st.config.env() == null ? List.of() : st.config.env());
        env.addAll(argEnv);
        env.addAll(proxy);
        List<java.util.concurrent.locks.ReentrantLock> held = new ArrayList<>();
        List<Runnable> cleanup = new ArrayList<>();
        try {
            HostConfig hc = hostConfig(offline).toBuilder()
                    .mounts(cacheMounts.mounts(mounts, held, m -> binds.mount(st, m, cleanup))).build();
            runStep(st, argv, env, hc, createdBy, key, text);
        } finally {
            held.forEach(java.util.concurrent.locks.ReentrantLock::unlock);
            cleanup.forEach(Runnable::run);
        }
    }

    private void runStep(Stage st, List<String> argv, List<String> env, HostConfig hc, String createdBy, String key,
            String text) {
        ContainerCreateRequest req = stepContainer(st, argv, env, hc);
        String cid = steps.create(req);
        out.stream(" ---> Running in " + BuildIds.shortId(cid) + "\n");
        int code;
        try {
            code = steps.run(cid, new FramedOutput(out), cancel);
        } catch (IOException e) {
            removeQuietly(cid, options.forceRemove());
            throw EngineException.system("running the step: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            removeQuietly(cid, options.forceRemove());
            throw e;
        }
        if (cancel.isDone() || out.clientGone()) {
            removeQuietly(cid, true); // nobody will look at a cancelled step's container
            throw new EngineException(dev.jdock.daemon.errors.ErrorKind.SYSTEM,
                    "build cancelled: the client went away");
        }
        if (code != 0) {
            removeQuietly(cid, options.forceRemove());
            throw new StepFailed("The command '" + String.join(" ", argv) + "' returned a non-zero code: " + code,
                    code);
        }
        ContainerConfig cc = containerConfig(st.config, st.image, savedCmd(st.argEnv(), argv)).toBuilder()
                .entrypoint(null).build();
        String id = commitAndRemove(st, cid, createdBy, cc);
        record(st, key, id, text);
    }

    /** COPY or ADD of files to {@code dest} (absolute), owned as {@code --chown} says (root without it). */
    void copy(Stage st, String instruction, ContextCopy copy, String dest, String chown, String text) {
        copy.checkSources(instruction);
        String what = instruction + " " + copy.checksum() + " in " + dest + " ";
        String createdBy = String.join(" ", nopCmd(st, what));
        String key = StepCache.key(List.of(String.valueOf(st.image), "copy", createdBy, String.valueOf(chown)));
        if (cached(st, key, createdBy, st.config, text)) {
            return;
        }
        String root = steps.prepareRoot(st.image);
        try {
            boolean destExists = st.image != null && steps.isDirectory(root, dest);
            try (InputStream tar = new ProducerStream("build-copy", o -> copy.writeTar(o, destExists))) {
                steps.copyInto(root, owner(root, chown, ArchiveExtractor.Owner.ROOT), tar);
            }
            record(st, key, commitRoot(st, root, createdBy, nopCmd(st, what)), text);
        } catch (IOException e) {
            throw EngineException.system(instruction + " failed: " + e.getMessage(), e);
        } finally {
            steps.removeRoot(root);
        }
    }

    /**
     * ADD of a local archive: its contents are extracted into {@code dest} (a directory, made when missing), with
     * the archive's owners unless {@code --chown} gave some.
     */
    void addArchive(Stage st, ContextCopy archive, java.util.function.Supplier<InputStream> open, String dest,
            String chown, String text) {
        String what = "ADD " + archive.checksum() + " in " + dest + " ";
        String createdBy = String.join(" ", nopCmd(st, what));
        String key = StepCache.key(List.of(String.valueOf(st.image), "add-archive", createdBy,
                String.valueOf(chown)));
        if (cached(st, key, createdBy, st.config, text)) {
            return;
        }
        String root = steps.prepareRoot(st.image);
        try {
            if (st.image == null || !steps.isDirectory(root, dest)) {
                steps.copyInto(root, ArchiveExtractor.Owner.ROOT, new java.io.ByteArrayInputStream(
                        ContextCopy.directoryTar(dest)));
            }
            try (InputStream tar = open.get()) {
                steps.extractInto(root, dest, owner(root, chown, ArchiveExtractor.Owner.ARCHIVE), tar);
            }
            record(st, key, commitRoot(st, root, createdBy, nopCmd(st, what)), text);
        } catch (IOException e) {
            throw EngineException.system("ADD failed: " + e.getMessage(), e);
        } finally {
            steps.removeRoot(root);
        }
    }

    /** A COPY/ADD root's changes as the step's image (the caller removes the root). */
    private String commitRoot(Stage st, String root, String createdBy, List<String> cmd) {
        return steps.commit(root, st.image, st.config, createdBy, containerConfig(st.config, st.image, cmd),
                st.author);
    }

    /**
     * The owner {@code --chown} names: numeric ids at once; names looked up in the step root's own /etc/passwd and
     * /etc/group (a lone user names the group too, as moby's parseChownFlag).
     */
    private ArchiveExtractor.Owner owner(String root, String chown, ArchiveExtractor.Owner none) {
        if (chown == null || chown.isEmpty()) {
            return none;
        }
        int[] ids = Chown.numeric(chown);
        if (ids != null) {
            return new ArchiveExtractor.Owner(ids[0], ids[1], false);
        }
        return steps.owner(root, chown.contains(":") ? chown : chown + ":" + chown);
    }

    private String commitAndRemove(Stage st, String cid, String createdBy, ContainerConfig cc) {
        String id;
        try {
            id = steps.commit(cid, st.image, st.config, createdBy, cc, st.author);
        } catch (RuntimeException e) {
            removeQuietly(cid, options.forceRemove());
            throw e;
        }
        if (options.remove()) {
            steps.remove(cid);
            out.stream("Removing intermediate container " + BuildIds.shortId(cid) + "\n");
        }
        return id;
    }

    /**
     * The step's image from the cache, or else from a {@code --cache-from} source whose history continues the
     * stage's ({@code createdBy}, the image's {@code config}); recorded in the cache then.
     */
    private boolean cached(Stage st, String key, String createdBy, ImageContainerConfig config, String text) {
        if (options.noCache()) {
            return false;
        }
        Optional<String> hit = cache.lookup(key, images::exists);
        if (hit.isEmpty() && !cacheSources.isEmpty()) {
            hit = cacheSources.match(st.image, createdBy, config);
            hit.ifPresent(id -> cache.put(key, id, st.image, text));
        }
        if (hit.isEmpty()) {
            return false;
        }
        out.stream(" ---> Using cache\n");
        out.stream(" ---> " + BuildIds.shortId(hit.get()) + "\n");
        st.image = hit.get();
        st.config = images.config(hit.get()).config();
        return true;
    }

    /**
     * A step's new image. Its config is read back from the store, as on a cache hit: the next step's key then sees
     * the same config object whether this step ran or was cached.
     */
    private void record(Stage st, String key, String id, String text) {
        out.stream(" ---> " + BuildIds.shortId(id) + "\n");
        cache.put(key, id, st.image, text);
        st.image = id;
        st.config = images.config(id).config();
    }

    private void removeQuietly(String cid, boolean remove) {
        if (!remove) {
            return;
        }
        try {
            steps.remove(cid);
        } catch (RuntimeException e) {
            // the step's failure is what the client hears about
        }
    }

    /**
     * A RUN step's command as moby's prependEnvOnCmd saves it (history's created_by, joined, and the image's
     * ContainerConfig.Cmd): {@code |N} and the build args in scope, sorted, before the command; the command alone
     * without build args.
     */
    static List<String> savedCmd(List<String> argEnv, List<String> argv) {
        List<String> out = new ArrayList<>();
        if (!argEnv.isEmpty()) {
            out.add("|" + argEnv.size());
            argEnv.stream().sorted().forEach(out::add);
        }
        out.addAll(argv);
        return out;
    }

    private static List<String> nopCmd(Stage st, String text) { // COPY and ADD: a one-word comment
        List<String> cmd = new ArrayList<>(st.shell());
        cmd.add("#(nop) " + text);
        return cmd;
    }

    private ContainerCreateRequest stepContainer(Stage st, List<String> cmd, List<String> env, HostConfig hc) {
        ImageContainerConfig c = st.config;
        return ContainerCreateRequest.builder()
                .image(st.image)
                .cmd(cmd)
                .entrypoint(List.of())
                .env(env)
                .user(c.user() == null ? "" : c.user())
                .workingDir(c.workingDir() == null ? "" : c.workingDir())
                .labels(Map.of(StepContainers.STEP_LABEL, "true"))
                .hostConfig(hc)
                .build();
    }

    private HostConfig hostConfig(boolean offline) {
        BuildOptions.Resources r = options.resources();
        String net = offline ? "none" : "default".equals(options.networkMode()) ? "bridge" : options.networkMode();
        return HostConfig.builder()
                .networkMode(net)
                .logConfig(new LogConfig("json-file", Map.of()))
                .memory(r.memory())
                .memorySwap(r.memorySwap())
                .cpuShares(r.cpuShares())
                .cpuPeriod(r.cpuPeriod())
                .cpuQuota(r.cpuQuota())
                .cpusetCpus(r.cpusetCpus())
                .cpusetMems(r.cpusetMems())
                .shmSize(r.shmSize())
                .cgroupParent(r.cgroupParent())
                .ulimits(r.ulimits())
                .extraHosts(options.extraHosts())
                .build();
    }

    /**
     * The image's {@code ContainerConfig}, as moby's classic builder commits it: the whole config of the stage after
     * the step (Volumes, ExposedPorts, Entrypoint, Healthcheck... too) with the step's command as {@code Cmd}
     * (a {@code #(nop)} comment for a step without a process; a RUN's command, after its build args, with no
     * Entrypoint). docker-compose 1.x reads its {@code Volumes} to carry a service's anonymous volumes over to the
     * container it recreates.
     */
    static ContainerConfig containerConfig(ImageContainerConfig config, String image, List<String> cmd) {
        ContainerConfig c = dev.jdock.api.Json.mapper().convertValue(config, ContainerConfig.class);
        return c.toBuilder().image(image == null ? "" : image).cmd(cmd).build();
    }
}
