package dev.jdock.daemon.cri.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetDevTest {
    private static final String TABLE = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls \
            carrier compressed
                lo:    2576      28    0    0    0     0          0         0     2576      28    0    0    0     0\
                   0          0
              eth0: 18446744073709551615 120 3 7 0 0 0 0 90210 100 4 5 0 0 0 0
            """;

    @Test
    void parsesEachInterface_skippingTheHeaders_withUnsignedCounters() {
        List<NetDev.Counters> c = NetDev.parse(TABLE);
        assertEquals(2, c.size());
        assertEquals(new NetDev.Counters("lo", 2576, 28, 0, 0, 2576, 28, 0, 0), c.get(0));
        assertEquals("eth0", c.get(1).name());
        assertEquals(-1L, c.get(1).rxBytes(), "2^64-1 kept bit for bit (UInt64Value)");
        assertEquals(3, c.get(1).rxErrors());
        assertEquals(90210, c.get(1).txBytes());
        assertEquals(4, c.get(1).txErrors());
        assertEquals(List.of(120L, 7L, 100L, 5L), List.of(c.get(1).rxPackets(), c.get(1).rxDropped(),
                c.get(1).txPackets(), c.get(1).txDropped()), "packets and drops each way");
    }

    @Test
    void aCutLineIsSkipped() {
        assertEquals(List.of(), NetDev.parse("  eth0: 1 2 3"));
    }

    @Test
    void readsThisProcesssNamespace_andAGoneProcessHasNone() {
        List<NetDev.Counters> own = NetDev.of((int) ProcessHandle.current().pid());
        assertTrue(own.stream().anyMatch(c -> c.name().equals("lo")), "lo in " + own);
        assertEquals(List.of(), NetDev.of(Integer.MAX_VALUE));
    }
}
