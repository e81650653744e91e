package dev.jdock.runtime.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceRulesTest {
    @Test
    void rule_formatsTheV1Syntax() {
        assertEquals("c 10:229 rwm", DeviceRules.rule('c', 10, 229, "rwm"));
        assertEquals("b 8:0 r", DeviceRules.rule('b', 8, 0, "r"));
    }

    @Test
    void rule_rejectsBadTypeAndAccess() {
        assertThrows(IllegalArgumentException.class, () -> DeviceRules.rule('x', 1, 1, "rwm"));
        assertThrows(IllegalArgumentException.class, () -> DeviceRules.rule('c', 1, 1, "rwx"));
        assertThrows(IllegalArgumentException.class, () -> DeviceRules.rule('c', 1, 1, ""));
    }

    @Test
    void withDefaults_keepsDockersListFirst() {
        List<String> rules = DeviceRules.withDefaults(List.of("c 10:229 rwm"));
        assertEquals(DeviceRules.DEFAULT_ALLOW, rules.subList(0, DeviceRules.DEFAULT_ALLOW.size()));
        assertEquals("c 10:229 rwm", rules.get(rules.size() - 1));
        assertTrue(rules.contains("c 1:3 rwm") && rules.contains("c 136:* rwm"));
    }
}
