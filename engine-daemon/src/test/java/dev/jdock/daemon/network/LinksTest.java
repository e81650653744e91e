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
}
