package dev.jdock.daemon.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShellLexTest {
    private static final Lookup ENV = Lookup.of(Map.of("a", "x", "empty", "", "sp", "1 2", "PATH", "/bin"));
    private final ShellLex lex = new ShellLex('\\');

    private String word(String w) {
        return lex.processWord(w, ENV);
    }

    @Test
    void plainVariables_areSubstituted() {
        assertEquals("x", word("$a"));
        assertEquals("x", word("${a}"));
        assertEquals("xy", word("${a}y"));
        assertEquals("", word("$ay"));
        assertEquals("/bin:/usr", word("$PATH:/usr"));
        assertEquals("", word("$unset"));
    }

    @Test
    void dollarWithoutName_isLiteral() {
        assertEquals("$", word("$"));
        assertEquals("a$ b", word("a$ b"));
        assertEquals("$/x", word("$/x"));
    }

    @Test
    void defaultForms_followColonRules() {
        assertEquals("d", word("${unset:-d}"));
        assertEquals("d", word("${empty:-d}"));
        assertEquals("x", word("${a:-d}"));
        assertEquals("d", word("${unset-d}"));
        assertEquals("", word("${empty-d}"));
    }

    @Test
    void alternativeForms_followColonRules() {
        assertEquals("w", word("${a:+w}"));
        assertEquals("", word("${empty:+w}"));
        assertEquals("w", word("${empty+w}"));
        assertEquals("", word("${unset+w}"));
    }

    @Test
    void nestedSubstitution_inWord() {
        assertEquals("x", word("${unset:-$a}"));
        assertEquals("x-x", word("${unset:-${a}-$a}"));
    }

    @Test
    void requiredForms_failWithDockersText() {
        assertEquals("x", word("${a:?}"));
        EngineException e = assertThrows(EngineException.class, () -> word("${unset?}"));
        assertEquals("failed to process \"${unset?}\": unset: is not allowed to be unset", e.getMessage());
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        e = assertThrows(EngineException.class, () -> word("${empty:?must be set}"));
        assertEquals("failed to process \"${empty:?must be set}\": empty: must be set", e.getMessage());
        assertEquals("", word("${empty?}"));
    }

    @Test
    void badSubstitutions_areErrors() {
        assertEquals("failed to process \"${a\": syntax error: missing '}'",
                assertThrows(EngineException.class, () -> word("${a")).getMessage());
        assertEquals("failed to process \"${}\": syntax error: bad substitution",
                assertThrows(EngineException.class, () -> word("${}")).getMessage());
        assertEquals("failed to process \"${:a}\": syntax error: bad substitution",
                assertThrows(EngineException.class, () -> word("${:a}")).getMessage());
        assertEquals("failed to process \"${a:-x\": syntax error: missing '}'",
                assertThrows(EngineException.class, () -> word("${a:-x")).getMessage());
        assertEquals("failed to process \"${a#x}\": unsupported modifier (#) in substitution",
                assertThrows(EngineException.class, () -> word("${a#x}")).getMessage());
        assertEquals("failed to process \"${a:=x}\": unsupported modifier (:=) in substitution",
                assertThrows(EngineException.class, () -> word("${a:=x}")).getMessage());
    }

    @Test
    void singleQuotes_areLiteral() {
        assertEquals("$a", word("'$a'"));
        assertEquals("a\\b", word("'a\\b'"));
        assertThrows(EngineException.class, () -> word("'abc"));
    }

    @Test
    void doubleQuotes_expandAndEscapeOnlyQuoteDollarEscape() {
        assertEquals("x y", word("\"$a y\""));
        assertEquals("$a", word("\"\\$a\""));
        assertEquals("a\"b", word("\"a\\\"b\""));
        assertEquals("a\\b", word("\"a\\b\""));
        assertEquals("a\\b", word("\"a\\\\b\""));
        assertEquals("failed to process \"\\\"abc\": unexpected end of statement while looking for matching double-quote",
                assertThrows(EngineException.class, () -> word("\"abc")).getMessage());
    }

    @Test
    void escapeCharacter_quotesNextCharacter() {
        assertEquals("$a", word("\\$a"));
        assertEquals("ab", word("a\\b"));
        assertEquals("a", word("a\\"));
        assertEquals("$a", new ShellLex('`').processWord("`$a", ENV));
        assertEquals("\\x", new ShellLex('`').processWord("\\$a", ENV));
    }

    @Test
    void specialAndNumericNames() {
        assertEquals("", word("$1"));
        assertEquals("x", word("$12$a"));
        assertEquals("", word("$@"));
    }

    @Test
    void processWords_splitsUnquotedWhitespaceAndExpansions() {
        assertEquals(List.of("80", "443"), lex.processWords("80 443", ENV));
        assertEquals(List.of("1", "2"), lex.processWords("$sp", ENV));
        assertEquals(List.of("1 2"), lex.processWords("\"$sp\"", ENV));
        assertEquals(List.of("a b", "c"), lex.processWords("a\\ b c", ENV));
        assertEquals(List.of(), lex.processWords("\"\"", ENV));
    }

    @Test
    void references_listNamesRead() {
        assertEquals(Set.of("a", "b", "c"), lex.references("$a ${b:-$c} '$d' \\$e"));
        assertEquals(Set.of(), lex.references("plain"));
    }

    @Test
    void longWord_isLinear() {
        String w = "$a".repeat(200_000);
        assertEquals(200_000, word(w).length());
    }

    @Test
    void substitutions_ofOneWord_areBoundedByAnInstructionsLength() {
        Lookup big = Lookup.of(Map.of("k", "x".repeat(1024)));
        String fits = "$k".repeat(ShellLex.MAX_EXPANSION / 1024);
        assertEquals(ShellLex.MAX_EXPANSION, lex.processWord(fits, big).length());
        EngineException e = assertThrows(EngineException.class, () -> lex.processWord(fits + "$k", big));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertTrue(e.getMessage().endsWith(": the expansion is longer than 1048576 characters"), e.getMessage());
        // a default that is computed and not used is paid for too; so are quoted and nested forms
        assertThrows(EngineException.class, () -> lex.processWord("${k:-" + fits + "}\"$k\"", big));
        assertEquals("y".repeat(2000), lex.processWord("${k:+y}".repeat(2000), big), "an alternative pays nothing");
    }

    @Test
    void everySubstitution_isChargedToTheLookup() {
        List<Integer> charged = new java.util.ArrayList<>();
        Lookup counting = new Lookup() {
            @Override
            public String get(String name) {
                return ENV.get(name);
            }

            @Override
            public void charge(int length) {
                charged.add(length);
            }
        };
        assertEquals("x/bin$a1 2x", lex.processWord("$a${PATH}'$a'\"$sp\"${empty}${unset:-$a}", counting));
        assertEquals(List.of(1, 4, 3, 1), charged, "the empty value costs nothing; single quotes substitute none");
    }
}
