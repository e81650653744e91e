package dev.jdock.daemon.container;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A runtime that keeps "processes" in memory: kill ends them, output can be injected. Records every call. */
final class FakeRuntime implements RuntimeBackend {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final Map<String, List<FakeSession>> sessions = new ConcurrentHashMap<>();
    final Map<String, ExitInfo> recorded = new ConcurrentHashMap<>();
    /** When set, start() fails with this exit code and message. */
    volatile StartFailedException failStart;
    /** When set, cleanup() fails with it. */
    volatile RuntimeException failCleanup;
    /** What probe() reports per container ID (NOTHING when absent); RUNNING ones can be reconnected to. */
    final Map<String, Probe> probes = new ConcurrentHashMap<>();
    /** IDs of containers whose cgroup is frozen. */
    final java.util.Set<String> frozen = ConcurrentHashMap.newKeySet();
    /** Signals that do not end the process (the container ignores them). */
    volatile boolean ignoreTerm;
    /** The namespaces of other containers each launch holds (none unless set), and every launch's, in order. */
    volatile java.util.function.Function<Container, JoinedNamespaces> joins = c -> JoinedNamespaces.none();
    final List<JoinedNamespaces> joined = new CopyOnWriteArrayList<>();
    private int nextPid = 100;

    @Override
    public synchronized Launched launch(Container c) {
        calls.add("launch " + c.name());
        JoinedNamespaces j = joins.apply(c);
        joined.add(j);
        FakeSession s = session(c);
        return new Launched(nextPid++, 99, s, j);
    }

    @Override
    public MonitorSession connect(Container c) {
        calls.add("connect " + c.name());
        return session(c);
    }

    @Override
    public Optional<MonitorSession> reconnect(Container c) {
        Probe p = probes.get(c.id());
        if (p == null || p.kind() != Probe.Kind.RUNNING && p.kind() != Probe.Kind.SILENT) {
            return Optional.empty();
        }
        calls.add("reconnect " + c.name());
        return Optional.of(session(c));
    }

    @Override
    public Probe probe(Container c) {
        return probes.getOrDefault(c.id(), Probe.NOTHING);
    }

    @Override
    public void launchSettled(Container c) {
        calls.add("settled " + c.name());
    }

    @Override
    public void discard(Container c) {
        calls.add("discard " + c.name());
        probes.remove(c.id());
        cleanup(c);
    }

    @Override
    public Optional<ExitInfo> recordedExit(Container c) {
        return Optional.ofNullable(recorded.get(c.id()));
    }

    @Override
    public void kill(Container c, int signal) {
        calls.add("kill " + c.name() + " " + signal);
        if (signal == 15 && ignoreTerm) {
            return;
        }
        exit(c, 128 + signal);
    }

    @Override
    public void pause(Container c) {
        calls.add("pause " + c.name());
        frozen.add(c.id());
    }

    @Override
    public void resume(Container c) {
        calls.add("resume " + c.name());
        frozen.remove(c.id());
    }

    @Override
    public boolean paused(Container c) {
        return frozen.contains(c.id());
    }

    @Override
    public void updateResources(Container c, dev.jdock.api.types.container.HostConfig hc) {
        calls.add("update " + c.name() + " memory=" + hc.memory());
    }

    @Override
    public void cleanup(Container c) {
        calls.add("cleanup " + c.name());
        if (failCleanup != null) {
            throw failCleanup;
        }
    }

    @Override
    public void abandon(Launched l) {
        calls.add("abandon " + l.pid());
        l.session().close();
    }

    void exit(Container c, int code) {
        for (FakeSession s : new ArrayList<>(sessions.getOrDefault(c.id(), List.of()))) {
            s.exit(new ExitInfo(code, Instant.now(), false, ""));
        }
    }

    /** The sessions' answer to requestLogMark: none (false: they cannot ask) unless a test sets it. */
    volatile boolean logMarks;

    /** Answers the log-mark requests of {@code c}'s sessions with {@code mark}. */
    void logMark(Container c, MonitorSession.LogMark mark) {
        for (FakeSession s : sessions.getOrDefault(c.id(), List.of())) {
            if (s.markRequested && s.listener != null) {
                s.markRequested = false;
                s.listener.logMark(mark);
            }
        }
    }

    void output(Container c, int stream, String text) {
        for (FakeSession s : sessions.getOrDefault(c.id(), List.of())) {
            byte[] b = text.getBytes();
            if (s.listener != null && !s.skipsOutput) {
                s.listener.output(stream, b, 0, b.length);
            }
        }
    }

    private FakeSession session(Container c) {
        FakeSession s = new FakeSession();
        sessions.computeIfAbsent(c.id(), k -> new CopyOnWriteArrayList<>()).add(s);
        return s;
    }

    final class FakeSession implements MonitorSession {
        volatile Listener listener;
        final StringBuilder stdin = new StringBuilder();
        boolean stdinClosed;
        boolean closed;
        volatile boolean skipsOutput;
        volatile boolean requested;

        @Override
        public void listen(Listener l) {
            listener = l;
        }

        @Override
        public void requestStart() {
            requested = true;
        }

        @Override
        public int awaitStarted() {
            if (failStart != null) {
                throw failStart;
            }
            return 4242;
        }

        @Override
        public synchronized void stdin(byte[] data, int off, int len) {
            stdin.append(new String(data, off, len));
        }

        @Override
        public synchronized void closeStdin() {
            stdinClosed = true;
        }

        @Override
        public void resize(int height, int width) {
            calls.add("resize " + height + "x" + width);
        }

        @Override
        public void skipOutput() {
            skipsOutput = true;
        }

        volatile boolean markRequested;

        @Override
        public boolean requestLogMark() {
            markRequested = logMarks;
            return logMarks;
        }

        @Override
        public void close() {
            closed = true;
        }

        void exit(ExitInfo e) {
            if (listener != null && !closed) {
                listener.exited(e);
            }
        }
    }
}
