package dev.jdock.cli.format;

import java.util.ArrayList;
import java.util.List;

/** Lexer and parser of {@link FormatTemplate}: text and {@code {{actions}}} into a small tree. */
final class TemplateParser {
    sealed interface Node permits Text, Action, Branch, Control {
    }

    record Text(String text) implements Node {
    }

    record Action(Pipe pipe) implements Node {
    }

    /** if / with / range, each with an optional else part. */
    record Branch(String kind, Pipe pipe, List<Node> body, List<Node> elseBody) implements Node {
    }

    /** {@code {{break}}} or {@code {{continue}}} in a range (Go 1.18). */
    record Control(String kind) implements Node {
    }

    /** {@code $a, $b := cmd | cmd}. */
    record Pipe(List<String> decl, List<List<Operand>> cmds) {
    }

    enum Kind { DOT, FIELD, VAR, IDENT, STRING, NUMBER, BOOL, NIL, SUB }

    /** One argument: {@code text} is the literal or name; {@code path} the field chain; {@code sub} for (…). */
    record Operand(Kind kind, String text, List<String> path, Pipe sub, int offset) {
        Operand(Kind kind, String text, List<String> path, Pipe sub) {
            this(kind, text, path, sub, -1);
        }

        /**
         * Where Go's parser puts the node, which its errors name: a field chain ({@code .A.B.C}, {@code $x.A}) at its
         * second token ({@code .B}, {@code .A}), whichever field fails; a lone field or any other operand at itself.
         */
        int errorOffset() {
            if (kind == Kind.FIELD) {
                return segmentOffset(path.size() > 1 ? 1 : 0);
            }
            return kind == Kind.VAR && !path.isEmpty() ? segmentOffset(0) : offset;
        }

        /** The node as Go prints it in an error ({@code index .Config.Env 5}): a string quoted. */
        String nodeText() {
            return switch (kind) {
                case STRING -> '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
                case VAR -> path.isEmpty() ? text : text + "." + String.join(".", path);
                default -> text;
            };
        }

        /** Offset in the template of path segment {@code i} ({@code .Name}), for Go-style error positions. */
        int segmentOffset(int i) {
            int off = offset + (kind == Kind.VAR ? text.length() : 0);
            for (int k = 0; k < i; k++) {
                off += path.get(k).length() + 1;
            }
            return off;
        }
    }

    private final String src;
    private int pos;
    /** The action being parsed, as tokens, and the index of the next one. */
    private List<String> toks;
    private List<Integer> offs;
    private int t;
    private String pendingKeyword;
    private int rangeDepth;

    TemplateParser(String src) {
        this.src = src;
    }

    List<Node> parse() {
        List<Node> nodes = list(false);
        if (pendingKeyword != null) {
            throw error("unexpected {{" + pendingKeyword + "}}");
        }
        return nodes;
    }

    private static IllegalArgumentException error(String msg) {
        return new IllegalArgumentException("template: :1: " + msg);
    }

    /** Nodes until end of input, or until {{end}}/{{else}} when nested (left in pendingKeyword). */
    private List<Node> list(boolean nested) {
        List<Node> out = new ArrayList<>();
        while (pos < src.length()) {
            int open = src.indexOf("{{", pos);
            String text = open < 0 ? src.substring(pos) : src.substring(pos, open);
            boolean trimLeft = open >= 0 && src.startsWith("{{-", open) && open + 3 < src.length()
                    && Character.isWhitespace(src.charAt(open + 3));
            if (trimLeft) {
                text = text.stripTrailing();
            }
            if (!text.isEmpty()) {
                out.add(new Text(text));
            }
            if (open < 0) {
                pos = src.length();
                break;
            }
            Node n = action(open + (trimLeft ? 3 : 2));
            if (pendingKeyword != null) {
                if (!nested) {
                    throw error("unexpected {{" + pendingKeyword + "}}");
                }
                return out;
            }
            if (n != null) {
                out.add(n);
            }
        }
        if (nested) {
            throw error("unexpected EOF");
        }
        return out;
    }

