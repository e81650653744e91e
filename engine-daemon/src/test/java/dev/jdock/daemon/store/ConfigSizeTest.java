package dev.jdock.daemon.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.HostConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSizeTest {
    private record Inner(String a, Long n) {
    }

    private record Outer(String name, List<String> list, Map<String, String> map, List<Inner> inners,
            Map<String, Map<String, Object>> ports, boolean flag) {
    }

    @Test
    void of_countsEntriesAtAnyDepth_everyStringsCharacters_andObjects() {
        Outer o = new Outer("abc", List.of("x=1", "yy"), Map.of("k", "vv"),
                List.of(new Inner("zzzz", 5L), new Inner(null, null)), Map.of("80/tcp", Map.of()), true);

        ConfigSize s = ConfigSize.of(o);

        assertEquals(2 + 1 + 2 + 1, s.entries()); // list, map, list of records, map of empty maps
        assertEquals(3 + 3 + 2 + 1 + 2 + 4 + 6, s.chars());
        // strings: name, 2 in list, key and value, a, port key; map entries: 2; records: outer and two inners
        assertEquals(7 + 2 + 3, s.objects());
        assertEquals(s.chars() + ConfigSize.OBJECT_OVERHEAD * s.objects(), s.weight());
        assertEquals(ConfigSize.ZERO, ConfigSize.of(null));
        assertEquals(new ConfigSize(0, 0, 0), ConfigSize.of(42L));
    }

    @Test
    void exceeds_pastEntriesOrCharacters_notAtThem() {
        assertFalse(new ConfigSize(ConfigSize.MAX_ENTRIES, ConfigSize.MAX_CHARS, 0).exceeds());
        assertTrue(new ConfigSize(ConfigSize.MAX_ENTRIES + 1, 0, 0).exceeds());
        assertTrue(new ConfigSize(0, ConfigSize.MAX_CHARS + 1, 0).exceeds());
        assertEquals("has 16385 entries of 3 characters, more than 16384 or 1048576",
                new ConfigSize(16_385, 3, 0).describe());
    }

    /** 150,000 labels of 7-character keys and no value: 95 bytes each on the heap, measured; weighed more. */
    @Test
    void weight_ofALabel_isAtLeastWhatItCostsTheHeap() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < 1000; i++) {
            labels.put(String.format("l%06d", i), "");
        }
        ConfigSize s = ConfigSize.of(ContainerConfig.builder().labels(labels).build());
        assertEquals(1000, s.entries());
        assertTrue(s.weight() >= 95L * 1000, "weight " + s.weight());
    }

    @Test
    void of_aContainersConfigAndHostConfig_countsTheirListsAndMaps() {
        ContainerConfig c = ContainerConfig.builder().env(Collections.nCopies(3, "A=1")).cmd(List.of("sh"))
                .labels(Map.of("a", "b")).build();
        HostConfig h = HostConfig.builder().extraHosts(List.of("h:1.2.3.4", "i:1.2.3.5")).build();

        assertEquals(5, ConfigSize.of(c).entries());
        assertEquals(2, ConfigSize.of(h).entries());
        assertTrue(ConfigSize.of(h).chars() >= 18);
    }
}
