package dev.jdock.daemon.build.dockerfile;

import dev.jdock.daemon.errors.EngineException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A parsed Dockerfile: its directives, its instructions (arguments raw) and the parser's warnings (each
 * {@code Empty continuation line found in: <line>}; the classic builder prints them as {@code [WARNING]: ...}).
 *
 * <p>Parsing follows buildkit's {@code frontend/dockerfile/parser} and {@code instructions}: directives at the
 * top, the escape character continuing lines, comment lines skipped (also inside a continuation), empty
 * continuation lines skipped with a warning, heredocs for RUN/COPY/ADD. One pass, linear in the input. Every
 * error is an invalid-parameter {@link EngineException} {@code dockerfile parse error line N: <Docker's text>}.
 */
public record Dockerfile(Directives directives, List<Instruction> instructions, List<String> warnings) {
    /** The longest physical line, as Docker's line scanner (64 KiB buffer): longer is an error. */
    public static final int MAX_LINE_BYTES = 65535;
    /** The longest instruction with its continuation lines, or heredoc body, accepted (Docker has no bound). */
    public static final int MAX_INSTRUCTION_BYTES = 1 << 20;
    private static final Set<String> HEREDOC_KEYWORDS = Set.of("run", "copy", "add");

    public Dockerfile {
        instructions = List.copyOf(instructions);
        warnings = List.copyOf(warnings);
    }

    /** Parses at most {@code maxBytes} (UTF-8) from {@code in}; more is refused. */
    public static Dockerfile parse(Reader in, int maxBytes) {
        return new Parse(new LineSource(in, maxBytes, MAX_LINE_BYTES)).run();
    }

    /**
     * The ONBUILD triggers of a parent image (its config's OnBuild list) parsed for a child build, each refused
     * as Docker refuses ONBUILD, FROM and MAINTAINER triggers.
     */
    public static List<Instruction> parseTriggers(List<String> triggers) {
        List<Instruction> out = new ArrayList<>();
        for (String t : triggers) {
            Dockerfile d = new Parse(new LineSource(new StringReader(t), MAX_INSTRUCTION_BYTES, MAX_LINE_BYTES))
                    .body();
            for (Instruction i : d.instructions()) {
                String k = i.keyword();
                if (k.equals("ONBUILD") || k.equals("FROM") || k.equals("MAINTAINER")) {
                    throw error(i.line(), k + " isn't allowed as an ONBUILD trigger");
                }
                out.add(i);
            }
        }
        return List.copyOf(out);
    }

    static EngineException error(int line, String message) {
        return EngineException.invalid("dockerfile parse error line " + line + ": " + message);
    }

    /** The state of one parse. */
    private static final class Parse {
        private final LineSource lines;
        private final DirectiveParser directives = new DirectiveParser();
        private final List<Instruction> out = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();

        Parse(LineSource lines) {
            this.lines = lines;
        }

        Dockerfile run() {
            Dockerfile d = body();
            if (d.instructions().isEmpty()) {
                throw error(Math.max(1, lines.lineNumber()), "file with no instructions");
            }
            checkStages(d.instructions());
            return d;
        }

        Dockerfile body() {
            String raw;
            while ((raw = lines.next()) != null) {
                int start = lines.lineNumber();
                String token = raw.stripLeading();
                directive(token, start);
                String first = token.startsWith("#") ? "" : token;
                String text = logicalLine(first, start);
                if (text != null) {
                    out.add(instruction(text, start));
                }
            }
            return new Dockerfile(directives.directives(), out, warnings);
        }

        private void directive(String token, int line) {
            try {
                directives.line(token);
            } catch (ParseFailure e) {
                throw error(line, e.getMessage());
            }
        }

        /** The instruction starting with {@code first}, continuation lines appended; null for nothing. */
        private String logicalLine(String first, int start) {
            String line = trimContinuation(first);
            if (line == null && first.isEmpty()) {
                return null;
            }
            if (line == null) {
                return first;
            }
            StringBuilder sb = new StringBuilder(line);
            boolean emptyContinuation = false;
            String raw;
            while ((raw = lines.next()) != null) {
                directive(raw, lines.lineNumber());
                String left = raw.stripLeading();
                if (left.startsWith("#")) {
                    continue;
                }
                if (left.isEmpty()) {
                    emptyContinuation = true;
                    continue;
                }
                String cut = trimContinuation(raw);
                sb.append(cut == null ? raw : cut);
                if (sb.length() > MAX_INSTRUCTION_BYTES) {
                    throw error(start, "instruction exceeds the maximum length of " + MAX_INSTRUCTION_BYTES
                            + " bytes");
                }
                if (cut == null) {
                    break;
                }
            }
            if (emptyContinuation) {
                warnings.add("Empty continuation line found in: " + sb);
            }
            return sb.toString();
        }

        /**
         * The line without a trailing escape character (and blanks after it), or null when it has none. As
         * Docker's {@code ([^\\])\\[ \t]*$|^\\[ \t]*$}: an escape preceded by another escape does not continue.
         */
        private String trimContinuation(String line) {
            char esc = directives.escape();
            int end = line.length();
            while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
                end--;
            }
            if (end > 0 && line.charAt(end - 1) == esc && (end == 1 || line.charAt(end - 2) != esc)) {
                return line.substring(0, end - 1);
            }
            return null;
        }

        private Instruction instruction(String text, int start) {
            List<Heredoc> docs = List.of();
            if (text.contains("<<") && mayHoldHeredoc(text)) {
                docs = readHeredocs(text, start);
            }
            return InstructionParser.parse(text, start, directives.escape(), docs);
        }

        private boolean mayHoldHeredoc(String text) {
            InstructionParser.Req r = InstructionParser.split(text, 0, directives.escape(), List.of());
            if (r.keyword().equals("onbuild")) {
                r = InstructionParser.split(r.rest(), 0, directives.escape(), List.of());
            }
            if (!HEREDOC_KEYWORDS.contains(r.keyword())) {
                return false;
            }
            try {
                return JsonArgs.parse(r.rest()) == null;
            } catch (ParseFailure e) {
                return false;
            }
        }

        private List<Heredoc> readHeredocs(String text, int start) {
            List<Heredoc> docs = new ArrayList<>();
            for (String word : Words.quoted(text, '\\')) {
                Heredoc h = Heredoc.opener(word);
                if (h != null) {
                    docs.add(h.withContent(body(h, start)));
                }
            }
            return docs;
        }

        private String body(Heredoc h, int start) {
            StringBuilder content = new StringBuilder();
            String raw;
            while ((raw = lines.next()) != null) {
                String candidate = h.chomp() ? stripLeadingTabs(raw) : raw;
                if (candidate.equals(h.name())) {
                    return content.toString();
                }
                content.append(raw).append(lines.ending());
                if (content.length() > MAX_INSTRUCTION_BYTES) {
                    throw error(start, "heredoc exceeds the maximum length of " + MAX_INSTRUCTION_BYTES + " bytes");
                }
            }
            throw error(start, "unterminated heredoc");
        }

        private static String stripLeadingTabs(String s) {
            int i = 0;
            while (i < s.length() && s.charAt(i) == '\t') {
                i++;
            }
            return s.substring(i);
        }

        /** Only ARG may come before the first FROM. */
        private static void checkStages(List<Instruction> instructions) {
            for (Instruction i : instructions) {
                if (i instanceof From) {
                    return;
                }
                if (!(i instanceof Arg)) {
                    throw error(i.line(), "no build stage in current context");
                }
            }
        }
    }

    /** {@code i} expanded with this file's escape character (the way an executor should expand a step). */
    public Instruction expand(Instruction i, Lookup vars) {
        return i.expanded(vars, directives.escape());
    }

    /** The variables {@code i} reads, with this file's escape character. */
    public Set<String> references(Instruction i) {
        return i.references(directives.escape());
    }

    /** The instructions' keywords, for messages and tests. */
    public List<String> keywords() {
        List<String> k = new ArrayList<>();
        for (Instruction i : instructions) {
            k.add(i.keyword());
        }
        return k;
    }
}
