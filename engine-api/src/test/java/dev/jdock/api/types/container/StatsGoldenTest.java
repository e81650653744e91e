package dev.jdock.api.types.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jdock.api.types.Golden;
import org.junit.jupiter.api.Test;

class StatsGoldenTest {
    @Test
    void stats_cgroupV1Sample_asDockerdWithNameAndIdFirst() {
        StatsJson s = Golden.assertRoundTrip("container-stats.json", StatsJson.class);
        assertEquals("/gc", s.name());
        assertEquals(2, s.cpuStats().onlineCpus());
        assertNull(s.pidsStats().limit());
        assertEquals(StatsJson.StorageStats.NONE, s.storageStats());
        assertEquals(1112, s.networks().get("eth0").rxBytes());
    }

    @Test
    void zero_notRunning_storageStatsEmptyAndNoNetworks() {
        String z = Golden.write(StatsJson.zero("/gc", "abc"));
        assertEquals(true, z.contains("\"num_procs\":0,\"storage_stats\":{},\"cpu_stats\""), z);
        assertEquals(true, z.endsWith("\"memory_stats\":{}}\n"), z);
    }
}
