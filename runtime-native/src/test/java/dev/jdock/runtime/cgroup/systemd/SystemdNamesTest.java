package dev.jdock.runtime.cgroup.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SystemdNamesTest {
    @Test
    void expandSlice_runcsCases() {
        assertEquals(List.of(), SystemdNames.expandSlice("-.slice"));
        assertEquals(List.of("Hello.slice"), SystemdNames.expandSlice("Hello.slice"));
        assertEquals(List.of("Hello.slice", "Hello-World.slice"), SystemdNames.expandSlice("Hello-World.slice"));
        assertEquals(List.of("kubepods.slice", "kubepods-besteffort.slice",
                "kubepods-besteffort-pod1234_5678.slice"),
                SystemdNames.expandSlice("kubepods-besteffort-pod1234_5678.slice"));
    }

    @ParameterizedTest
    @ValueSource(strings = {".slice", "-Hello.slice", "Hello-.slice", "Hello--World.slice", "--.slice",
        "Hello.scope", "Hello", "a/b.slice", "../x.slice", "a b.slice", "a\\x2d.slice", "a@b.slice", "a\nb.slice",
        "ä.slice", ""})
    void expandSlice_refuses(String slice) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SystemdNames.expandSlice(slice));
        assertEquals(true, e.getMessage().startsWith("invalid slice name: "), e.getMessage());
        assertEquals(false, e.getMessage().contains("\n"));
    }

    /** systemd would make these directories {@code _<name>} (cg_escape): the scope would not be where jdock looks. */
    @ParameterizedTest
    @ValueSource(strings = {"..slice", "_x.slice", ".a.slice", "cgroup.slice", "cgroup.x-y.slice", "cpu.slice",
        "memory.slice", "pids-x.slice", "bpf-firewall.slice", "bpf-firewall-x.slice", "_-a.slice"})
    void expandSlice_refusesWhatSystemdEscapes(String slice) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SystemdNames.expandSlice(slice));
        assertEquals("invalid slice name: " + slice, e.getMessage());
    }

    @Test
    void expandSlice_keepsWhatSystemdDoesNotEscape() {
        assertEquals(List.of("cpux.slice"), SystemdNames.expandSlice("cpux.slice"));
        assertEquals(List.of("cpu.x.slice"), SystemdNames.expandSlice("cpu.x.slice"), "the text before the last dot");
        assertEquals(List.of("a_b.slice"), SystemdNames.expandSlice("a_b.slice"));
        assertEquals(List.of("cgroupx.slice"), SystemdNames.expandSlice("cgroupx.slice"));
    }

    @Test
    void expandSlice_refusesALongName() {
        assertThrows(IllegalArgumentException.class, () -> SystemdNames.expandSlice("a".repeat(250) + ".slice"));
    }

    @Test
    void sliceOf_dockerdsCheck() {
        assertEquals("system.slice", SystemdNames.sliceOf(null));
        assertEquals("system.slice", SystemdNames.sliceOf(""));
        assertEquals("foo.slice", SystemdNames.sliceOf("foo.slice"));
        for (String bad : List.of("foo", "/foo", ".slice", "/foo/bar")) {
            assertEquals("cgroup-parent for systemd cgroup should be a valid slice named as \"xxx.slice\"",
                    assertThrows(IllegalArgumentException.class, () -> SystemdNames.sliceOf(bad)).getMessage());
        }
        assertEquals("invalid slice name: /foo.slice",
                assertThrows(IllegalArgumentException.class, () -> SystemdNames.sliceOf("/foo.slice")).getMessage());
    }

    @Test
    void scope() {
        assertEquals("jdock-abc123.scope", SystemdNames.scope("jdock", "abc123"));
        assertThrows(IllegalArgumentException.class, () -> SystemdNames.scope("jdock", "../x"));
        assertThrows(IllegalArgumentException.class, () -> SystemdNames.scope("jdock", ""));
        assertThrows(IllegalArgumentException.class, () -> SystemdNames.scope("Bad_", "ab"));
    }
}
