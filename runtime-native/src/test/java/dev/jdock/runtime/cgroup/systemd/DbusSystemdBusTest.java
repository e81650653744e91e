package dev.jdock.runtime.cgroup.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.runtime.cgroup.CgroupException;
import java.util.List;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.junit.jupiter.api.Test;

/** The D-Bus side without a bus: the properties' wire types, systemd's error names, whose signals count. */
class DbusSystemdBusTest {
    @Test
    void wire_eachPropertyWithItsSignature() {
        List<SystemdManagerInterface.Property> wire = DbusSystemdBus.wire(List.of(
                UnitProperty.string("Slice", "system.slice"), UnitProperty.bool("Delegate", true),
                UnitProperty.u64("MemoryMax", 1024), UnitProperty.u64("TasksMax", UnitProperty.INFINITY),
                UnitProperty.pids(List.of(42)), UnitProperty.mask("AllowedCPUs", new byte[] {3}),
                UnitProperty.devices(List.of(new UnitProperty.DeviceAllow("/dev/char/1:3", "rwm")))));
        assertEquals(List.of("s", "b", "t", "t", "au", "ay", "a(ss)"),
                wire.stream().map(p -> p.value.getSig()).toList());
        assertEquals("18446744073709551615", wire.get(3).value.getValue().toString(), "infinity is UINT64_MAX");
        assertEquals("[42]", wire.get(4).value.getValue().toString());
    }

    @Test
    void errorNames_byTypeOrBySystemdsMessage() {
        assertTrue(DbusSystemdBus.is(new CgroupException("stop", new DBusExecutionException("Unit a.scope not loaded.")),
                "org.freedesktop.systemd1.NoSuchUnit", " not loaded."));
        assertFalse(DbusSystemdBus.is(new CgroupException("stop", new DBusExecutionException("Access denied")),
                "org.freedesktop.systemd1.NoSuchUnit", " not loaded."));
        assertFalse(DbusSystemdBus.is(new CgroupException("timeout"), "org.freedesktop.systemd1.NoSuchUnit",
                " not loaded."));
    }

    /**
     * On the system bus any client may send a JobRemoved (the bus's default policy allows signals): only the owner of
     * org.freedesktop.systemd1 is heard, found again when systemd re-executed under a new unique name.
     */
    @Test
    void jobRemoved_onTheSystemBusOnlySystemdsCount() {
        DbusSystemdBus bus = new DbusSystemdBus(java.nio.file.Path.of("/nonexistent/private"));
        assertTrue(bus.fromSystemd(null), "no lookup: the private socket, where only systemd sends");
        String[] owner = {":1.1"};
        int[] lookups = {0};
        bus.ownerLookup(() -> {
            lookups[0]++;
            return owner[0];
        });
        assertTrue(bus.fromSystemd(":1.1"));
        assertFalse(bus.fromSystemd(":1.66"), "another client's spoof");
        assertFalse(bus.fromSystemd(null));
        owner[0] = ":1.7"; // systemd re-executed
        assertTrue(bus.fromSystemd(":1.7"));
        assertFalse(bus.fromSystemd(":1.1"), "the old name, now anyone's");
        int before = lookups[0];
        assertTrue(bus.fromSystemd(":1.7"));
        assertEquals(before, lookups[0], "the known owner needs no lookup");
        bus.ownerLookup(() -> {
            throw new DBusExecutionException("The name org.freedesktop.systemd1 has no owner");
        });
        assertFalse(bus.fromSystemd(":1.7"), "no owner: nobody is systemd");
    }
}
