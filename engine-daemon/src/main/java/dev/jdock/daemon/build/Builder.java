package dev.jdock.daemon.build;

import dev.jdock.api.types.image.OciImageConfig;
import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.build.dockerfile.Arg;
import dev.jdock.daemon.build.dockerfile.Dockerfile;
import dev.jdock.daemon.build.dockerfile.From;
import dev.jdock.daemon.build.dockerfile.Instruction;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /build}, the classic builder: the context is received (streamed to disk), the Dockerfile parsed, and
 * the stages the target needs run step by step, each step leaving an image (cached by its key); the target's
 * image is tagged. A failure or a client that goes away stops the build at once; nothing is tagged then, and step
 * containers are removed as {@code rm}/{@code forcerm} say (moby keeps a failed RUN's container unless forcerm).
 */
public final class Builder implements BuildBackend {
    private static final String OS = "linux";
    private static final String ARCH = "amd64";

    private final BuildImages images;
    private final StepContainers steps;
    private final StepCache cache;
    private final Path contexts;
    private final CacheMounts mounts;

    Builder(BuildImages images, StepContainers steps, StepCache cache, Path contexts, CacheMounts mounts) {
        this.images = images;
        this.steps = steps;
        this.cache = cache;
        this.contexts = contexts;
        this.mounts = mounts;
    }

    /** Removes what a killed daemon left of builds (contexts) and loads the cache. */
    public void boot() {
        BuildContext.sweep(contexts);
        cache.load();
    }

    @Override
    public void build(BuildOptions o, InputStream context, BuildOutput out, CompletableFuture<Void> cancel) {
        checkPlatform(o.platform());
        try (BuildContext ctx = BuildContext.receive(contexts, context)) {
            Dockerfile df = Dockerfile.parse(new StringReader(ctx.dockerfile(o.dockerfile())),
                    BuildContext.MAX_DOCKERFILE);
            ctx.dropIgnoredBuildFiles(o.dockerfile());
            BuildArgs args = new BuildArgs(o.buildArgs(), OS, ARCH);
            run(o, df, args, ctx, out, cancel);
        } catch (StepExecutor.StepFailed e) {
            out.fail(EngineException.invalid(e.getMessage()), e.exitCode);
        } catch (EngineException e) {
            out.fail(e, null);
        }
    }

    private void run(BuildOptions o, Dockerfile df, BuildArgs args, BuildContext ctx, BuildOutput out,
            CompletableFuture<Void> cancel) {
        for (Instruction in : df.instructions()) {
            if (in instanceof From) {
                break;
            }
            if (in instanceof Arg a) {
                for (Arg.Definition d : ((Arg) a.expanded(args::globalLookup, df.directives().escape())).args()) {
                    args.declareGlobal(d.name(), d.defaultValue());
                }
            }
        }
        char escape = df.directives().escape();
        BuildPlan plan = BuildPlan.of(df, o.target(), o.labels(),
                f -> ((From) f.expanded(args::globalLookup, escape)).image());
        StepExecutor exec = new StepExecutor(images, steps, cache, o, out, cancel, mounts);
        Map<Integer, Stage> built = new HashMap<>();
        Dispatcher.FromResolver from = (st, ref) -> {
            int i = BuildPlan.stageIndex(plan.stages, st.index, ref);
            return i >= 0 ? built.get(i).image : base(o, ref, out);
        };
        Dispatcher dispatcher = new Dispatcher(exec, steps, args, ctx, from, escape);
        int n = 0;
        for (Arg a : plan.globals) {
            out.step(++n, plan.steps, a.original());
        }
        for (BuildPlan.StagePlan sp : plan.stages) {
            if (!plan.needed[sp.index()]) {
                continue;
            }
            checkCancelled(cancel, out);
            out.step(++n, plan.steps, sp.from().original());
            Stage st = start(o, sp, plan, built, args, escape, out);
            triggers(st, dispatcher, out);
            for (Instruction in : sp.body()) {
                checkCancelled(cancel, out);
                out.step(++n, plan.steps, in.original());
                dispatcher.dispatch(st, in);
            }
            built.put(sp.index(), st);
        }
        finish(o, built.get(plan.target), args, out);
    }

    /** FROM: an earlier stage's image, scratch, a local image, or one pulled (always with {@code pull}). */
    private Stage start(BuildOptions o, BuildPlan.StagePlan sp, BuildPlan plan, Map<Integer, Stage> built,
            BuildArgs args, char escape, BuildOutput out) {
        From f = (From) sp.from().expanded(args::globalLookup, escape);
        checkPlatform(f.platform() == null ? "" : f.platform());
        String ref = f.image();
        int stage = BuildPlan.stageIndex(plan.stages, sp.index(), ref);
        String image;
        if (stage >= 0) {
            image = built.get(stage).image;
        } else if ("scratch".equals(ref.toLowerCase(Locale.ROOT))) {
            image = null;
        } else {
            image = base(o, ref, out);
        }
        OciImageConfig cfg = image == null ? null : images.config(image);
        Stage st = new Stage(sp.index(), f.stageName(), image, cfg == null ? null : cfg.config());
        out.stream(" ---> " + (image == null ? "" : BuildIds.shortId(image)) + "\n"); // moby's bare arrow for scratch
        return st;
    }

    /**
     * The base image's ONBUILD triggers, run right after FROM as moby runs them (no step lines of their own); the
     * new image does not inherit them.
     */
    private void triggers(Stage st, Dispatcher dispatcher, BuildOutput out) {
        List<String> triggers = st.config.onBuild();
        if (triggers == null || triggers.isEmpty()) {
            return;
        }
        List<Instruction> parsed = Dockerfile.parseTriggers(triggers);
        out.stream("# Executing " + parsed.size() + " build trigger" + (parsed.size() == 1 ? "" : "s") + "\n");
        ConfigDraft d = new ConfigDraft(st.config);
        d.onBuild = null;
        st.config = d.toConfig();
        for (Instruction in : parsed) {
            dispatcher.dispatch(st, in);
        }
    }

    private String base(BuildOptions o, String ref, BuildOutput out) {
        ImageReference parsed;
        try {
            parsed = ImageReference.parse(ref);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("invalid reference format: " + ref);
        }
        if (!o.pull()) {
            var local = images.find(ref);
            if (local.isPresent()) {
                return local.get();
            }
        }
        if (parsed.tag() == null && parsed.digest() == null) {
            parsed = parsed.withTag("latest");
        }
        return images.pull(parsed, o.registryConfig(), o.platform(), out.passthrough());
    }

    private void finish(BuildOptions o, Stage target, BuildArgs args, BuildOutput out) {
        if (target == null || target.image == null) {
            throw EngineException.invalid("No image was generated. Is your Dockerfile empty?");
        }
        List<String> unused = args.unconsumed();
        if (!unused.isEmpty()) {
            out.stream("[Warning] One or more build-args [" + String.join(" ", unused) + "] were not consumed\n");
        }
        List<String> tagged = new ArrayList<>();
        for (ImageReference t : o.tags()) {
            images.tag(target.image, t);
            tagged.add(t.familiarString());
        }
        out.built(target.image, tagged);
    }

    private static void checkCancelled(CompletableFuture<Void> cancel, BuildOutput out) {
        if (cancel.isDone() || out.clientGone()) {
            throw new EngineException(ErrorKind.SYSTEM, "build cancelled: the client went away");
        }
    }

    /** Only the host's platform builds here (no emulation). */
    static void checkPlatform(String platform) {
        if (platform == null || platform.isEmpty()) {
            return;
        }
        String p = platform.toLowerCase(Locale.ROOT);
        if (!p.equals(OS + "/" + ARCH) && !p.equals(OS) && !p.equals(OS + "/x86_64")) {
            throw EngineException.invalid("platform " + platform + " is not supported: jdockd builds for "
                    + OS + "/" + ARCH + " only");
        }
    }

    @Override
    public StepCache cache() {
        return cache;
    }

    /** The RUN cache mounts (builder prune removes them). */
    CacheMounts cacheMounts() {
        return mounts;
    }
}
