package dev.jdock.daemon.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.errors.EngineException;
import org.junit.jupiter.api.Test;

/** Go's path.Match, cases from Go's own table (path/match_test.go) plus a star-heavy pattern. */
class PathGlobTest {
    @Test
    void matches_goTable() {
        Object[][] cases = {
            {"abc", "abc", true}, {"*", "abc", true}, {"*c", "abc", true}, {"a*", "a", true}, {"a*", "abc", true},
            {"a*", "ab/c", false}, {"a*/b", "abc/b", true}, {"a*/b", "a/c/b", false},
            {"a*b*c*d*e*/f", "axbxcxdxe/f", true}, {"a*b*c*d*e*/f", "axbxcxdxexxx/f", true},
            {"a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false}, {"a*b*c*d*e*/f", "axbxcxdxexxx/fff", false},
            {"a*b?c*x", "abxbbxdbxebxczzx", true}, {"a*b?c*x", "abxbbxdbxebxczzy", false},
            {"ab[c]", "abc", true}, {"ab[b-d]", "abc", true}, {"ab[e-g]", "abc", false}, {"ab[^c]", "abc", false},
            {"ab[^b-d]", "abc", false}, {"ab[^e-g]", "abc", true}, {"a\\*b", "a*b", true}, {"a\\*b", "ab", false},
            {"a?b", "a☺b", true}, {"a[^a]b", "a☺b", true}, {"a???b", "a☺b", false}, {"a[^a][^a][^a]b", "a☺b", false},
            {"[a-ζ]*", "α", true}, {"*[a-ζ]", "A", false}, {"a?b", "a/b", false}, {"a*b", "a/b", false},
            {"[\\]a]", "]", true}, {"[\\-]", "-", true}, {"[x\\-]", "x", true}, {"[x\\-]", "-", true},
            {"[x\\-]", "z", false}, {"[\\-x]", "x", true}, {"[\\-x]", "a", false}, {"*x", "xxx", true},
            {"*/b", "a/b", true}, {"busybox", "busybox", true}, {"bus*", "busybox:latest", true},
        };
        for (Object[] c : cases) {
            assertEquals(c[2], PathGlob.matches((String) c[0], (String) c[1]), c[0] + " on " + c[1]);
        }
    }

    @Test
    void matches_badPattern_isGoSyntaxError() {
        for (String p : new String[] {"[]a]", "[-]", "[x-]", "[-x]", "\\", "[a-b-c]", "[", "[^", "[^bc", "a[",
            "a*[", "*x[", "ab[^"}) {
            EngineException e = assertThrows(EngineException.class, () -> PathGlob.matches(p, "a"), p);
            assertEquals("syntax error in pattern", e.getMessage());
        }
        assertThrows(EngineException.class, () -> PathGlob.matches("x*[", "abc"), "checked even after a miss");
    }

    @Test
    void matches_manyStars_linearNoBacktracking() {
        String name = "a".repeat(5000);
        assertFalse(PathGlob.matches("*a".repeat(40) + "*b", name));
        assertTrue(PathGlob.matches("*a".repeat(40) + "*", name));
    }
}
