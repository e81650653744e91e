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
