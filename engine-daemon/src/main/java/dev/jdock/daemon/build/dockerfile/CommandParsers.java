package dev.jdock.daemon.build.dockerfile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK and ONBUILD: the instructions that hold a command. */
final class CommandParsers {
    private CommandParsers() {
    }

    /** A command in exec form (the JSON strings) or shell form (the rest as one string; none when empty). */
    record Command(List<String> args, boolean shellForm) {
        static Command of(String rest) {
            List<String> json = JsonArgs.parse(rest);
            if (json != null) {
                return new Command(json, false);
            }
            return new Command(rest.isEmpty() ? List.of() : List.of(rest), true);
        }
    }

    static Run run(InstructionParser.Req r) {
        Flags f = r.flags().strings("mount").string("network").string("security").parse();
        Command c = Command.of(r.rest());
        List<Mount> mounts = new ArrayList<>();
        for (String m : f.all("mount")) {
            mounts.add(Mount.parse(m, s -> s, true));
        }
        String network = f.value("network");
        if (network != null && !List.of("default", "none", "host").contains(network)) {
            throw new ParseFailure("unsupported network mode \"" + network + "\"");
        }
        String security = f.value("security");
        if (security != null && !List.of("sandbox", "insecure").contains(security)) {
            throw new ParseFailure("unsupported security mode \"" + security + "\"");
        }
        return new Run(r.line(), r.original(), c.args(), c.shellForm(), List.copyOf(mounts), network, security,
                List.copyOf(r.heredocs()));
    }

    static Cmd cmd(InstructionParser.Req r) {
        r.flags().parse();
        Command c = Command.of(r.rest());
        return new Cmd(r.line(), r.original(), c.args(), c.shellForm());
    }

    static Entrypoint entrypoint(InstructionParser.Req r) {
        r.flags().parse();
        Command c = Command.of(r.rest());
        return new Entrypoint(r.line(), r.original(), c.args(), c.shellForm());
    }

    static Shell shell(InstructionParser.Req r) {
        r.flags().parse();
        Command c = Command.of(r.rest());
        if (c.args().isEmpty()) {
            throw new ParseFailure("SHELL requires at least one argument");
        }
        if (c.shellForm()) {
            throw new ParseFailure("SHELL requires the arguments to be in JSON form");
        }
        return new Shell(r.line(), r.original(), c.args());
    }

    static Healthcheck healthcheck(InstructionParser.Req r) {
        String[] typeRest = Words.splitFirst(r.rest());
        if (typeRest[0].isEmpty()) {
            throw new ParseFailure("HEALTHCHECK requires at least one argument");
        }
        String type = typeRest[0].toUpperCase(Locale.ROOT);
        Command c = Command.of(typeRest[1]);
        if (type.equals("NONE")) {
            if (!c.args().isEmpty()) {
                throw new ParseFailure("HEALTHCHECK NONE takes no arguments");
            }
            return new Healthcheck(r.line(), r.original(), List.of("NONE"), null, null, null, null, null);
        }
        Flags f = r.flags().string("interval").string("timeout").string("start-period").string("start-interval")
                .string("retries").parse();
        if (!type.equals("CMD")) {
            throw new ParseFailure("Unknown type \"" + type + "\" in HEALTHCHECK (try CMD)");
        }
        if (c.args().isEmpty()) {
            throw new ParseFailure("Missing command after HEALTHCHECK CMD");
        }
        List<String> test = new ArrayList<>();
        test.add(c.shellForm() ? "CMD-SHELL" : "CMD");
        test.addAll(c.args());
        return new Healthcheck(r.line(), r.original(), List.copyOf(test), interval(f, "interval"),
                interval(f, "timeout"), interval(f, "start-period"), interval(f, "start-interval"), retries(f));
    }

    private static Duration interval(Flags f, String name) {
        String v = f.value(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        Duration d;
        try {
            d = Duration.ofNanos(dev.jdock.api.value.GoDuration.parseNanos(v));
        } catch (IllegalArgumentException e) {
            throw new ParseFailure(e.getMessage());
        }
        if (!d.isZero() && d.compareTo(Duration.ofMillis(1)) < 0) {
            throw new ParseFailure("Interval \"" + name + "\" cannot be less than 1ms");
        }
        return d;
    }

    private static Integer retries(Flags f) {
        String v = f.value("retries");
        if (v == null || v.isEmpty()) {
            return null;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ParseFailure("strconv.ParseInt: parsing \"" + v + "\": invalid syntax");
        }
        if (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE) {
            throw new ParseFailure("strconv.ParseInt: parsing \"" + v + "\": value out of range");
        }
        if (n < 1) {
            throw new ParseFailure("--retries must be at least 1 (not " + n + ")");
        }
        return (int) n;
    }

    static Onbuild onbuild(InstructionParser.Req r) {
        if (r.rest().isEmpty()) {
            throw new ParseFailure("ONBUILD requires at least one argument");
        }
        r.flags().parse();
        String inner = Words.splitFirst(r.rest())[0].toUpperCase(Locale.ROOT);
        if (inner.equals("ONBUILD")) {
            throw new ParseFailure("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
        }
        if (inner.equals("MAINTAINER") || inner.equals("FROM")) {
            throw new ParseFailure(inner + " isn't allowed as an ONBUILD trigger");
        }
        StringBuilder expression = new StringBuilder(stripOnbuild(r.original()));
        for (Heredoc h : r.heredocs()) {
            expression.append('\n').append(h.content()).append(h.name());
        }
        Instruction trigger = InstructionParser.parse(r.rest(), r.line(), r.escape(), r.heredocs());
        return new Onbuild(r.line(), r.original(), expression.toString(), trigger);
    }

    /** {@code (?i)^\s*ONBUILD\s*} removed. */
    private static String stripOnbuild(String original) {
        String t = original.stripLeading();
        t = t.substring(Math.min(7, t.length()));
        return t.stripLeading();
    }
}
