package dev.jdock.runtime.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapabilitiesTest {
    /** This host's CapBnd: everything up to 40 except CAP_SYS_RESOURCE (24). */
    private static final long HOST = 0x000001fffeffffffL;

    @Test
    void enumNumbersMatchKernel() {
        assertEquals(0, Capability.CHOWN.number());
        assertEquals(21, Capability.SYS_ADMIN.number());
        assertEquals(24, Capability.SYS_RESOURCE.number());
        assertEquals(40, Capability.CHECKPOINT_RESTORE.number());
        assertEquals(41, Capability.values().length);
        for (Capability c : Capability.values()) {
            assertEquals(c, Capability.ofNumber(c.number()).orElseThrow());
        }
    }

    @Test
    void parsesWithOrWithoutPrefixAnyCase() {
        assertEquals(Optional.of(Capability.NET_ADMIN), Capability.parse("NET_ADMIN"));
        assertEquals(Optional.of(Capability.NET_ADMIN), Capability.parse("cap_net_admin"));
        assertEquals(Optional.of(Capability.NET_ADMIN), Capability.parse("Net_Admin"));
        assertEquals(Optional.empty(), Capability.parse("FOO"));
        assertEquals("CAP_SYS_ADMIN", Capability.SYS_ADMIN.capName());
    }

    @Test
    void dockerDefaultHasFourteen() {
        long d = Capabilities.dockerDefault();
        assertEquals(14, Long.bitCount(d));
        assertEquals(List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
                "CAP_SETUID", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_NET_RAW", "CAP_SYS_CHROOT", "CAP_MKNOD",
                "CAP_AUDIT_WRITE", "CAP_SETFCAP"), Capabilities.names(d));
        assertEquals(d, Capabilities.compute(List.of(), List.of(), false, HOST));
        assertEquals(d, Capabilities.compute(null, null, false, HOST));
    }

    @Test
    void addAndDrop() {
        long r = Capabilities.compute(List.of("NET_ADMIN", "sys_ptrace"), List.of("cap_mknod"), false, HOST);
        assertTrue(Capabilities.has(r, Capability.NET_ADMIN));
        assertTrue(Capabilities.has(r, Capability.SYS_PTRACE));
        assertFalse(Capabilities.has(r, Capability.MKNOD));
        assertEquals(15, Long.bitCount(r));
    }

    @Test
    void addWinsOverDropForNamedCap() {
        long r = Capabilities.compute(List.of("CHOWN"), List.of("CHOWN"), false, HOST);
        assertTrue(Capabilities.has(r, Capability.CHOWN));
    }

    @Test
    void dropAllKeepsOnlyAdds() {
        long r = Capabilities.compute(List.of("NET_BIND_SERVICE"), List.of("ALL"), false, HOST);
        assertEquals(Capability.NET_BIND_SERVICE.mask(), r);
        assertEquals(0, Capabilities.compute(List.of(), List.of("all"), false, HOST));
    }

    @Test
    void addAllMinusDrops() {
        long r = Capabilities.compute(List.of("ALL"), List.of("SYS_ADMIN"), false, HOST);
        assertFalse(Capabilities.has(r, Capability.SYS_ADMIN));
        assertTrue(Capabilities.has(r, Capability.SYS_MODULE));
        assertFalse(Capabilities.has(r, Capability.SYS_RESOURCE), "host lacks it");
    }

    @Test
    void privilegedGetsHostBoundingSet() {
        assertEquals(HOST, Capabilities.compute(List.of(), List.of(), true, HOST));
        assertEquals(HOST, Capabilities.compute(List.of("BOGUS"), List.of(), true, HOST), "not validated, as moby");
    }

    @Test
    void missingHostCapIsDroppedSilently() {
        long r = Capabilities.compute(List.of("SYS_RESOURCE"), List.of(), false, HOST);
        assertFalse(Capabilities.has(r, Capability.SYS_RESOURCE));
        assertEquals(Capabilities.dockerDefault(), r);
    }

    @Test
    void unknownCapabilityMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Capabilities.compute(List.of("foo"), List.of(), false, HOST));
        assertEquals("unknown capability: \"CAP_FOO\"", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Capabilities.compute(List.of(), List.of("CAP_BAR"), false, HOST));
        assertEquals("unknown capability: \"CAP_BAR\"", e.getMessage());
    }

    @Test
    void boundingSetFromStatus(@TempDir Path dir) throws Exception {
        Path status = dir.resolve("status");
        Files.writeString(status, "Name:\tjava\nCapInh:\t0000000000000000\nCapBnd:\t000001fffeffffff\n");
        assertEquals(HOST, Capabilities.boundingSetFrom(status));
        assertTrue(Capabilities.has(Capabilities.hostBoundingSet(), Capability.CHOWN), "this JVM's own CapBnd");
    }

    @Test
    void setsPlanRootAndNonRoot() {
        long m = Capabilities.dockerDefault();
        assertEquals(new CapabilitySetsPlan(m, m, m, 0, 0), CapabilitySetsPlan.forUser(m, true));
        assertEquals(new CapabilitySetsPlan(m, 0, 0, 0, 0), CapabilitySetsPlan.forUser(m, false));
    }
}
