package dev.jdock.daemon.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One logical line to its {@link Instruction} record, with Docker's argument checks and messages. */
final class InstructionParser {
    private InstructionParser() {
    }

    /** What one instruction line holds once its keyword and flags are split off. */
    record Req(int line, String original, String keyword, String rest, Flags flags, char escape,
            List<Heredoc> heredocs) {
    }

    static Req split(String text, int line, char escape, List<Heredoc> heredocs) {
        String[] kw = Words.splitFirst(text);
        Words.Flagged f = Words.extractFlags(kw[1]);
        return new Req(line, text.strip(), kw[0].toLowerCase(Locale.ROOT), f.rest().strip(), new Flags(f.flags()),
                escape, heredocs);
    }

    static Instruction parse(String text, int line, char escape, List<Heredoc> heredocs) {
        try {
            return build(split(text, line, escape, heredocs));
        } catch (ParseFailure e) {
            throw Dockerfile.error(line, e.getMessage());
        }
    }

    private static Instruction build(Req r) {
        switch (r.keyword()) {
            case "from": return from(r);
            case "run": return CommandParsers.run(r);
            case "cmd": return CommandParsers.cmd(r);
            case "entrypoint": return CommandParsers.entrypoint(r);
            case "shell": return CommandParsers.shell(r);
            case "healthcheck": return CommandParsers.healthcheck(r);
            case "onbuild": return CommandParsers.onbuild(r);
            case "copy": return FileParsers.copy(r);
            case "add": return FileParsers.add(r);
            case "env": return new Env(r.line(), r.original(), pairs(r, "ENV"));
            case "label": return new Label(r.line(), r.original(), pairs(r, "LABEL"));
            case "arg": return arg(r);
            case "expose": return expose(r);
            case "volume": return FileParsers.volume(r);
            case "user": return new User(r.line(), r.original(), single(r, "USER"));
            case "workdir": return new Workdir(r.line(), r.original(), single(r, "WORKDIR"));
            case "stopsignal": return new StopSignal(r.line(), r.original(), single(r, "STOPSIGNAL"));
            case "maintainer": return new Maintainer(r.line(), r.original(), single(r, "MAINTAINER"));
            default: throw new ParseFailure("unknown instruction: " + r.keyword().toUpperCase(Locale.ROOT));
        }
    }

    private static From from(Req r) {
        r.flags().string("platform").parse();
        List<String> args = Words.whitespace(r.rest());
        String stage = null;
        if (args.size() == 3 && args.get(1).equalsIgnoreCase("as")) {
            stage = args.get(2).toLowerCase(Locale.ROOT);
            if (!validStageName(stage)) {
                throw new ParseFailure("invalid name for build stage: " + ShellLex.quote(stage)
                        + ", name can't start with a number or contain symbols");
            }
        } else if (args.size() != 1) {
            throw new ParseFailure("FROM requires either one or three arguments");
        }
        return new From(r.line(), r.original(), args.get(0), stage, r.flags().value("platform"));
    }

    /** {@code ^[a-z][a-z0-9-_\.]*$} without a regex. */
    static boolean validStageName(String s) {
        if (s.isEmpty() || s.charAt(0) < 'a' || s.charAt(0) > 'z') {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** parseString: the whole rest is the one argument. */
    private static String single(Req r, String name) {
        if (r.rest().isEmpty()) {
            throw new ParseFailure(name + " requires exactly one argument");
        }
        r.flags().parse();
        return r.rest();
    }

    /** ENV and LABEL: {@code k v} (legacy, the rest of the line is the value) or {@code k=v ...} words. */
    private static List<KeyValue> pairs(Req r, String name) {
        List<String> words = Words.quoted(r.rest(), r.escape());
        List<KeyValue> out = new ArrayList<>();
        if (!words.isEmpty() && words.get(0).indexOf('=') < 0) {
            String[] kv = Words.splitFirst(r.rest());
            if (kv[1].isEmpty()) {
                throw new ParseFailure(name + " must have two arguments");
            }
            out.add(new KeyValue(kv[0], kv[1]));
        } else {
            for (String w : words) {
                int eq = w.indexOf('=');
                if (eq < 0) {
                    throw new ParseFailure("Syntax error - can't find = in " + ShellLex.quote(w)
                            + ". Must be of the form: name=value");
                }
                out.add(new KeyValue(w.substring(0, eq), w.substring(eq + 1)));
            }
        }
        r.flags().parse();
        if (out.isEmpty()) {
            throw new ParseFailure(name + " requires at least one argument");
        }
        for (KeyValue kv : out) {
            if (kv.key().isEmpty()) {
                throw new ParseFailure(name + " names can not be blank");
            }
        }
        return List.copyOf(out);
    }

    private static Arg arg(Req r) {
        List<String> words = Words.quoted(r.rest(), r.escape());
        r.flags().parse();
        if (words.isEmpty()) {
            throw new ParseFailure("ARG requires at least one argument");
        }
        List<Arg.Definition> out = new ArrayList<>();
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq == 0) {
                throw new ParseFailure("ARG names can not be blank");
            }
            out.add(eq < 0 ? new Arg.Definition(w, null) : new Arg.Definition(w.substring(0, eq), w.substring(eq + 1)));
        }
        return new Arg(r.line(), r.original(), List.copyOf(out));
    }

    private static Expose expose(Req r) {
        List<String> ports = new ArrayList<>(Words.whitespace(r.rest()));
        if (ports.isEmpty()) {
            throw new ParseFailure("EXPOSE requires at least one argument");
        }
        r.flags().parse();
        ports.sort(null);
        return new Expose(r.line(), r.original(), List.copyOf(ports));
    }
}
