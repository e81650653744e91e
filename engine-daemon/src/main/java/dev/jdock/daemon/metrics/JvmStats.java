package dev.jdock.daemon.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/** The JVM's heap (used and committed bytes) and live thread count at one instant. */
record JvmStats(long heapUsed, long heapCommitted, int threads) {
    static JvmStats current() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new JvmStats(heap.getUsed(), heap.getCommitted(), ManagementFactory.getThreadMXBean().getThreadCount());
    }
}
