package dev.jdock.daemon.build;

import dev.jdock.api.value.GoQuote;
import dev.jdock.daemon.build.dockerfile.Add;
import dev.jdock.daemon.build.dockerfile.Arg;
import dev.jdock.daemon.build.dockerfile.Cmd;
import dev.jdock.daemon.build.dockerfile.Copy;
import dev.jdock.daemon.build.dockerfile.Entrypoint;
import dev.jdock.daemon.build.dockerfile.Env;
import dev.jdock.daemon.build.dockerfile.Expose;
import dev.jdock.daemon.build.dockerfile.From;
import dev.jdock.daemon.build.dockerfile.Healthcheck;
import dev.jdock.daemon.build.dockerfile.Heredoc;
import dev.jdock.daemon.build.dockerfile.Instruction;
import dev.jdock.daemon.build.dockerfile.KeyValue;
import dev.jdock.daemon.build.dockerfile.Label;
import dev.jdock.daemon.build.dockerfile.Maintainer;
import dev.jdock.daemon.build.dockerfile.Onbuild;
import dev.jdock.daemon.build.dockerfile.Run;
import dev.jdock.daemon.build.dockerfile.Shell;
import dev.jdock.daemon.build.dockerfile.StopSignal;
import dev.jdock.daemon.build.dockerfile.User;
import dev.jdock.daemon.build.dockerfile.Volume;
import dev.jdock.daemon.build.dockerfile.Workdir;
import dev.jdock.daemon.errors.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One instruction of a stage, after FROM: the words Docker expands are substituted (from the stage's ENV, then its
 * build args), then the step runs as moby's dispatcher for that instruction does, through {@link StepExecutor}.
 * The history text of a metadata step is moby's ({@code ENV A=1}, {@code CMD ["sh"]}, {@code VOLUME [/v]}).
 */
final class Dispatcher {
    /** Where COPY --from reads: the image of an earlier stage (by name or index), or of an image reference. */
    interface FromResolver {
        String image(Stage current, String ref);
    }

    private final StepExecutor exec;
    private final StepContainers steps;
    private final BuildArgs args;
    private final BuildContext context;
    private final FromResolver from;
    private final char escape;

    Dispatcher(StepExecutor exec, StepContainers steps, BuildArgs args, BuildContext context, FromResolver from,
            char escape) {
        this.exec = exec;
        this.steps = steps;
        this.args = args;
        this.context = context;
        this.from = from;
        this.escape = escape;
    }

    void dispatch(Stage st, Instruction raw) {
        Instruction in = raw.expanded(args.bounded(st.lookup()), escape);
        if (in instanceof Run r) {
            exec.run(st, runArgv(st, r), r.mounts(), new BindMounts(context, steps, from), args.proxyEnv(),
                    r.network(), r.original());
        } else if (in instanceof Copy c) {
            copy(st, new CopyRequest("COPY", c.sources(), c.heredocs(), c.dest(), c.from(), c.chown(), c.chmod(),
                    null, c.original()));
        } else if (in instanceof Add a) {
            copy(st, new CopyRequest("ADD", a.sources(), a.heredocs(), a.dest(), null, a.chown(), a.chmod(),
                    a.checksum(), a.original()));
        } else if (in instanceof Arg a) {
            arg(st, a);
        } else {
            ConfigDraft d = new ConfigDraft(st.config);
            String text = edit(st, in, d);
            exec.meta(st, text, d.toConfig());
        }
    }

    /** Applies a metadata instruction to {@code d}; returns the history text. */
    private static String edit(Stage st, Instruction in, ConfigDraft d) {
        if (in instanceof Env e) {
            e.pairs().forEach(kv -> d.env(kv.key(), kv.value()));
            return "ENV " + pairs(e.pairs());
        } else if (in instanceof Label l) {
            l.pairs().forEach(kv -> d.label(kv.key(), kv.value()));
            return "LABEL " + pairs(l.pairs());
        } else if (in instanceof Expose x) {
            x.ports().stream().flatMap(p -> dev.jdock.daemon.image.ExposedPorts.of(p).stream()).forEach(d::expose);
            return "EXPOSE " + String.join(" ", x.ports()); // moby's text: the words as written, expanded
        } else if (in instanceof Volume v) {
            v.paths().forEach(d::volume);
            return "VOLUME [" + String.join(" ", v.paths()) + "]";
        } else if (in instanceof User u) {
            d.user = u.user();
            return "USER " + u.user();
        } else if (in instanceof Workdir w) {
            d.workingDir = workdir(st.config.workingDir(), w.path());
            return "WORKDIR " + d.workingDir;
        } else if (in instanceof Cmd c) {
            d.cmd = command(st, c.command(), c.shellForm());
            d.argsEscaped = null;
            st.cmdSet = true;
            return "CMD " + goQuoted(d.cmd);
        } else if (in instanceof Entrypoint e) {
            d.entrypoint = command(st, e.command(), e.shellForm());
            if (!st.cmdSet) {
                d.cmd = null;
            }
            return "ENTRYPOINT " + goQuoted(d.entrypoint);
        } else if (in instanceof Shell s) {
            d.shell = s.shell();
            return "SHELL [" + String.join(" ", s.shell()) + "]";
        } else if (in instanceof StopSignal s) {
            d.stopSignal = s.signal();
            return "STOPSIGNAL " + s.signal();
        } else if (in instanceof Healthcheck h) {
            d.healthcheck = h.toConfig();
            return "HEALTHCHECK " + GoFormat.healthConfig(d.healthcheck); // moby's %q of the HealthConfig
        } else if (in instanceof Onbuild o) {
            d.onBuild(o.expression());
            return "ONBUILD " + o.expression();
        } else if (in instanceof Maintainer m) {
            st.author = m.name();
            return "MAINTAINER " + m.name();
        }
        throw EngineException.invalid("unexpected instruction " + in.keyword());
    }

