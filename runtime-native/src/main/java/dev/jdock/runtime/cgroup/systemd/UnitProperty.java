package dev.jdock.runtime.cgroup.systemd;

import java.util.List;

/**
 * One property of a unit as {@code StartTransientUnit} and {@code SetUnitProperties} take it: a name and a value of
 * one D-Bus type ({@code s}, {@code b}, {@code t}, {@code au}, {@code ay}, {@code a(ss)}).
 *
 * @param signature the value's D-Bus type
 * @param value {@code String}, {@code Boolean}, {@code Long} (an unsigned 64-bit number; -1 is systemd's
 *              {@code infinity}), {@code List<Integer>} (pids), {@code byte[]} (a CPU or memory node mask) or
 *              {@code List<DeviceAllow>}
 */
public record UnitProperty(String name, String signature, Object value) {
    /** systemd's "no limit" for a {@code t} property (UINT64_MAX). */
    public static final long INFINITY = -1;

    /** One {@code DeviceAllow} entry: a device node path or class ({@code char-pts}) and its access, {@code rwm}. */
    public record DeviceAllow(String device, String access) {}

    public static UnitProperty string(String name, String value) {
        return new UnitProperty(name, "s", value);
    }

    public static UnitProperty bool(String name, boolean value) {
        return new UnitProperty(name, "b", value);
    }

    public static UnitProperty u64(String name, long value) {
        return new UnitProperty(name, "t", value);
    }

    public static UnitProperty pids(List<Integer> pids) {
        return new UnitProperty("PIDs", "au", List.copyOf(pids));
    }

    public static UnitProperty mask(String name, byte[] bits) {
        return new UnitProperty(name, "ay", bits.clone());
    }

    public static UnitProperty devices(List<DeviceAllow> allow) {
        return new UnitProperty("DeviceAllow", "a(ss)", List.copyOf(allow));
    }

    @Override
    public String toString() {
        Object shown = value instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : value;
        return name + "=" + shown;
    }
}
