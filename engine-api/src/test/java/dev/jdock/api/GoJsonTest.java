package dev.jdock.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GoJsonTest {
    private static String compact(String json) throws GoJson.SyntaxException {
        return new String(GoJson.compact(json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    private static String refused(String json) {
        return assertThrows(GoJson.SyntaxException.class, () -> compact(json)).getMessage();
    }

    @Test
    void compact_dropsOnlyTheSpaceBetweenTokens() throws Exception {
        // what docker 28.2.2's json.Compact sent for this file (--security-opt seccomp=FILE, recorded on the wire)
        String file = "{\n  \"defaultAction\" : \"SCMP_ACT_ALLOW\",\n"
                + "  \"comment\": \"a \\\"quoted\\\" word,\\ttab \\u00e9 and   spaces\",\n"
                + "  \"syscalls\": [ { \"names\": [ \"mkdir\" , \"mkdirat\" ], \"action\": \"SCMP_ACT_ERRNO\", "
                + "\"errnoRet\": 13, \"x\": 1.50e+3 } ]\n}\n";
        assertEquals("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"comment\":\"a \\\"quoted\\\" word,\\ttab \\u00e9 and"
                + "   spaces\",\"syscalls\":[{\"names\":[\"mkdir\",\"mkdirat\"],\"action\":\"SCMP_ACT_ERRNO\","
                + "\"errnoRet\":13,\"x\":1.50e+3}]}", compact(file));
        assertEquals("\"\\\\\"", compact(" \"\\\\\" ")); // an escaped backslash ends no string early
        assertEquals("[\"é ☃\",null,true]", compact("[ \"é ☃\" ,\r\n\tnull , true ]"));
    }

    @Test
    void refused_inGosWords() {
        assertEquals("unexpected end of JSON input", refused(""));
        assertEquals("unexpected end of JSON input", refused("{\"a\": [1, 2"));
        assertEquals("invalid character '}' in literal true (expecting 'e')", refused("{\"a\": tru}"));
        assertEquals("invalid character 'x' looking for beginning of value", refused("x"));
        assertEquals("invalid character '1' after top-level value", refused("{} 1"));
    }

    /** The offending byte quoted as Go's quoteChar does (strconv.Quote of the rune with that number). */
    @Test
    void offendingByte_quotedAsGo() {
        assertEquals("invalid character '\\t' in string literal", refused("\"a\tb\""));
        assertEquals("invalid character '\\x01' in string literal", refused("\"\u0001\""));
        assertEquals("invalid character '\\'' looking for beginning of value", refused("'a'"));
        assertEquals("invalid character '\"' after object key:value pair", refused("{\"a\":1 \"b\":2}"));
        assertEquals("invalid character '\\\\' looking for beginning of value", refused("\\"));
        assertEquals("'\\x7f'", GoJson.quoteChar(0x7f));
        assertEquals("'\\u0080'", GoJson.quoteChar(0x80));
        assertEquals("'\\u00ad'", GoJson.quoteChar(0xad));
        assertEquals("'é'", GoJson.quoteChar(0xe9));
    }

    /** Go's maxNestingDepth: 10,000 containers open at once pass, the next opening is refused in its words. */
    @Test
    void nesting_boundedAsGo_withoutRecursion() throws Exception {
        int max = GoJson.MAX_DEPTH;
        String deepest = "[".repeat(max - 2) + "{\"a\":[]}" + "]".repeat(max - 2);
        assertEquals(deepest, compact(deepest));
        assertEquals("invalid character '[' exceeded max depth", refused("[".repeat(max) + "[]" + "]".repeat(max)));
        assertEquals("invalid character '{' exceeded max depth", refused("{\"a\":".repeat(max) + "{}"));
        // a million openings: refused at the 10,001st, with no stack to run out of
        assertEquals("invalid character '[' exceeded max depth", refused("[".repeat(1_000_000)));
        assertEquals("unexpected end of JSON input", refused("[".repeat(max)));
        assertEquals("invalid character '}' after array element", refused("[[1,[2]}"));
        assertEquals("invalid character ']' after object key:value pair", refused("[{\"a\":{}]"));
        assertEquals("invalid character ']' looking for beginning of object key string", refused("{\"a\":1,]"));
        assertEquals("invalid character ']' looking for beginning of value", refused("[1,]"));
        assertEquals("invalid character ',' after object key", refused("{\"a\",1}"));
    }

    /**
     * The encoder's strings, as the docker CLI 28.2.2 (Go 1.24) printed them in {@code docker context inspect}:
     * {@code "a\bb\fc\u003c\u0001\u2028"}.
     */
    @Test
    void quote_asGosEncoder() {
        assertEquals("\"a\\bb\\fc\\u003c\\u0001\\u2028\"",
                GoJson.quote(new StringBuilder(), "a\bb\fc<\u0001\u2028", true).toString());
        assertEquals("\"q\\\"b\\\\c\\n\\r\\t\\u001f\u007f<>&\\u2029é\ud83d\ude00\\ufffd\\ufffd\"",
                GoJson.quote(new StringBuilder(), "q\"b\\c\n\r\t\u001f\u007f<>&\u2029é\ud83d\ude00\udc00\ud800", false)
                        .toString());
        assertEquals("x\"\\u003c\\u003e\\u0026\"", GoJson.quote(new StringBuilder("x"), "<>&", true).toString());
    }
}