    private void arg(Stage st, Arg a) {
        List<String> parts = new ArrayList<>();
        for (Arg.Definition def : a.args()) {
            st.args.put(def.name(), args.value(def.name(), def.defaultValue()));
            parts.add(def.defaultValue() == null ? def.name() : def.name() + "=" + def.defaultValue());
        }
        exec.meta(st, "ARG " + String.join(" ", parts), st.config);
    }

    /** One COPY or ADD, expanded. */
    private record CopyRequest(String instruction, List<String> sources, List<Heredoc> heredocs, String dest,
            String from, String chown, String chmod, String checksum, String original) {
    }

    private void copy(Stage st, CopyRequest c) {
        String target = c.dest().startsWith("/") ? c.dest() : workdir(st.config.workingDir(), c.dest())
                + (c.dest().endsWith("/") || c.dest().equals(".") ? "/" : "");
        Integer mode = c.chmod() == null || c.chmod().isEmpty() ? null : Chown.mode(c.chmod());
        if (!c.heredocs().isEmpty()) {
            if (!c.sources().isEmpty()) {
                throw EngineException.invalid(c.instruction() + " with both heredoc and file sources is not "
                        + "supported");
            }
            try (StepContainers.SourceRoot docs = context.heredocFiles(c.heredocs())) {
                List<String> names = c.heredocs().stream().map(Heredoc::name).toList();
                exec.copy(st, c.instruction(), new ContextCopy(docs.root(), names, target, mode), target,
                        c.chown(), c.original());
            }
            return;
        }
        if (c.checksum() != null && !c.checksum().isEmpty() && !c.sources().stream().allMatch(Dispatcher::isUrl)) {
            throw EngineException.invalid("checksum can't be specified for non-HTTP(S) sources");
        }
        if ("ADD".equals(c.instruction()) && c.sources().stream().anyMatch(Dispatcher::isUrl)) {
            addUrl(st, c, target, mode);
            return;
        }
        if (c.from() == null || c.from().isEmpty()) {
            ContextSources sources = new ContextSources(context.root());
            ContextCopy copy = new ContextCopy(context.root(), sources.expand(c.sources(), c.instruction()), target,
                    mode);
            if ("ADD".equals(c.instruction()) && copy.isArchive()) {
                exec.addArchive(st, copy, copy::open, target, c.chown(), c.original());
                return;
            }
            exec.copy(st, c.instruction(), copy, target, c.chown(), c.original());
            return;
        }
        try (StepContainers.SourceRoot src = steps.openImage(from.image(st, c.from()))) {
            ContextSources sources = new ContextSources(src.root());
            exec.copy(st, c.instruction(), new ContextCopy(src.root(), sources.expand(c.sources(), c.instruction()),
                    target, mode), target, c.chown(), c.original());
        }
    }

    /** ADD of one URL: downloaded beside the context, then added as a file (0600 unless --chmod, as moby). */
    private void addUrl(Stage st, CopyRequest c, String target, Integer mode) {
        if (c.sources().size() != 1) {
            throw EngineException.invalid("ADD of a URL takes one source at a time in jdockd");
        }
        try (BuildContext.Download d = context.download(c.sources().get(0))) {
            if (c.checksum() != null && !c.checksum().isEmpty()) {
                d.verify(c.checksum());
            }
            exec.copy(st, "ADD", new ContextCopy(d.root(), List.of(d.name()), target, mode == null ? 0600 : mode),
                    target, c.chown(), c.original());
        }
    }

    static boolean isUrl(String s) {
        return s.startsWith("http://") || s.startsWith("https://");
    }

    /** A RUN's argv: the stage's shell and the script for the shell form, the words themselves for the exec form. */
    static List<String> runArgv(Stage st, Run r) {
        if (!r.shellForm()) {
            return r.command();
        }
        List<String> argv = new ArrayList<>(st.shell());
        argv.add(r.script());
        return argv;
    }

    private static List<String> command(Stage st, List<String> words, boolean shellForm) {
        if (!shellForm) {
            return List.copyOf(words);
        }
        List<String> argv = new ArrayList<>(st.shell());
        argv.add(words.get(0));
        return argv;
    }

    /** moby's WORKDIR: relative to the current one, cleaned, absolute. */
    static String workdir(String current, String path) {
        String base = current == null || current.isEmpty() ? "/" : current;
        return "/" + ContextSources.clean(path.startsWith("/") ? path : base + "/" + path);
    }

    private static String pairs(List<KeyValue> kvs) {
        return kvs.stream().map(kv -> kv.key() + "=" + kv.value()).collect(Collectors.joining(" "));
    }

    /** Go's {@code %q} of a string slice: {@code ["a" "b c"]}. */
    static String goQuoted(List<String> l) {
        return l.stream().map(GoQuote::quote).collect(Collectors.joining(" ", "[", "]"));
    }


}
