package dev.jdock.daemon.build;

import dev.jdock.daemon.build.dockerfile.Arg;
import dev.jdock.daemon.build.dockerfile.Copy;
import dev.jdock.daemon.build.dockerfile.Dockerfile;
import dev.jdock.daemon.build.dockerfile.From;
import dev.jdock.daemon.build.dockerfile.Instruction;
import dev.jdock.daemon.build.dockerfile.Label;
import dev.jdock.daemon.build.dockerfile.Run;
import dev.jdock.daemon.errors.EngineException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which steps a build runs: the global ARGs, then the stages the target needs, in file order. A stage is needed
 * when it is the target, or a needed stage builds FROM it, copies {@code --from} it or mounts from it (BuildKit
 * skips the others; moby's classic builder ran them all). The client's {@code labels} become LABEL steps at the
 * end of the target, one per label in key order, as moby appends them ({@code LABEL k=v}, never expanded).
 */
final class BuildPlan {
    /** One stage: its FROM, its instructions, its index and lower-case name (null without AS). */
    record StagePlan(int index, From from, List<Instruction> body) {
        String name() {
            return from.stageName();
        }
    }

    final List<Arg> globals;
    final List<StagePlan> stages;
    final int target;
    final boolean[] needed;
    final int steps;
    private final Map<String, Integer> firstNamed;

    private BuildPlan(List<Arg> globals, List<StagePlan> stages, Map<String, Integer> firstNamed, int target,
            boolean[] needed) {
        this.globals = globals;
        this.stages = stages;
        this.firstNamed = firstNamed;
        this.target = target;
        this.needed = needed;
        int n = globals.size();
        for (StagePlan s : stages) {
            if (needed[s.index()]) {
                n += 1 + s.body().size();
            }
        }
        this.steps = n;
    }

    /**
     * @param fromImage a stage's FROM image after expansion with the global ARGs (to see which FROM names a stage)
     */
    static BuildPlan of(Dockerfile df, String target, Map<String, String> labels,
            java.util.function.Function<From, String> fromImage) {
        List<Arg> globals = new ArrayList<>();
        List<StagePlan> stages = new ArrayList<>();
        From current = null;
        List<Instruction> body = null;
        for (Instruction in : df.instructions()) {
            if (in instanceof From f) {
                if (current != null) {
                    stages.add(new StagePlan(stages.size(), current, List.copyOf(body)));
                }
                current = f;
                body = new ArrayList<>();
            } else if (current == null) {
                if (!(in instanceof Arg a)) {
                    throw EngineException.invalid("dockerfile parse error line " + in.line()
                            + ": no build stage in current context");
                }
                globals.add(a);
            } else {
                body.add(in);
            }
        }
        if (current == null) {
            throw EngineException.invalid("dockerfile parse error: no build stage in current context");
        }
        stages.add(new StagePlan(stages.size(), current, List.copyOf(body)));
        int t = targetIndex(stages, target);
        if (!labels.isEmpty()) {
            StagePlan s = stages.get(t);
            List<Instruction> withLabel = new ArrayList<>(s.body());
            new TreeSet<>(labels.keySet()).forEach(k -> withLabel.add(Label.literal(k, labels.get(k))));
            stages.set(t, new StagePlan(t, s.from(), List.copyOf(withLabel)));
        }
        Map<String, Integer> named = firstNamed(stages);
        return new BuildPlan(List.copyOf(globals), List.copyOf(stages), named, t, needed(stages, named, t, fromImage));
    }

    private static int targetIndex(List<StagePlan> stages, String target) {
        if (target == null || target.isEmpty()) {
            return stages.size() - 1;
        }
        for (StagePlan s : stages) {
            if (target.toLowerCase(Locale.ROOT).equals(s.name())) {
                return s.index();
            }
        }
        throw EngineException.invalid("failed to reach build target " + target + " in Dockerfile");
    }

    /** The stages {@code target} depends on, through FROM, COPY --from and RUN --mount from= (earlier only). */
    private static boolean[] needed(List<StagePlan> stages, Map<String, Integer> named, int target,
            java.util.function.Function<From, String> fromImage) {
        boolean[] needed = new boolean[stages.size()];
        Deque<Integer> todo = new ArrayDeque<>(List.of(target));
        while (!todo.isEmpty()) {
            int i = todo.pop();
            if (needed[i]) {
                continue;
            }
            needed[i] = true;
            StagePlan s = stages.get(i);
            refer(named, i, fromImage.apply(s.from()), todo);
            for (Instruction in : s.body()) {
                if (in instanceof Copy c && c.from() != null) {
                    refer(named, i, c.from(), todo);
                }
                if (in instanceof Run r) {
                    r.mounts().stream().filter(m -> m.from() != null).forEach(m -> refer(named, i, m.from(), todo));
                }
            }
        }
        return needed;
    }

    private static void refer(Map<String, Integer> named, int from, String ref, Deque<Integer> todo) {
        int i = stageIndex(named, from, ref);
        if (i >= 0) {
            todo.push(i);
        }
    }

    /** The earlier stage {@code ref} names (its AS name, or its index), or -1 for an image reference. */
    int stageIndex(int before, String ref) {
        return stageIndex(firstNamed, before, ref);
    }

    /**
     * Each stage name's first stage: a lookup is then one probe, not a scan of the stages before (a Dockerfile of
     * 90,000 stages, each FROM the last, took 42 s of daemon CPU to plan; 4 MiB holds 230,000).
     */
    private static Map<String, Integer> firstNamed(List<StagePlan> stages) {
        Map<String, Integer> named = new java.util.HashMap<>();
        for (StagePlan s : stages) {
            if (s.name() != null) {
                named.putIfAbsent(s.name(), s.index());
            }
        }
        return named;
    }

    private static int stageIndex(Map<String, Integer> named, int before, String ref) {
        if (ref == null) {
            return -1;
        }
        String r = ref.toLowerCase(Locale.ROOT);
        Integer first = named.get(r);
        if (first != null && first < before) {
            return first;
        }
        if (!r.isEmpty() && r.chars().allMatch(Character::isDigit) && r.length() < 6) {
            int i = Integer.parseInt(r);
            return i < before ? i : -1;
        }
        return -1;
    }
}
