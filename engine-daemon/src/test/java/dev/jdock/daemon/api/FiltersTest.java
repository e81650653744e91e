package dev.jdock.daemon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.errors.EngineException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FiltersTest {
    @Test
    void parse_cliMapOfSets() {
        Filters f = Filters.parse("{\"label\":{\"a=1\":true,\"b\":true},\"status\":{\"exited\":true}}");
        assertEquals(Set.of("a=1", "b"), f.values("label"));
        assertTrue(f.contains("status", "exited"));
    }

    @Test
    void parse_dockerPyMapOfLists() {
        Filters f = Filters.parse("{\"label\": [\"com.docker.compose.project=x\", \"com.docker.compose.oneoff=False\"]}");
        assertEquals(Set.of("com.docker.compose.project=x", "com.docker.compose.oneoff=False"), f.values("label"));
    }

    @Test
    void parse_emptyOrAbsent_isEmpty() {
        assertTrue(Filters.parse(null).isEmpty());
        assertTrue(Filters.parse("").isEmpty());
        assertTrue(Filters.parse("{}").isEmpty());
    }

    @Test
    void validate_unknownKey_isInvalidFilter() {
        EngineException e = assertThrows(EngineException.class,
                () -> Filters.parse("{\"bogus\":[\"x\"]}").validate(Set.of("label")));
        assertEquals("invalid filter 'bogus'", e.getMessage());
    }

    @Test
    void parse_notJson_isInvalid() {
        assertThrows(EngineException.class, () -> Filters.parse("{nope"));
    }

    /** dockerd 20.10 beside jdockd on this host, for each: the message after {@code invalid filter: }. */
    @Test
    void parse_refusals_inGosWords() {
        assertEquals("invalid character 'o' in literal null (expecting 'u')", refusal("notjson"));
        assertEquals("unexpected end of JSON input", refusal("{\"status\":[\"running\""));
        assertEquals("invalid character 'x' looking for beginning of value", refusal(" x"));
        assertEquals("json: cannot unmarshal string into Go value of type map[string]bool",
                refusal("{\"status\":\"running\"}"));
        assertEquals("json: cannot unmarshal number into Go value of type bool",
                refusal("{\"status\":{\"running\":1}}"));
        assertEquals("json: cannot unmarshal array into Go value of type map[string]map[string]bool",
                refusal("[]"));
        assertEquals("json: cannot unmarshal array into Go value of type map[string]bool",
                refusal("{\"status\":[1]}"));
        // neither decoding takes a mix of both forms: the first one's first error
        assertEquals("json: cannot unmarshal array into Go value of type map[string]bool",
                refusal("{\"label\":{\"a\":true},\"status\":[\"running\"]}"));
        // Go's depth bound: 20,000 '[' (a 60 KB query) ran the handler's stack out, a 500 of StackOverflowError
        assertEquals("invalid character '[' exceeded max depth", refusal("{\"label\":" + "[".repeat(20_000)));
    }

    @Test
    void parse_asGoDecodesThem() {
        Filters f = Filters.parse("{\"label\":{\"a\":false,\"b\":null},\"status\":null}");
        assertEquals(Set.of("a", "b"), f.values("label"), "every key of the set counts, whatever its boolean");
        assertTrue(f.keys().contains("status"));
        assertEquals(Set.of("x", ""), Filters.parse("{\"name\":[\"x\",null]}").values("name"));
        assertEquals(Set.of("y"), Filters.parse("{\"name\":[\"x\"],\"name\":[\"y\"]}").values("name"));
        assertTrue(Filters.parse("null").isEmpty());
    }

    private static String refusal(String json) {
        EngineException e = assertThrows(EngineException.class, () -> Filters.parse(json));
        assertEquals(dev.jdock.daemon.errors.ErrorKind.INVALID_PARAMETER, e.kind());
        assertTrue(e.getMessage().startsWith("invalid filter: "), e.getMessage());
        return e.getMessage().substring("invalid filter: ".length());
    }

    @Test
    void with_addsAValue_andLeavesTheOriginal() {
        Filters f = Filters.parse("{\"reference\":[\"a\"],\"label\":[\"x\"]}");
        Filters g = f.with("reference", "b/*");
        assertEquals(Set.of("a", "b/*"), g.values("reference"));
        assertEquals(Set.of("x"), g.values("label"));
        assertEquals(Set.of("a"), f.values("reference"));
        assertEquals(Set.of("c"), Filters.empty().with("reference", "c").values("reference"));
    }
}
