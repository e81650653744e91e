package dev.jdock.daemon.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.errors.EngineException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinksTest {
    private static HostConfig links(String... l) {
        return HostConfig.builder().links(List.of(l)).build();
    }

    @Test
    void parse_nameAndAlias_nameOnly_andDockerInternalForm() {
        assertEquals(List.of(new Links.Link("web", "w"), new Links.Link("db", "db"), new Links.Link("web", "w")),
                Links.parse(links("web:w", "db", "/web:/client/w")));
    }

    @Test
    void parse_noLinks_isEmpty() {
        assertEquals(List.of(), Links.parse(HostConfig.builder().build()));
        assertEquals(List.of(), Links.parse(null));
    }

    @Test
    void parse_emptyAlias_isInvalid() {
        EngineException e = assertThrows(EngineException.class, () -> Links.parse(links("web:")));
        assertEquals("invalid link format: web:", e.getMessage());
    }

    /** moby's ParseLink refusals, its words (create only: stored records are read as before). */
    @Test
    void checkSyntax_emptyOrTwoColons_refused() {
        assertEquals("bad format for links: a:b:c", assertThrows(EngineException.class,
                () -> Links.checkSyntax(links("a:b:c"))).getMessage());
        assertEquals("empty string specified for links", assertThrows(EngineException.class,
                () -> Links.checkSyntax(links("db", ""))).getMessage());
        Links.checkSyntax(links("web:w", "db", "/web:/client/w"));
        assertEquals(List.of(new Links.Link("db", "db")), Links.parse(links("", "db")));
    }
}
