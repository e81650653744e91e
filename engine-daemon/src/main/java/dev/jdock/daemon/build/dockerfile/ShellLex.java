package dev.jdock.daemon.build.dockerfile;

import dev.jdock.api.value.GoQuote;
import dev.jdock.daemon.errors.EngineException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Docker's variable substitution for Dockerfile words (moby/buildkit {@code shell/lex.go} semantics): {@code $a},
 * {@code ${a}}, {@code ${a:-w}}, {@code ${a-w}}, {@code ${a:+w}}, {@code ${a+w}}, {@code ${a:?w}},
 * {@code ${a?w}}; single quotes literal, double quotes expand, the escape character quotes the next one. The
 * pattern forms of newer BuildKit ({@code ${a#p}}, {@code ${a%p}}, {@code ${a/p/r}}) are refused as unsupported
 * modifiers, as the classic builder of moby 20.10 refuses them. One pass over the word: linear time.
 *
 * <p>Values are not re-expanded, but each may hold what earlier ones expanded to ({@code ARG B=$A$A$A}, then
 * {@code ARG C=$B$B$B}): a few lines would grow without bound (moby's builders have no limit). One word
 * substitutes at most {@link #MAX_EXPANSION} characters, the length an instruction may have; {@link Lookup#charge}
 * sees every substitution, for a bound on a whole build.
 */
public final class ShellLex {
    /** The characters one word may substitute in all (moby has no limit): an instruction's maximum length. */
    public static final int MAX_EXPANSION = Dockerfile.MAX_INSTRUCTION_BYTES;

    private final char escape;
    private final boolean skipUnset;

    public ShellLex(char escape) {
        this(escape, false);
    }

    /** With {@code skipUnset}, an unset variable stays as written ({@code $X}, {@code ${X}}), as heredoc names. */
    ShellLex(char escape, boolean skipUnset) {
        this.escape = escape;
        this.skipUnset = skipUnset;
    }

    /** The word expanded, quotes removed, not split. */
    public String processWord(String word, Lookup env) {
        return run(word, env).text;
    }

    /** The word expanded and split into words at unquoted whitespace (EXPOSE's expansion). */
    public List<String> processWords(String word, Lookup env) {
        return run(word, env).words.result();
    }

    /** The names of the variables the word reads, in order of first use (those in unused branches included). */
    public Set<String> references(String word) {
        Set<String> names = new LinkedHashSet<>();
        run(word, name -> {
            names.add(name);
            return null;
        });
        return names;
    }

    private Result run(String word, Lookup env) {
        try {
            Scan scan = new Scan(word, env);
            return scan.stopOn((char) 0, false);
        } catch (SyntaxError e) {
            throw EngineException.invalid("failed to process " + quote(word) + ": " + e.getMessage());
        }
    }

    /** Go's {@code %q} of a string. */
    static String quote(String s) {
        return GoQuote.quote(s);
    }

    private record Result(String text, Words words) {
    }

    private static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    /** Go's wordsStruct: words split at unquoted, unescaped whitespace; empty quoted words vanish. */
    private static final class Words {
        private final List<String> words = new ArrayList<>();
        private final StringBuilder word = new StringBuilder();
        private boolean inWord;

        void addChar(char c) {
            if (Character.isWhitespace(c)) {
                if (inWord && word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                addRawChar(c);
            }
        }

        void addRawChar(char c) {
            word.append(c);
            inWord = true;
        }

        void addString(String s) {
            for (int i = 0; i < s.length(); i++) {
                addChar(s.charAt(i));
            }
        }

        void addRawString(String s) {
            word.append(s);
            inWord = true;
        }

        List<String> result() {
            List<String> out = new ArrayList<>(words);
            if (word.length() > 0) {
                out.add(word.toString());
            }
            return out;
        }
    }

    private final class Scan {
        private final String s;
        private final Lookup env;
        private int pos;
        private long substituted;

        Scan(String s, Lookup env) {
            this.s = s;
            this.env = env;
        }

        private boolean eof() {
            return pos >= s.length();
        }

        private char peek() {
            return s.charAt(pos);
        }

        Result stopOn(char stop, boolean inBraces) {
            StringBuilder result = new StringBuilder();
            Words words = new Words();
            while (!eof()) {
                char ch = peek();
                if (inBraces && ch == stop) {
                    pos++;
                    return new Result(result.toString(), words);
                }
                if (ch == '\'' || ch == '"' || ch == '$') {
                    String tmp = ch == '\'' ? singleQuote() : ch == '"' ? doubleQuote() : dollar();
                    result.append(tmp);
                    if (ch == '$') {
                        words.addString(tmp);
                    } else {
                        words.addRawString(tmp);
                    }
                    continue;
                }
                pos++;
                if (ch == escape) {
                    if (eof()) {
                        break;
                    }
                    ch = s.charAt(pos++);
                    words.addRawChar(ch);
                } else {
                    words.addChar(ch);
                }
                result.append(ch);
            }
            if (inBraces) {
                throw new SyntaxError("syntax error: missing '}'");
            }
            return new Result(result.toString(), words);
        }

        private String singleQuote() {
            int end = s.indexOf('\'', pos + 1);
            if (end < 0) {
                throw new SyntaxError("unexpected end of statement while looking for matching single-quote");
            }
            String out = s.substring(pos + 1, end);
            pos = end + 1;
            return out;
        }

        private String doubleQuote() {
            StringBuilder out = new StringBuilder();
            pos++;
            while (true) {
                if (eof()) {
                    throw new SyntaxError("unexpected end of statement while looking for matching double-quote");
                }
                char ch = peek();
                if (ch == '"') {
                    pos++;
                    return out.toString();
                }
                if (ch == '$') {
                    out.append(dollar());
                    continue;
                }
                pos++;
                if (ch == escape) {
                    if (eof()) {
                        continue;
                    }
                    char next = peek();
                    if (next == '"' || next == '$' || next == escape) {
                        ch = next;
                        pos++;
                    }
                }
                out.append(ch);
            }
        }

        private String dollar() {
            pos++;
            if (eof() || peek() != '{') {
                String name = name();
                if (name.isEmpty()) {
                    return "$";
                }
                String v = env.get(name);
                return v != null ? paid(v) : skipUnset ? "$" + name : "";
            }
            pos++;
            if (eof()) {
                throw new SyntaxError("syntax error: missing '}'");
            }
            char first = peek();
            if (first == '{' || first == '}' || first == ':') {
                throw new SyntaxError("syntax error: bad substitution");
            }
            String name = name();
            if (eof()) {
                throw new SyntaxError("syntax error: missing '}'");
            }
            char ch = s.charAt(pos++);
            if (ch == '}') {
                String v = env.get(name);
                return v != null ? paid(v) : skipUnset ? "${" + name + "}" : "";
            }
            return modifier(name, ch);
        }

        private String modifier(String name, char ch) {
            String mod = String.valueOf(ch);
            boolean nullIsUnset = ch == ':';
            if (nullIsUnset) {
                if (eof()) {
                    throw new SyntaxError("syntax error: missing '}'");
                }
                ch = s.charAt(pos++);
                mod += ch;
            }
            if (ch != '-' && ch != '+' && ch != '?') {
                throw new SyntaxError("unsupported modifier (" + mod + ") in substitution");
            }
            String word = stopOn('}', true).text;
            String value = env.get(name);
            if (value == null && skipUnset) {
                return "${" + name + mod + word + "}";
            }
            boolean unset = value == null || (nullIsUnset && value.isEmpty());
            switch (ch) {
                case '-':
                    return unset ? word : paid(value);
                case '+':
                    return unset ? "" : word;
                default:
                    if (unset) {
                        String why = value == null ? "is not allowed to be unset" : "is not allowed to be empty";
                        throw new SyntaxError(name + ": " + (word.isEmpty() ? why : word));
                    }
                    return paid(value);
            }
        }

        /** A value about to be substituted, paid for: refused once the word's pass {@link #MAX_EXPANSION}. */
        private String paid(String v) {
            if (!v.isEmpty()) {
                substituted += v.length();
                if (substituted > MAX_EXPANSION) {
                    throw new SyntaxError("the expansion is longer than " + MAX_EXPANSION + " characters");
                }
                env.charge(v.length());
            }
            return v;
        }

        /** A name: letters, digits and _; or a run of digits; or one special parameter character. */
        private String name() {
            int start = pos;
            if (eof()) {
                return "";
            }
            char c = peek();
            if (Character.isDigit(c)) {
                while (!eof() && Character.isDigit(peek())) {
                    pos++;
                }
                return s.substring(start, pos);
            }
            if ("@*#?-$!0".indexOf(c) >= 0) {
                pos++;
                return String.valueOf(c);
            }
            while (!eof() && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
                pos++;
            }
            return s.substring(start, pos);
        }
    }
}