    private Node action(int start) {
        int close = findClose(start);
        int end = close;
        boolean trimRight = close - 2 >= start && src.charAt(close - 1) == '-'
                && Character.isWhitespace(src.charAt(close - 2));
        if (trimRight) {
            end = close - 1;
        }
        offs = new ArrayList<>();
        toks = lex(src.substring(start, end), start, offs);
        t = 0;
        pos = close + 2;
        if (trimRight) {
            while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
                pos++;
            }
        }
        if (toks.isEmpty()) {
            throw error("missing value for command");
        }
        String first = toks.get(0);
        switch (first) {
            case "end", "else" -> {
                pendingKeyword = first;
                t = 1;
                return null;
            }
            case "if", "with" -> {
                t = 1;
                return branch(first);
            }
            case "range" -> {
                t = 1;
                rangeDepth++;
                try {
                    return branch(first);
                } finally {
                    rangeDepth--;
                }
            }
            case "break", "continue" -> {
                if (rangeDepth == 0) {
                    throw error("{{" + first + "}} outside {{range}}");
                }
                if (toks.size() > 1) {
                    throw error("unexpected " + toks.get(1) + " in {{" + first + "}}");
                }
                return new Control(first);
            }
            case "define", "template", "block" -> throw error("{{" + first + "}} is not supported");
            default -> {
                Pipe p = pipe();
                return new Action(p);
            }
        }
    }

    private Branch branch(String kind) {
        Pipe p = pipe();
        List<Node> body = list(true);
        List<Node> elseBody = List.of();
        if (pendingKeyword.equals("else")) {
            pendingKeyword = null;
            if (t < toks.size() && toks.get(t).equals("if")) {
                t++;
                elseBody = List.of(branch("if")); // else if: the nested branch consumes the {{end}}
                return new Branch(kind, p, body, elseBody);
            }
            elseBody = list(true);
        }
        if (!"end".equals(pendingKeyword)) {
            throw error("expected end; found " + pendingKeyword);
        }
        pendingKeyword = null;
        return new Branch(kind, p, body, elseBody);
    }

    private int findClose(int from) {
        boolean inStr = false;
        char quote = 0;
        for (int i = from; i < src.length() - 1; i++) {
            char c = src.charAt(i);
            if (inStr) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    inStr = false;
                }
            } else if (c == '"' || c == '`') {
                inStr = true;
                quote = c;
            } else if (c == '}' && src.charAt(i + 1) == '}') {
                return i;
            }
        }
        throw error("unclosed action");
    }

    private Pipe pipe() {
        List<String> decl = new ArrayList<>();
        int save = t;
        while (t < toks.size() && toks.get(t).startsWith("$") && !toks.get(t).contains(".")) {
            decl.add(toks.get(t++));
            if (t < toks.size() && toks.get(t).equals(",")) {
                t++;
                continue;
            }
            break;
        }
        if (t < toks.size() && (toks.get(t).equals(":=") || toks.get(t).equals("="))) {
            t++;
        } else {
            decl.clear();
            t = save;
        }
        List<List<Operand>> cmds = new ArrayList<>();
        List<Operand> cmd = new ArrayList<>();
        while (t < toks.size() && !toks.get(t).equals(")")) {
            String tok = toks.get(t++);
            if (tok.equals("|")) {
                addCommand(cmds, cmd);
                cmd = new ArrayList<>();
            } else {
                cmd.add(operand(tok, offs.get(t - 1)));
            }
        }
        addCommand(cmds, cmd);
        return new Pipe(decl, cmds);
    }

    private static void addCommand(List<List<Operand>> cmds, List<Operand> cmd) {
        if (cmd.isEmpty()) {
            throw error("missing value for command");
        }
        cmds.add(cmd);
    }

    private Operand operand(String tok, int offset) {
        char c = tok.charAt(0);
        if (tok.equals("(")) {
            Pipe sub = pipe();
            // pipe() stops at the closing paren
            if (t >= toks.size() || !toks.get(t).equals(")")) {
                throw error("unclosed left paren");
            }
            t++;
            if (t < toks.size() && toks.get(t).length() > 1 && toks.get(t).charAt(0) == '.'
                    && offs.get(t) == offs.get(t - 1) + 1) { // (pipeline).Field: Go's chain
                String chain = toks.get(t);
                return new Operand(Kind.SUB, "(...)", List.of(chain.substring(1).split("\\.")), sub, offs.get(t++));
            }
            return new Operand(Kind.SUB, "(...)", List.of(), sub);
        }
        if (tok.equals(".")) {
            return new Operand(Kind.DOT, tok, List.of(), null, offset);
        }
        if (c == '.') {
            return new Operand(Kind.FIELD, tok, List.of(tok.substring(1).split("\\.")), null, offset);
        }
        if (c == '$') {
            int dot = tok.indexOf('.');
            String name = dot < 0 ? tok : tok.substring(0, dot);
            List<String> path = dot < 0 ? List.of() : List.of(tok.substring(dot + 1).split("\\."));
            return new Operand(Kind.VAR, name, path, null, offset);
        }
        if (c == '"' || c == '`') {
            return new Operand(Kind.STRING, unquote(tok), List.of(), null, offset);
        }
        if (Character.isDigit(c) || c == '-' || c == '+') {
            return new Operand(Kind.NUMBER, tok.startsWith("+") ? tok.substring(1) : tok, List.of(), null,
                    offset);
        }
        if (tok.equals("true") || tok.equals("false")) {
            return new Operand(Kind.BOOL, tok, List.of(), null, offset);
        }
        if (tok.equals("nil")) {
            return new Operand(Kind.NIL, tok, List.of(), null, offset);
        }
        if (Character.isLetter(c) || c == '_') {
            if (!TemplateFunctions.defined(tok)) { // Go checks function names when it parses
                throw error("function \"" + tok + "\" not defined");
            }
            return new Operand(Kind.IDENT, tok, List.of(), null, offset);
        }
        throw error("unexpected \"" + tok + "\" in command");
    }

    private static String unquote(String tok) {
        if (tok.charAt(0) == '`') {
            return tok.substring(1, tok.length() - 1);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < tok.length() - 1; i++) {
            char c = tok.charAt(i);
            if (c == '\\' && i + 1 < tok.length() - 1) {
                char n = tok.charAt(++i);
                sb.append(switch (n) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Splits an action's text into tokens: strings, ( ) | , := = and words. */
    static List<String> lex(String s) {
        return lex(s, 0, new ArrayList<>());
    }

    static List<String> lex(String s, int base, List<Integer> offsets) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '`') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c) {
                    j += s.charAt(j) == '\\' && c == '"' ? 2 : 1;
                }
                if (j >= s.length()) {
                    throw error("unterminated quoted string");
                }
                out.add(s.substring(i, j + 1));
                offsets.add(base + i);
                i = j + 1;
            } else if (c == '(' || c == ')' || c == '|' || c == ',') {
                out.add(String.valueOf(c));
                offsets.add(base + i);
                i++;
            } else if (c == ':' && i + 1 < s.length() && s.charAt(i + 1) == '=') {
                out.add(":=");
                offsets.add(base + i);
                i += 2;
            } else {
                int j = i;
                while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && "()|,\"`".indexOf(s.charAt(j)) < 0
                        && !(s.charAt(j) == ':' && j + 1 < s.length() && s.charAt(j + 1) == '=')) {
                    j++;
                }
                out.add(s.substring(i, j));
                offsets.add(base + i);
                i = j;
            }
        }
        return out;
    }
}
