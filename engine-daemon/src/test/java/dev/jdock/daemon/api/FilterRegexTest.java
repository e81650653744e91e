package dev.jdock.daemon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** moby's filters.Args.Match with RE2 semantics: linear whatever the pattern, Go's limits and syntax. */
class FilterRegexTest {
    private static FilterRegex names(String... values) {
        StringBuilder json = new StringBuilder("{\"name\":[");
        for (int i = 0; i < values.length; i++) {
            json.append(i == 0 ? "" : ",").append('"').append(values[i].replace("\\", "\\\\")).append('"');
        }
        return FilterRegex.of(Filters.parse(json.append("]}").toString()), "name");
    }

    @Test
    void match_catastrophicBacktrackingPattern_answersWithoutBacktracking() {
        String name = "/" + "a".repeat(20_000) + "!";
        assertFalse(names("(a+)+$").matches(name));
        assertFalse(names("^(a|a)*$").matches(name));
        assertFalse(names("(a|aa)+b").matches(name));
        assertTrue(names("(a+)+!$").matches(name));
    }

    @Test
    void match_ordinaryPatterns_sameAsJavaRegexFind() {
        List<String> sources = List.of("/web", "/web-1", "/db", "/my_web_2", "/WEB");
        for (String p : List.of("web", "^/web", "web$", "w.b", "[0-9]+", "^/(db|web)$", "_\\d$", "^/[a-z]+-1$")) {
            FilterRegex re = names(p);
            for (String s : sources) {
                assertEquals(java.util.regex.Pattern.compile(p).matcher(s).find(), re.matches(s), p + " on " + s);
            }
        }
    }

    @Test
    void match_goSyntax_namedGroupsFlagsAndUnicodeClasses() {
        assertTrue(names("(?P<n>web)").matches("/web"));
        assertTrue(names("(?i)WEB").matches("/web"));
        assertTrue(names("^/\\pL+$").matches("/wéb"));
        assertTrue(names("[[:digit:]]").matches("/web1"));
    }

    /** A pattern that must compile (a log driver's): linear, Go's words when refused, Go's limits applied. */
    @Test
    void compileGo_linear_refusedInGosWords() {
        assertFalse(FilterRegex.compileGo("(a+)+$").matcher("a".repeat(20_000) + "!").find());
        assertEquals("error parsing regexp: missing closing ): `(`",
                assertThrows(IllegalArgumentException.class, () -> FilterRegex.compileGo("(")).getMessage());
        assertEquals("error parsing regexp: unexpected ): `a)`",
                assertThrows(IllegalArgumentException.class, () -> FilterRegex.compileGo("a)")).getMessage());
        assertEquals("error parsing regexp: invalid repeat count: `a{1001}`",
                assertThrows(IllegalArgumentException.class, () -> FilterRegex.compileGo("a{1001}")).getMessage());
    }

    @Test
    void match_invalidPattern_isSkippedButMatchesExactly() {
        assertFalse(names("(").matches("/web("));
        assertTrue(names("(").matches("("));
        assertFalse(names("(?=w)").matches("/web"), "Perl lookahead is not RE2");
        assertFalse(names("web\\Z").matches("/web"));
        assertTrue(names("(", "web").matches("/web"), "a bad value does not spoil the others");
    }

    @Test
    void match_noValues_matchesEverything() {
        FilterRegex re = FilterRegex.of(Filters.empty(), "name");
        assertTrue(re.isEmpty());
        assertTrue(re.matches("/anything"));
    }

    @Test
    void match_exponentialExpansion_isRefusedBeforeCompiling() {
        assertFalse(names("((a{1000}){1000}){1000}").matches("/aaa"));
        assertFalse(names("(((a{100}){100}){100}){100}").matches("/aaa"));
        assertTrue(names("((a{10}){10}){10}").matches("/" + "a".repeat(1000)));
    }

    @Test
    void limits_goErrors() {
        RegexLimits.Budget b = new RegexLimits.Budget();
        assertEquals(Optional.of("error parsing regexp: invalid repeat count"),
                RegexLimits.check("(a{999}){999}", b));
        assertEquals(Optional.of("error parsing regexp: invalid repeat count"), RegexLimits.check("a{1001}", b));
        assertEquals(Optional.of("error parsing regexp: expression nests too deeply"),
                RegexLimits.check("(".repeat(1001) + "a" + ")".repeat(1001), b));
        assertEquals(Optional.of("error parsing regexp: expression too large"),
                RegexLimits.check("(abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz){1000}", b));
        assertEquals(Optional.empty(), RegexLimits.check("(a{1000}){0}", b));
        assertEquals(Optional.empty(), RegexLimits.check("[a{1000}]{1000}", b), "braces in a class are literal");
        assertEquals(Optional.empty(), RegexLimits.check("\\Q(a{1000}){1000}\\E", b), "quoted text is literal");
        assertEquals(Optional.empty(), RegexLimits.check("a{,5}{", b), "not a repeat: literal braces");
    }

    @Test
    void limits_budgetIsSharedByTheValuesOfOneFilter() {
        RegexLimits.Budget b = new RegexLimits.Budget();
        String big = "(abcdefghijklmnopqrstuvwxyz0123456789){900}";
        int accepted = 0;
        while (RegexLimits.check(big, b).isEmpty()) {
            accepted++;
        }
        assertTrue(accepted > 0 && accepted < 100, "accepted " + accepted);
    }
}
