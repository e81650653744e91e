package dev.jdock.daemon.service;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThreadDumpTest {
    @Test
    void dump_holdsEveryThreadsWholeStack_betweenMarkers() {
        String dump = ThreadDump.take();
        assertTrue(dump.startsWith("=== BEGIN thread dump ("), dump);
        assertTrue(dump.endsWith("=== END thread dump ==="), dump);
        assertTrue(dump.contains("\"" + Thread.currentThread().getName() + "\""), dump);
        assertTrue(dump.contains("ThreadDumpTest.dump_holdsEveryThreadsWholeStack_betweenMarkers"), dump);
        // deeper than ThreadInfo.toString's 8 frames: JUnit's own frames below the test are there
        assertTrue(dump.contains("org.junit.platform"), dump);
    }

    @Test
    void fromStackTraces_holdsEveryThreadsWholeStack_betweenMarkers() {
        String dump = ThreadDump.fromStackTraces(Thread.getAllStackTraces());
        assertTrue(dump.startsWith("=== BEGIN thread dump ("), dump);
        assertTrue(dump.contains(" threads, no lock information) ===\n"), dump);
        assertTrue(dump.endsWith("=== END thread dump ==="), dump);
        assertTrue(dump.contains("\"" + Thread.currentThread().getName() + "\""), dump);
        assertTrue(dump.contains("ThreadDumpTest.fromStackTraces_holdsEveryThreadsWholeStack_betweenMarkers"), dump);
        assertTrue(dump.contains("org.junit.platform"), dump);
    }
}
