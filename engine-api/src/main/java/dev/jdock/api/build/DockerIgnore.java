package dev.jdock.api.build;

import dev.jdock.api.GoPath;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A .dockerignore file with moby's semantics (ignorefile.ReadAll + patternmatcher): lines starting with {@code #}
 * are comments, blank lines skipped, whitespace trimmed, {@code !} marks an exception, a leading {@code /} dropped
 * and each pattern cleaned as Go's {@code filepath.Clean} ({@code ./a} is {@code a}). A path is excluded when the
 * last pattern matching it or one of its parent directories is not an exception.
 */
public final class DockerIgnore {
    private record Rule(PathPattern pattern, boolean exception) {
    }

    private final List<String> patterns;
    private final List<Rule> rules;
    private final boolean exceptions;

    private DockerIgnore(List<String> patterns, List<Rule> rules) {
        this.patterns = List.copyOf(patterns);
        this.rules = List.copyOf(rules);
        this.exceptions = rules.stream().anyMatch(Rule::exception);
    }

    /** Reads a .dockerignore; a malformed pattern is an {@link IllegalArgumentException} with moby's text. */
    public static DockerIgnore parse(Reader in) {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(in)) {
            String line;
            boolean first = true;
            while ((line = r.readLine()) != null) {
                if (first && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                first = false;
                String p = normalize(line);
                if (p != null) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return of(out);
    }

    /** The matcher of already normalized patterns (as {@link #patterns()} returns them). */
    public static DockerIgnore of(List<String> patterns) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : patterns) {
            String p = raw.strip();
            if (p.isEmpty()) {
                continue;
            }
            p = GoPath.clean(p);
            boolean exception = p.charAt(0) == '!';
            if (exception) {
                if (p.length() == 1) {
                    throw new IllegalArgumentException("illegal exclusion pattern: \"!\"");
                }
                p = p.substring(1);
            }
            rules.add(new Rule(PathPattern.compile(p), exception));
        }
        return new DockerIgnore(patterns, rules);
    }

    private static String normalize(String line) {
        if (line.startsWith("#")) {
            return null;
        }
        String p = line.strip();
        if (p.isEmpty()) {
            return null;
        }
        boolean invert = p.charAt(0) == '!';
        if (invert) {
            p = p.substring(1).strip();
        }
        if (!p.isEmpty()) {
            p = GoPath.clean(p);
            if (p.length() > 1 && p.charAt(0) == '/') {
                p = p.substring(1);
            }
        }
        return invert ? "!" + p : p;
    }

    /** The patterns in file order, normalized ({@code !} kept on exceptions). */
    public List<String> patterns() {
        return patterns;
    }

    /** True when there is at least one {@code !} exception. */
    public boolean hasExceptions() {
        return exceptions;
    }

    /** Whether {@code relativePath} (slash-separated, relative to the context root) is excluded from the context. */
    public boolean excluded(String relativePath) {
        String file = GoPath.clean(relativePath);
        boolean matched = false;
        for (Rule rule : rules) {
            if (rule.exception() != matched) {
                continue;
            }
            if (rule.pattern().matchesSelfOrParent(file)) {
                matched = !rule.exception();
            }
        }
        return matched;
    }

    /**
     * Whether a walker may skip the whole directory {@code relativeDir}: it is excluded and no exception could
     * re-include anything under it (conservative: false whenever an exception might).
     */
    public boolean canSkipDirectory(String relativeDir) {
        if (!excluded(relativeDir)) {
            return false;
        }
        String dir = GoPath.clean(relativeDir);
        for (Rule rule : rules) {
            if (rule.exception() && rule.pattern().couldMatchUnder(dir)) {
                return false;
            }
        }
        return true;
    }
}
