package dev.jdock.daemon.service;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * SIGUSR1's dump of every thread's full stack (dockerd writes its goroutine stacks), with the locks held and waited
 * on and any deadlock found, between {@code === BEGIN thread dump ===} and {@code === END thread dump ===}.
 */
public final class ThreadDump {
    private ThreadDump() {
    }

    public static String take() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        ThreadInfo[] threads = mx.dumpAllThreads(mx.isObjectMonitorUsageSupported(),
                mx.isSynchronizerUsageSupported());
        if (threads.length == 0) {
            return fromStackTraces(Thread.getAllStackTraces());
        }
        Arrays.sort(threads, Comparator.comparing(ThreadInfo::getThreadName));
        StringBuilder sb = new StringBuilder("=== BEGIN thread dump (").append(threads.length).append(" threads) ===\n");
        for (ThreadInfo t : threads) {
            append(sb, t);
        }
        long[] deadlocked = mx.findDeadlockedThreads();
        if (deadlocked != null) {
            sb.append("deadlocked thread ids: ").append(Arrays.toString(deadlocked)).append('\n');
        }
        return sb.append("=== END thread dump ===").toString();
    }

    /**
     * The dump without lock information, from each thread's stack: the native daemon's ThreadMXBean (a GraalVM native
     * image) lists no thread at all.
     */
    static String fromStackTraces(Map<Thread, StackTraceElement[]> stacks) {
        List<Map.Entry<Thread, StackTraceElement[]>> threads = new ArrayList<>(stacks.entrySet());
        threads.sort(Comparator.comparing(e -> e.getKey().getName()));
        StringBuilder sb = new StringBuilder("=== BEGIN thread dump (").append(threads.size())
                .append(" threads, no lock information) ===\n");
        for (Map.Entry<Thread, StackTraceElement[]> e : threads) {
            Thread t = e.getKey();
            sb.append('"').append(t.getName()).append("\" #").append(t.getId()).append(t.isDaemon() ? " daemon" : "")
                    .append(' ').append(t.getState()).append('\n');
            for (StackTraceElement frame : e.getValue()) {
                sb.append("\tat ").append(frame).append('\n');
            }
            sb.append('\n');
        }
        return sb.append("=== END thread dump ===").toString();
    }

    static void append(StringBuilder sb, ThreadInfo t) {
        sb.append('"').append(t.getThreadName()).append("\" #").append(t.getThreadId())
                .append(t.isDaemon() ? " daemon" : "").append(' ').append(t.getThreadState());
        if (t.getLockName() != null) {
            sb.append(" on ").append(t.getLockName());
        }
        if (t.getLockOwnerName() != null) {
            sb.append(" owned by \"").append(t.getLockOwnerName()).append('"');
        }
        sb.append('\n');
        StackTraceElement[] stack = t.getStackTrace();
        MonitorInfo[] monitors = t.getLockedMonitors();
        for (int i = 0; i < stack.length; i++) {
            sb.append("\tat ").append(stack[i]).append('\n');
            for (MonitorInfo m : monitors) {
                if (m.getLockedStackDepth() == i) {
                    sb.append("\t- locked ").append(m).append('\n');
                }
            }
        }
        for (LockInfo l : t.getLockedSynchronizers()) {
            sb.append("\t- holds ").append(l).append('\n');
        }
        sb.append('\n');
    }
}
