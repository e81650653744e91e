package dev.jdock.daemon.build;

import dev.jdock.api.types.image.OciImageConfig;
import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.build.dockerfile.Arg;
import dev.jdock.daemon.build.dockerfile.Dockerfile;
import dev.jdock.daemon.build.dockerfile.From;
import dev.jdock.daemon.build.dockerfile.Instruction;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One build's stages, once the Dockerfile is read: the global ARGs, then each stage the target needs. Stages run in
 * parallel (at most {@link #MAX_PARALLEL} at once) as far as their dependencies allow: a stage waits for the stage
 * it builds FROM or copies {@code --from} only where it needs it. Their messages reach the client in file order, as
 * if they had run one after another ({@link StageLog}, 16 MiB kept at most per build). The first failure in that
 * order is the build's; it stops the other stages (their running step containers are killed).
 */
final class BuildRun {
    static final int MAX_PARALLEL = 3;

    /** What a run is given: the build's collaborators and its input. */
    record Inputs(BuildImages images, StepContainers steps, StepCache cache, CacheMounts mounts, BuildOptions options,
            Dockerfile dockerfile, BuildArgs args, BuildContext context) {
    }

    private final Inputs in;
    private final BuildOptions o;
    private final BuildOutput out;
    private final char escape;
    private final CompletableFuture<Void> stop = new CompletableFuture<>();
    private final Map<Integer, CompletableFuture<Stage>> done = new ConcurrentHashMap<>();
    private BuildPlan plan;

    BuildRun(Inputs in, BuildOutput out, CompletableFuture<Void> cancel) {
        this.in = in;
        this.o = in.options();
        this.out = out;
        this.escape = in.dockerfile().directives().escape();
        cancel.whenComplete((v, e) -> stop.complete(null));
    }

    void run() {
        for (String w : in.dockerfile().warnings()) {
            out.stream("[WARNING]: " + w + "\n"); // moby prints the parser's warnings before the first step
        }
        declareGlobals();
        plan = BuildPlan.of(in.dockerfile(), o.target(), o.labels(),
                f -> ((From) f.expanded(in.args().globalLookup(), escape)).image());
        int n = 0;
        for (Arg a : plan.globals) {
            out.step(++n, plan.steps, a.original());
        }
        List<BuildPlan.StagePlan> order = new ArrayList<>();
        List<Integer> first = new ArrayList<>();
        for (BuildPlan.StagePlan sp : plan.stages) {
            if (plan.needed[sp.index()]) {
                order.add(sp);
                first.add(n + 1);
                n += 1 + sp.body().size();
                done.put(sp.index(), new CompletableFuture<>());
            }
        }
        if (order.size() == 1) {
            done.get(order.get(0).index()).complete(runStage(order.get(0), first.get(0), out));
        } else {
            runParallel(order, first);
        }
        finish(done.get(plan.target).join());
    }

    private void declareGlobals() {
        for (Instruction i : in.dockerfile().instructions()) {
            if (i instanceof From) {
                break;
            }
            if (i instanceof Arg a) {
                for (Arg.Definition d : ((Arg) a.expanded(in.args().globalLookup(), escape)).args()) {
                    in.args().declareGlobal(d.name(), d.defaultValue());
                }
            }
        }
    }

    private void runParallel(List<BuildPlan.StagePlan> order, List<Integer> first) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(order.size(), MAX_PARALLEL), r -> {
            Thread t = new Thread(r, "build-stage");
            t.setDaemon(true);
            return t;
        });
        List<StageLog> logs = new ArrayList<>();
        StageLog.Budget budget = new StageLog.Budget();
        try {
            for (int k = 0; k < order.size(); k++) {
                BuildPlan.StagePlan sp = order.get(k);
                int from = first.get(k);
                StageLog log = new StageLog(out, budget);
                logs.add(log);
                pool.execute(() -> {
                    try {
                        done.get(sp.index()).complete(runStage(sp, from, log));
                    } catch (Throwable t) {
                        done.get(sp.index()).completeExceptionally(t);
                    } finally {
                        log.end();
                    }
                });
            }
            for (int k = 0; k < order.size(); k++) {
                logs.get(k).drainTo(out);
                awaitOrFail(done.get(order.get(k).index()), logs);
            }
        } finally {
            pool.shutdown();
            if (stop.isDone()) {
                logs.forEach(StageLog::abort);
                awaitQuietly(pool);
            }
        }
    }

    private void awaitOrFail(CompletableFuture<Stage> stage, List<StageLog> logs) {
        try {
            stage.join();
        } catch (CompletionException e) {
            stop.complete(null);
            logs.forEach(StageLog::abort);
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw EngineException.system("build stage failed: " + cause, cause);
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Stage runStage(BuildPlan.StagePlan sp, int firstStep, StepLog log) {
        checkCancelled(log);
        int n = firstStep;
        log.step(n, plan.steps, sp.from().original());
        Stage st = start(sp, log);
        StepExecutor exec = new StepExecutor(in.images(), in.steps(), in.cache(), o, log, stop, in.mounts());
        Dispatcher.FromResolver from = (stage, ref) -> {
            int i = plan.stageIndex(stage.index, ref);
            return i >= 0 ? stageImage(i) : base(ref, log);
        };
        Dispatcher dispatcher = new Dispatcher(exec, in.steps(), in.args(), in.context(), from, escape);
        triggers(st, dispatcher, log);
        for (Instruction i : sp.body()) {
            checkCancelled(log);
            log.step(++n, plan.steps, i.original());
            dispatcher.dispatch(st, i);
        }
        return st;
    }

    /** The image an earlier stage ended with, waiting for it when it still runs. */
    private String stageImage(int index) {
        CompletableFuture<Stage> f = done.get(index);
        if (f == null) {
            throw EngineException.invalid("stage " + index + " is not part of this build");
        }
        try {
            return f.join().image;
        } catch (CompletionException e) {
            throw new EngineException(ErrorKind.SYSTEM, "an earlier stage failed");
        }
    }

    /** FROM: an earlier stage's image, scratch, a local image, or one pulled (always with {@code pull}). */
    private Stage start(BuildPlan.StagePlan sp, StepLog log) {
        From f = (From) sp.from().expanded(in.args().globalLookup(), escape);
        Builder.checkPlatform(f.platform() == null ? "" : f.platform());
        String ref = f.image();
        int stage = plan.stageIndex(sp.index(), ref);
        String image;
        if (stage >= 0) {
            image = stageImage(stage);
        } else if ("scratch".equals(ref.toLowerCase(Locale.ROOT))) {
            image = null;
        } else {
            image = base(ref, log);
        }
        OciImageConfig cfg = image == null ? null : in.images().config(image);
        Stage st = new Stage(sp.index(), f.stageName(), image, cfg == null ? null : cfg.config());
        log.stream(" ---> " + (image == null ? "" : BuildIds.shortId(image)) + "\n"); // moby's bare arrow for scratch
        return st;
    }

    /**
     * The base image's ONBUILD triggers, run right after FROM as moby runs them (no step lines of their own); the
     * new image does not inherit them.
     */
    private static void triggers(Stage st, Dispatcher dispatcher, StepLog log) {
        List<String> triggers = st.config.onBuild();
        if (triggers == null || triggers.isEmpty()) {
            return;
        }
        List<Instruction> parsed = Dockerfile.parseTriggers(triggers);
        log.stream("# Executing " + parsed.size() + " build trigger" + (parsed.size() == 1 ? "" : "s") + "\n");
        ConfigDraft d = new ConfigDraft(st.config);
        d.onBuild = null;
        st.config = d.toConfig();
        for (Instruction i : parsed) {
            dispatcher.dispatch(st, i);
        }
    }

    private String base(String ref, StepLog log) {
        ImageReference parsed;
        try {
            parsed = ImageReference.parse(ref);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("invalid reference format: " + ref);
        }
        if (!o.pull()) {
            var local = in.images().find(ref);
            if (local.isPresent()) {
                return local.get();
            }
        }
        if (parsed.tag() == null && parsed.digest() == null) {
            parsed = parsed.withTag("latest");
        }
        return in.images().pull(parsed, o.registryConfig(), o.platform(), log.passthrough());
    }

    private void finish(Stage target) {
        if (target == null || target.image == null) {
            throw EngineException.invalid("No image was generated. Is your Dockerfile empty?");
        }
        List<String> unused = in.args().unconsumed();
        if (!unused.isEmpty()) {
            out.stream("[Warning] One or more build-args [" + String.join(" ", unused) + "] were not consumed\n");
        }
        List<String> tagged = new ArrayList<>();
        for (ImageReference t : o.tags()) {
            in.images().tag(target.image, t);
            tagged.add(t.familiarString());
        }
        out.built(target.image, tagged);
    }

    private void checkCancelled(StepLog log) {
        if (stop.isDone() || log.clientGone()) {
            throw new EngineException(ErrorKind.SYSTEM, "build cancelled: the client went away");
        }
    }
}
