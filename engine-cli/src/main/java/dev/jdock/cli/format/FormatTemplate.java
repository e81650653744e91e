package dev.jdock.cli.format;

import dev.jdock.api.MiniJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The subset of Go's text/template that docker {@code --format} strings use, over plain JSON-like values (Map, List,
 * String, Long/Double, Boolean, null) as {@link MiniJson} produces them: {@code {{.A.B}}}, {@code {{.}}},
 * {@code {{$}}}, variables, pipes ({@code {{.X | json}}}), method values ({@code {{.Label "k"}}} where the map holds a
 * {@link Method}), {@code if/else if/else}, {@code range} (with {@code $i, $v :=}), {@code with}, trim markers
 * ({@code {{-}} and {@code -}}}), string, number and boolean literals, and the functions of
 * {@link TemplateFunctions} (json, join, split, lower, upper, title, pad, truncate, index, len, printf, eq, not...).
 * Errors are {@link IllegalArgumentException}s worded as Go's. Reusable for ps, inspect, network and volume ls.
 */
public final class FormatTemplate {
    /** A callable value in a data map, e.g. {@code Label} of an image row. Skipped by {@code json}. */
    @FunctionalInterface
    public interface Method {
        Object call(List<Object> args);
    }

    /** The value of a missing map key ({@code <no value>} when printed). */
    static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "<no value>";
        }
    };

    private final String source;
    private final List<TemplateParser.Node> nodes;
    private final boolean strict;
    private final String typeName;
    private boolean sortedJson;
    private boolean escapedRows;
    private String name = "";

    private FormatTemplate(String source, List<TemplateParser.Node> nodes, boolean strict, String typeName) {
        this.source = source;
        this.nodes = nodes;
        this.strict = strict;
        this.typeName = typeName;
    }

    /** Parses a template; a missing field prints {@code <no value>} (as Go over a map). */
    public static FormatTemplate parse(String text) {
        return new FormatTemplate(text, new TemplateParser(text).parse(), false, null);
    }

    /**
     * Parses a template where a missing field is an error: with {@code typeName} null worded as Go over a map with
     * missingkey=error ({@code map has no entry for key "X"}), else as over a struct ({@code can't evaluate field X
     * in type *formatter.imageContext}).
     */
    public static FormatTemplate parseStrict(String text, String typeName) {
        return new FormatTemplate(text, new TemplateParser(text).parse(), true, typeName);
    }

    /**
     * Makes {@code json} sort map keys, as Go's encoding/json does for the raw {@code map[string]interface{}} the
     * docker CLI falls back to in inspect (e.g. when a template names {@code .Id}, which the Go struct calls ID).
     */
    public FormatTemplate sortedJson(boolean sorted) {
        this.sortedJson = sorted;
        return this;
    }

    /**
     * Names the template as Go's {@code template.New(name)}: errors then read {@code template: NAME:1:2: executing
     * "NAME" at ...} (docker's version template is "version"; its other templates are unnamed).
     */
    public FormatTemplate named(String templateName) {
        this.name = templateName;
        return this;
    }

    /** Parses a named template, its errors worded with the name (see {@link #named}). */
    public static FormatTemplate parseStrict(String text, String typeName, String templateName) {
        try {
            return parseStrict(text, typeName).named(templateName);
        } catch (IllegalArgumentException e) {
            throw renamed(e, templateName);
        }
    }

    private static IllegalArgumentException renamed(IllegalArgumentException e, String templateName) {
        if (templateName.isEmpty() || e.getMessage() == null) {
            return e;
        }
        return new IllegalArgumentException(e.getMessage().replace("template: :", "template: " + templateName + ":")
                .replace("executing \"\" at", "executing \"" + templateName + "\" at"));
    }

    /**
     * Makes {@code {{json .}}} of a whole row HTML-escape ({@code \u003e} for {@code >}), as the docker CLI's listing
     * contexts do through their MarshalJSON; its {@code json} function otherwise leaves {@code <>&} as they are.
     */
    FormatTemplate escapedRows(boolean escaped) {
        this.escapedRows = escaped;
        return this;
    }

    /** Go's error prefix for a failure at {@code offset}: {@code template: :LINE:COL: executing "" at <TEXT>: }. */
    private String at(int offset, String text) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < Math.max(0, offset) && i < source.length(); i++) {
            if (source.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "template: :" + line + ":" + (offset - lineStart) + ": executing \"\" at <" + text + ">: ";
    }

    public String execute(Object data) {
        return execute(data, false);
    }

    /**
     * Renders into {@code out}, which keeps what was written before a failure (Go's template writes as it goes, so
     * the docker CLI prints that part before the error).
     */
    public synchronized void executeInto(Object data, StringBuilder out) {
        this.header = false;
        Map<String, Object> vars = new HashMap<>();
        vars.put("$", data);
        try {
            run(nodes, data, vars, out);
        } catch (LoopControl c) { // a break or continue in a range's else part with no range around it
            throw renamed(new IllegalArgumentException("template: :1: {{"
                    + (c == LoopControl.BREAK ? "break" : "continue") + "}} outside {{range}}"), name);
        } catch (IllegalArgumentException e) {
            throw renamed(e, name);
        }
    }

    /**
     * Renders a table header: {@code headers} maps field names to column titles; formatting functions pass the
     * title through and method calls return it.
     */
    public String executeHeader(Map<String, String> headers) {
        return execute(headers, true);
    }

    private boolean header;

    private synchronized String execute(Object data, boolean headerMode) {
        this.header = headerMode;
        StringBuilder out = new StringBuilder();
        Map<String, Object> vars = new HashMap<>();
        vars.put("$", data);
        try {
            run(nodes, data, vars, out);
        } catch (LoopControl c) { // a break or continue in a range's else part with no range around it
            throw renamed(new IllegalArgumentException("template: :1: {{"
                    + (c == LoopControl.BREAK ? "break" : "continue") + "}} outside {{range}}"), name);
        } catch (IllegalArgumentException e) {
            throw renamed(e, name);
        }
        return out.toString();
    }

    private void run(List<TemplateParser.Node> list, Object dot, Map<String, Object> vars, StringBuilder out) {
        for (TemplateParser.Node n : list) {
            if (n instanceof TemplateParser.Text t) {
                out.append(t.text());
            } else if (n instanceof TemplateParser.Action a) {
                Object v = pipeline(a.pipe(), dot, vars);
                if (a.pipe().decl().isEmpty()) {
                    out.append(TemplateFunctions.print(v));
                }
            } else if (n instanceof TemplateParser.Branch b) {
                branch(b, dot, vars, out);
            } else if (n instanceof TemplateParser.Control c) {
                throw c.kind().equals("break") ? LoopControl.BREAK : LoopControl.CONTINUE;
            }
        }
    }

    private void branch(TemplateParser.Branch b, Object dot, Map<String, Object> vars, StringBuilder out) {
        Map<String, Object> scope = new HashMap<>(vars);
        Object v = pipeline(b.pipe(), dot, scope);
        switch (b.kind()) {
            case "if" -> run(TemplateFunctions.truth(v) ? b.body() : b.elseBody(), dot, scope, out);
            case "with" -> {
                if (TemplateFunctions.truth(v)) {
                    run(b.body(), v, scope, out);
                } else {
                    run(b.elseBody(), dot, scope, out);
                }
            }
            default -> range(b, v, scope, out, dot);
        }
    }

    private void range(TemplateParser.Branch b, Object v, Map<String, Object> scope, StringBuilder out, Object dot) {
        List<String> decl = b.pipe().decl();
        List<Object[]> items = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                items.add(new Object[] {(long) i, l.get(i)});
            }
        } else if (v instanceof Map<?, ?> m) {
            new TreeMap<>(TemplateFunctions.stringKeys(m)).forEach((k, x) -> items.add(new Object[] {k, x}));
        } else if (v != null && v != NO_VALUE && v != GoZero.MAP && v != GoZero.SLICE) {
            throw new IllegalArgumentException("range can't iterate over " + TemplateFunctions.print(v));
        }
        if (items.isEmpty()) {
            run(b.elseBody(), dot, scope, out);
            return;
        }
        for (Object[] kv : items) {
            Map<String, Object> iter = new HashMap<>(scope);
            if (decl.size() == 1) {
                iter.put(decl.get(0), kv[1]);
            } else if (decl.size() == 2) {
                iter.put(decl.get(0), kv[0]);
                iter.put(decl.get(1), kv[1]);
            }
            try {
                run(b.body(), kv[1], iter, out);
            } catch (LoopControl c) {
                if (c == LoopControl.BREAK) {
                    break;
                }
            }
        }
    }

    /** {@code {{break}}} and {@code {{continue}}} on their way to the innermost range. */
    private static final class LoopControl extends RuntimeException {
        static final LoopControl BREAK = new LoopControl();
        static final LoopControl CONTINUE = new LoopControl();

        private LoopControl() {
            super(null, null, false, false);
        }
    }

    private Object pipeline(TemplateParser.Pipe p, Object dot, Map<String, Object> vars) {
        Object v = null;
        boolean piped = false;
        for (List<TemplateParser.Operand> cmd : p.cmds()) {
            v = command(cmd, dot, vars, piped ? v : null, piped);
            piped = true;
        }
        if (p.decl().size() == 1) {
            vars.put(p.decl().get(0), v);
        }
        return v;
    }

    private Object command(List<TemplateParser.Operand> cmd, Object dot, Map<String, Object> vars, Object in,
            boolean piped) {
        TemplateParser.Operand first = cmd.get(0);
        List<Object> args = new ArrayList<>();
        for (int i = 1; i < cmd.size(); i++) {
            args.add(operand(cmd.get(i), dot, vars));
        }
        if (piped) {
            args.add(in);
        }
        if (first.kind() == TemplateParser.Kind.IDENT) {
            if (!header && first.text().equals("json") && args.size() == 1) {
                Object v = args.get(0);
                boolean row = escapedRows && v == vars.get("$");
                return TemplateFunctions.json(sortedJson ? TemplateFunctions.sortedCopy(v) : v, row);
            }
            try {
                return TemplateFunctions.call(first.text(), args, header);
            } catch (IllegalArgumentException e) {
                if (e.getMessage() == null || e.getMessage().startsWith("template:")) {
                    throw e;
                }
                // Go names the command where a function failed: template: :1:2: executing "" at <index .A 5>: ...
                throw new IllegalArgumentException(at(first.offset(), String.join(" ",
                        cmd.stream().map(TemplateParser.Operand::nodeText).toList())) + e.getMessage());
            }
        }
        Object v = operand(first, dot, vars, !args.isEmpty());
        if (header && first.kind() == TemplateParser.Kind.FIELD && args.size() == 1
                && first.path().get(first.path().size() - 1).equals("Label")) {
            // docker's Label header: the key's last dot-separated part, "-" and "_" as spaces
            String key = TemplateFunctions.str(args.get(0));
            return key.substring(key.lastIndexOf('.') + 1).replace('-', ' ').replace('_', ' ');
        }
        if (v instanceof Method m) {
            try {
                return m.call(args);
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("template:")) {
                    throw e;
                }
                throw new IllegalArgumentException(at(first.offset(), first.text()) + e.getMessage());
            }
        }
        if (!args.isEmpty() && !header) {
            throw new IllegalArgumentException("can't give argument to non-function " + first.text());
        }
        return v;
    }

    private Object operand(TemplateParser.Operand o, Object dot, Map<String, Object> vars) {
        Object v = operand(o, dot, vars, false);
        return v instanceof Method m ? m.call(List.of()) : v;
    }

    private Object operand(TemplateParser.Operand o, Object dot, Map<String, Object> vars, boolean callable) {
        return switch (o.kind()) {
            case STRING -> o.text();
            case NUMBER -> number(o.text());
            case BOOL -> Boolean.parseBoolean(o.text());
            case NIL -> null;
            case SUB -> o.path().isEmpty() ? pipeline(o.sub(), dot, vars)
                    : fields(pipeline(o.sub(), dot, vars), o, callable);
            case DOT -> dot;
            case FIELD -> fields(dot, o, callable);
            case VAR -> {
                if (!vars.containsKey(o.text())) {
                    throw new IllegalArgumentException("template: :1: undefined variable: " + o.text());
                }
                yield fields(vars.get(o.text()), o, callable);
            }
            case IDENT -> TemplateFunctions.call(o.text(), List.of());
        };
    }

    /** A number constant as Go's parser reads it: an integer (decimal, 0x, 0o, 0b, with _), else a float. */
    private static Object number(String text) {
        String t = text.replace("_", "");
        boolean neg = t.startsWith("-");
        String u = neg ? t.substring(1) : t;
        int radix = u.startsWith("0x") || u.startsWith("0X") ? 16 : u.startsWith("0o") || u.startsWith("0O") ? 8
                : u.startsWith("0b") || u.startsWith("0B") ? 2 : 10;
        try {
            long n = Long.parseLong(radix == 10 ? u : u.substring(2), radix);
            return neg ? -n : n;
        } catch (NumberFormatException e) {
            try {
                return Double.parseDouble(t);
            } catch (NumberFormatException notFloat) {
                throw new IllegalArgumentException("template: :1: bad number syntax: \"" + text + "\"");
            }
        }
    }

    private Object fields(Object start, TemplateParser.Operand o, boolean callable) {
        List<String> path = o.path();
        String text = o.kind() == TemplateParser.Kind.VAR ? o.text() + (path.isEmpty() ? "" : "." + String.join(".",
                path)) : o.text();
        Object v = start;
        boolean noEntry = false; // the typed pass's map had no such key: the fields after it are no value too
        boolean inMap = false; // v came out of a JSON object: Go's interface {}
        int pos = o.kind() == TemplateParser.Kind.SUB ? -1 : o.errorOffset();
        for (int i = 0; i < path.size(); i++) {
            int at = pos >= 0 ? pos : o.segmentOffset(i);
            String name = path.get(i);
            if (v instanceof Method m) {
                v = m.call(List.of());
            }
            if (noEntry || v == GoZero.MAP) { // a nil Go map of the typed pass: no value, as a missing key
                v = NO_VALUE;
                noEntry = true;
                continue;
            }
            if (v instanceof GoZero) { // docker's typed pass failed on it; its raw fallback has no such key
                throw new IllegalArgumentException(at(pos >= 0 ? pos : o.segmentOffset(i - 1), text)
                        + "map has no entry for key \"" + path.get(i - 1) + "\"");
            }
            boolean fromMap = false;
            if (v instanceof GoStruct s && !header) {
                if (!s.containsKey(name)) {
                    throw new IllegalArgumentException(at(at, text) + "can't evaluate field " + name + " in type "
                            + s.type());
                }
                v = s.get(name);
            } else if (v instanceof Map<?, ?> m && (typeName == null || header)) {
                fromMap = true;
                if (m.containsKey(name)) {
                    v = m.get(name);
                } else if (m instanceof GoFields g && g.isGoMap() && g.keyType() == null) { // a Go map: no value
                    v = NO_VALUE;
                    noEntry = true;
                } else if (m instanceof GoFields g && g.keyType() != null) { // a field of a nat.PortMap: no such
                    throw new IllegalArgumentException(at(at, text) + "can't evaluate field " + name + " in type "
                            + g.keyType() + "Map");
                } else if (strict && !header) {
                    throw new IllegalArgumentException(at(at, text) + "map has no entry for key \"" + name + "\"");
                } else {
                    v = NO_VALUE;
                }
            } else if (v instanceof Map<?, ?> m && m.containsKey(name)) {
                fromMap = true;
                v = m.get(name);
            } else if (v == null || v == NO_VALUE) {
                if (strict) {
                    throw new IllegalArgumentException(at(at, text) + "nil pointer evaluating interface {}." + name);
                }
                v = NO_VALUE;
            } else {
                String type = v instanceof Map && i == 0 && typeName != null ? typeName
                        : inMap ? "interface {}" : GoPrintf.type(v);
                throw new IllegalArgumentException(at(at, text) + "can't evaluate field " + name + " in type "
                        + type);
            }
            inMap = fromMap;
        }
        return v;
    }
}
