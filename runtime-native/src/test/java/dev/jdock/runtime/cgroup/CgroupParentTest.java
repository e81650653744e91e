package dev.jdock.runtime.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CgroupParentTest {
    static final String ID = "0123456789abcdef".repeat(4);

    @Test
    void parse_emptyOrNull_isJdocksDefault() {
        assertEquals(CgroupParent.DEFAULT, CgroupParent.parse(null));
        assertEquals(CgroupParent.DEFAULT, CgroupParent.parse(""));
        assertEquals(new CgroupParent(true, List.of("jdock")), CgroupParent.DEFAULT);
        assertTrue(CgroupParent.parse("/jdock").isDefault());
    }

    @Test
    void parse_absoluteRelativeNestedAndSlice_cleanedAsRunc() {
        assertEquals(new CgroupParent(true, List.of("mygroup")), CgroupParent.parse("/mygroup"));
        assertEquals(new CgroupParent(false, List.of("mygroup")), CgroupParent.parse("mygroup"));
        assertEquals(new CgroupParent(false, List.of("a", "b")), CgroupParent.parse("a//./b/"));
        assertEquals(new CgroupParent(true, List.of("x.slice")), CgroupParent.parse("/x.slice"));
        assertEquals(new CgroupParent(true, List.of()), CgroupParent.parse("/"));
        assertEquals(new CgroupParent(false, List.of()), CgroupParent.parse("."));
        assertEquals("/a/b", CgroupParent.parse("//a/./b").toString());
        assertEquals("a b", CgroupParent.parse("a b").toString(), "a space is a name character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "/../x", "a/../../etc", "a/..", "x\0y", "x\ny", "\t", "a\u007fb"})
    void parse_dotDotOrControlCharacters_refused(String given) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CgroupParent.parse(given));
        assertTrue(e.getMessage().startsWith("invalid cgroup parent \""), e.getMessage());
        assertFalse(e.getMessage().chars().anyMatch(ch -> ch < 0x20), "the message carries no control character");
    }

    @Test
    void parse_lengthBounded() {
        assertEquals(4, CgroupParent.parse("/" + "a/".repeat(4)).names().size());
        CgroupParent.parse("/" + "n".repeat(255));
        assertThrows(IllegalArgumentException.class, () -> CgroupParent.parse("/" + "n".repeat(256)));
        String deep = "/" + "abc/".repeat(255);
        assertEquals(1021, deep.length());
        CgroupParent.parse(deep);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CgroupParent.parse(deep + "abcd"));
        assertTrue(e.getMessage().endsWith("longer than 1024 bytes"), e.getMessage());
        assertTrue(e.getMessage().length() < 200, "the parent is cut in the message");
        assertThrows(IllegalArgumentException.class, () -> CgroupParent.parse("/" + "é".repeat(520)), "bytes");
    }

    @Test
    void from_absoluteIgnoresTheDaemonsCgroup_relativeStartsThere() {
        assertEquals(List.of("a", "b"), CgroupParent.parse("/a/b").from("/system.slice/x.service"));
        assertEquals(List.of("system.slice", "x.service", "a"),
                CgroupParent.parse("a").from("/system.slice/x.service"));
        assertEquals(List.of("a"), CgroupParent.parse("a").from("/"));
    }

    @Test
    void holds_absolute_parentThenId() {
        CgroupParent p = CgroupParent.parse("/jdtest-parent");
        assertTrue(p.holds("/jdtest-parent/" + ID, ID));
        assertTrue(p.holds("/jdtest-parent/" + ID + "/init.scope", ID));
        assertTrue(p.holds("/docker/" + "d".repeat(63) + "/jdtest-parent/" + ID, ID),
                "seen from above the daemon's cgroup mounts (v1 docker-in-docker)");
        assertFalse(p.holds("/jdtest-parent", ID));
        assertFalse(p.holds("/jdtest-parent/x/" + ID, ID));
        assertFalse(p.holds("/jdtest-parent/" + "f".repeat(64) + "/jdtest-parent/" + ID, ID),
                "inside another container's");
        assertFalse(p.holds("/", ID));
        assertTrue(CgroupParent.parse("/").holds("/" + ID, ID));
        assertTrue(CgroupParent.DEFAULT.holds("/jdock/" + ID, ID));
        assertFalse(CgroupParent.DEFAULT.holds("/jdock/" + "f".repeat(64) + "/jdock/" + ID, ID),
                "nested inside another container");
    }

    @Test
    void holds_relative_theFirstPlaceOfTheParentFollowedByAnIdDecides() {
        CgroupParent p = CgroupParent.parse("a/b");
        assertTrue(p.holds("/process_api/x/a/b/" + ID, ID));
        assertTrue(p.holds("/a/b/" + ID, ID));
        assertFalse(p.holds("/x/a/" + ID, ID));
        String other = "f".repeat(64);
        assertFalse(p.holds("/x/a/b/" + other + "/a/b/" + ID, ID), "inside another container's");
        assertTrue(CgroupParent.parse("system.slice").holds("/system.slice/x.service/system.slice/" + ID, ID),
                "the daemon's own cgroup holds the parent's name");
        CgroupParent dot = CgroupParent.parse(".");
        assertTrue(dot.holds("/system.slice/x.service/" + ID + "/init.scope", ID), "no names: the first ID decides");
        assertFalse(dot.holds("/system.slice/x.service/" + other + "/" + ID, ID));
    }

    @Test
    void holds_systemdScopes_theFirstScopeDecides() {
        String other = "f".repeat(64);
        CgroupParent def = CgroupParent.DEFAULT;
        assertTrue(def.holds("/system.slice/jdock-" + ID + ".scope", ID), "the systemd driver's scope");
        assertTrue(def.holds("/jdock-e2e/system.slice/jdock-" + ID + ".scope/sub", ID));
        CgroupParent slice = CgroupParent.parse("kubepods-besteffort-pod1.slice");
        assertTrue(slice.holds("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1.slice/jdock-"
                + ID + ".scope", ID));
        assertFalse(def.holds("/system.slice/jdock-" + other + ".scope/system.slice/jdock-" + ID + ".scope", ID),
                "a scope made inside another container's");
        assertFalse(def.holds("/system.slice/jdock-" + other + ".scope/jdock/" + ID, ID),
                "a cgroupfs-style cgroup made inside another container's scope");
        assertFalse(def.holds("/jdock/" + other + "/system.slice/jdock-" + ID + ".scope", ID),
                "a scope-named cgroup inside another cgroupfs container's");
        assertFalse(def.holds("/system.slice/docker-" + ID + ".scope", ID), "dockerd's scope is not jdock's");
    }
}
