package dev.jdock.daemon.api;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * moby's {@code filters.Args.Match} for one filter key (container, network and volume {@code name}, network
 * {@code id}): a value equal to the source matches; otherwise each value is a Go regular expression searched in the
 * source, and a value that does not compile is skipped (dockerd answers no error for it). The patterns are compiled
 * once, with RE2/J: matching is linear in the pattern and the source, whatever the pattern (a Java backtracking
 * regex spent seconds on {@code (a+)+$}). Go's limits that RE2/J lacks are applied before compiling
 * ({@link RegexLimits}), so no pattern can make the compiler expand it without bound.
 */
public final class FilterRegex {
    private static final FilterRegex NONE = new FilterRegex(Set.of(), List.of());

    private final Set<String> exact;
    private final List<Pattern> patterns;

    private FilterRegex(Set<String> exact, List<Pattern> patterns) {
        this.exact = exact;
        this.patterns = patterns;
    }

    /** The values of {@code key}; an absent key matches everything. */
    public static FilterRegex of(Filters f, String key) {
        Set<String> values = f.values(key);
        if (values.isEmpty()) {
            return NONE;
        }
        RegexLimits.Budget budget = new RegexLimits.Budget();
        List<Pattern> compiled = new ArrayList<>();
        for (String v : values) {
            compile(v, budget).ifPresent(compiled::add);
        }
        return new FilterRegex(values, List.copyOf(compiled));
    }

    /** The pattern, or empty when Go would refuse it (dockerd then skips the value). */
    static java.util.Optional<Pattern> compile(String pattern, RegexLimits.Budget budget) {
        if (RegexLimits.check(pattern, budget).isPresent()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Pattern.compile(pattern));
        } catch (PatternSyntaxException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * A Go regular expression that must compile (a log driver's {@code labels-regex}): RE2/J under Go's limits,
     * linear in the pattern and the text it searches whatever the pattern. Refused with Go's words ({@code error
     * parsing regexp: missing closing ): `(`}), as {@link IllegalArgumentException}.
     */
    public static Pattern compileGo(String pattern) {
        Optional<String> limit = RegexLimits.check(pattern, new RegexLimits.Budget());
        if (limit.isPresent()) {
            throw new IllegalArgumentException(limit.get() + ": `" + pattern + "`");
        }
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            if ("stack underflow".equals(e.getPattern())) { // RE2/J's internal error for what Go calls this
                throw new IllegalArgumentException("error parsing regexp: unexpected ): `" + pattern + "`", e);
            }
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** True when no value was given (the filter does not apply). */
    public boolean isEmpty() {
        return exact.isEmpty();
    }

    /** Whether {@code source} matches: no values, an exact value, or a pattern found in it. */
    public boolean matches(String source) {
        if (exact.isEmpty() || exact.contains(source)) {
            return true;
        }
        for (Pattern p : patterns) {
            if (p.matcher(source).find()) {
                return true;
            }
        }
        return false;
    }
}
