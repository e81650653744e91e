package dev.jdock.daemon.exec;

import dev.jdock.api.types.exec.ExecConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The exec instances the daemon keeps, bounded as moby keeps them: an exec that exited stays inspectable for
 * {@link #KEEP_EXITED} (moby's exec GC: 5 to 10 minutes), and one that never started goes when its container no longer
 * runs (moby drops a container's execs when it stops). Unlike moby's, the store is also bounded in count and in the
 * size of the configurations it holds (each may carry 2 MiB of command and environment): a create beyond either, once
 * the exited execs are gone, gets 503. Every exec created was kept forever before: 37 creates with a 1.5 MB command
 * filled the daemon's heap.
 */
final class ExecSessions {
    static final Duration KEEP_EXITED = Duration.ofMinutes(5);
    static final int MAX_SESSIONS = 4096;
    static final long MAX_BYTES = 16L << 20;
    /** What one entry of a configuration costs besides its characters. */
    private static final int ENTRY_OVERHEAD = 48;

    private final int maxSessions;
    private final long maxBytes;
    private final LongSupplier nanoClock;
    private final Map<String, Entry> byId = new LinkedHashMap<>();
    private long bytes;

    private record Entry(ExecSession session, long size) {
    }

    ExecSessions() {
        this(MAX_SESSIONS, MAX_BYTES, System::nanoTime);
    }

    ExecSessions(int maxSessions, long maxBytes, LongSupplier nanoClock) {
        this.maxSessions = maxSessions;
        this.maxBytes = maxBytes;
        this.nanoClock = nanoClock;
    }

    /**
     * Adds {@code s} after dropping what is no longer kept ({@code running}: whether a container runs); 503 when the
     * store is full of execs that are still kept.
     */
    synchronized void add(ExecSession s, Predicate<String> running) {
        long size = size(s.config());
        prune(running);
        if (byId.size() + 1 > maxSessions || bytes + size > maxBytes) {
            dropExited(size);
        }
        if (byId.size() + 1 > maxSessions || bytes + size > maxBytes) {
            throw new EngineException(ErrorKind.UNAVAILABLE, "too many exec instances: " + byId.size()
                    + " created or running (" + bytes + " bytes of configuration) are kept, at most " + maxSessions
                    + " and " + maxBytes + " bytes; start or let them finish first");
        }
        byId.put(s.id(), new Entry(s, size));
        bytes += size;
    }

    synchronized Optional<ExecSession> get(String id) {
        Entry e = byId.get(id);
        return e == null ? Optional.empty() : Optional.of(e.session());
    }

    synchronized List<ExecSession> all() {
        List<ExecSession> l = new ArrayList<>();
        byId.values().forEach(e -> l.add(e.session()));
        return l;
    }

    synchronized void remove(String id) {
        Entry e = byId.remove(id);
        if (e != null) {
            bytes -= e.size();
        }
    }

    synchronized int size() {
        return byId.size();
    }

    /** Drops execs exited longer than {@link #KEEP_EXITED} ago, and never-started ones of containers not running. */
    synchronized void prune(Predicate<String> running) {
        long now = nanoClock.getAsLong();
        Map<String, Boolean> runs = new java.util.HashMap<>();
        for (Iterator<Entry> it = byId.values().iterator(); it.hasNext();) {
            Entry e = it.next();
            ExecSession s = e.session();
            boolean expired = s.phase() == ExecSession.Phase.EXITED
                    && now - s.exitedAt() >= KEEP_EXITED.toNanos();
            boolean orphan = s.phase() == ExecSession.Phase.CREATED && !runs.computeIfAbsent(s.containerId(), running::test);
            if (expired || orphan) {
                it.remove();
                bytes -= e.size();
            }
        }
    }

    /** Drops exited execs, oldest first, until {@code room} more fits. */
    private void dropExited(long room) {
        for (Iterator<Entry> it = byId.values().iterator(); it.hasNext();) {
            if (byId.size() + 1 <= maxSessions && bytes + room <= maxBytes) {
                return;
            }
            Entry e = it.next();
            if (e.session().phase() == ExecSession.Phase.EXITED) {
                it.remove();
                bytes -= e.size();
            }
        }
    }

    static long size(ExecConfig c) {
        long n = ENTRY_OVERHEAD * 4L + length(c.user()) + length(c.detachKeys()) + length(c.workingDir());
        for (String s : c.cmd()) {
            n += ENTRY_OVERHEAD + length(s);
        }
        for (String s : c.env()) {
            n += ENTRY_OVERHEAD + length(s);
        }
        return n;
    }

    private static long length(String s) {
        return s == null ? 0 : s.length();
    }
}
