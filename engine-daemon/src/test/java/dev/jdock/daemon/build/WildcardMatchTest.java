package dev.jdock.daemon.build;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WildcardMatchTest {
    @Test
    void goFilepathMatchRules() {
        assertTrue(WildcardMatch.matches("*.txt", "a.txt"));
        assertTrue(WildcardMatch.matches("*", ""));
        assertFalse(WildcardMatch.matches("*.txt", "a.txt.bak"));
        assertTrue(WildcardMatch.matches("a?c", "abc"));
        assertFalse(WildcardMatch.matches("a?c", "ac"));
        assertTrue(WildcardMatch.matches("[a-c]x", "bx"));
        assertFalse(WildcardMatch.matches("[^a-c]x", "bx"));
        assertTrue(WildcardMatch.matches("[^a-c]x", "dx"));
        assertTrue(WildcardMatch.matches("\\*", "*"));
        assertFalse(WildcardMatch.matches("\\*", "a"));
        assertTrue(WildcardMatch.matches("f*o*o", "fxoyo"));
    }

    @Test
    void manyStars_againstALongName_finishInLinearSteps() {
        String name = "a".repeat(5000);
        assertFalse(WildcardMatch.matches("*a*a*a*a*a*a*a*a*a*a*a*a*b", name));
        assertTrue(WildcardMatch.matches("*a*a*a*a*a*a*a*a*a*a*a*a*", name));
    }
}
