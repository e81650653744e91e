package dev.jdock.runtime.cgroup.systemd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.runtime.cgroup.Resources;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemdPropertiesTest {
    private static final SystemdProperties V2 = new SystemdProperties(true);
    private static final SystemdProperties V1 = new SystemdProperties(false);

    @Test
    void none_onlyTasksMaxInfinity_asTheFilesSayMax() {
        assertEquals(List.of(UnitProperty.u64("TasksMax", UnitProperty.INFINITY)), V2.resources(Resources.NONE));
        assertEquals(List.of(UnitProperty.u64("TasksMax", UnitProperty.INFINITY)), V1.resources(Resources.NONE));
    }

    @Test
    void v2() {
        Resources r = Resources.builder().memory(100 << 20).memorySwap(-1).memoryReservation(50 << 20)
                .cpuShares(512).cpuQuota(12_345).cpuPeriod(100_000).pidsLimit(10).cpusetMems("0").blkioWeight(500)
                .build();
        assertEquals(List.of(UnitProperty.u64("MemoryMax", 100 << 20),
                UnitProperty.u64("MemorySwapMax", UnitProperty.INFINITY), UnitProperty.u64("MemoryLow", 50 << 20),
                UnitProperty.u64("CPUWeight", 20), UnitProperty.u64("CPUQuotaPeriodUSec", 100_000),
                UnitProperty.u64("CPUQuotaPerSecUSec", 130_000), UnitProperty.u64("TasksMax", 10)),
                V2.resources(r).subList(0, 7));
        assertEquals("AllowedMemoryNodes=01", V2.resources(r).get(7).toString());
        assertEquals(UnitProperty.u64("IOWeight", 4950), V2.resources(r).get(8));
    }

    @Test
    void v1() {
        Resources r = Resources.builder().memory(100 << 20).memoryReservation(50 << 20).cpuShares(512)
                .nanoCpus(1_500_000_000).cpusetCpus("1").blkioWeight(300).build();
        assertEquals(List.of(UnitProperty.u64("MemoryLimit", 100 << 20), UnitProperty.u64("CPUShares", 512),
                UnitProperty.u64("CPUQuotaPeriodUSec", 100_000), UnitProperty.u64("CPUQuotaPerSecUSec", 1_500_000),
                UnitProperty.u64("TasksMax", UnitProperty.INFINITY), UnitProperty.u64("BlockIOWeight", 300)),
                V1.resources(r));
    }

    @Test
    void unlimitedQuota_isInfinity() {
        assertEquals(UnitProperty.u64("CPUQuotaPerSecUSec", UnitProperty.INFINITY),
                V2.resources(Resources.builder().cpuQuota(-1).build()).get(0));
    }

    @Test
    void scope_placementDelegationAccounting() {
        List<UnitProperty> p = V2.scope("jdock container x", "system.slice", List.of(42), Resources.NONE, List.of());
        assertEquals(List.of("Description", "Slice", "PIDs", "Delegate", "DefaultDependencies", "MemoryAccounting",
                "CPUAccounting", "IOAccounting", "TasksAccounting", "TasksMax"),
                p.stream().map(UnitProperty::name).toList());
        assertEquals(List.of(42), p.get(2).value());
    }

    @Test
    void rangeToBits() {
        assertArrayEquals(new byte[] {0x07, 0x02}, SystemdProperties.rangeToBits("0-2,9"));
        assertArrayEquals(new byte[] {(byte) 0x80}, SystemdProperties.rangeToBits("7"));
        for (String bad : List.of("", "a", "3-1", "1-2-3", "99999", "-1", "1,,2")) {
            assertThrows(IllegalArgumentException.class, () -> SystemdProperties.rangeToBits(bad), bad);
        }
    }

    @Test
    void devices() {
        String proc = "Character devices:\n  1 mem\n  5 /dev/tty\n136 pts\n\nBlock devices:\n  8 sd\n";
        assertEquals(List.of(UnitProperty.string("DevicePolicy", "strict"), UnitProperty.devices(List.of(
                new UnitProperty.DeviceAllow("char-*", "m"), new UnitProperty.DeviceAllow("block-*", "m"),
                new UnitProperty.DeviceAllow("/dev/char/5:0", "rwm"), new UnitProperty.DeviceAllow("char-pts", "rwm"),
                new UnitProperty.DeviceAllow("block-sd", "r")))),
                V1.devices(false, List.of("c *:* m", "b *:* m", "c 5:0 rwm", "c 136:* rwm", "b 8:* r", "c 5:* rwm"),
                        proc));
        assertEquals(List.of(UnitProperty.string("DevicePolicy", "auto"), UnitProperty.devices(List.of())),
                V1.devices(true, List.of(), proc));
        assertEquals(List.of(), V2.devices(false, List.of("c 1:3 rwm"), proc));
    }
}
