package dev.jdock.daemon.container;

import dev.jdock.daemon.container.RuntimeBackend.ExitInfo;
import dev.jdock.daemon.container.RuntimeBackend.StartFailedException;
import dev.jdock.runtime.monitor.MonitorConnection;
import java.nio.file.Path;

/** {@link MonitorSession} over the runtime's {@link MonitorConnection}; events before listen() are kept. */
final class MonitorSessionAdapter implements MonitorSession, MonitorConnection.Listener {
    private final MonitorConnection conn;
    private final java.util.List<Runnable> early = new java.util.ArrayList<>();
    private Listener target;

    MonitorSessionAdapter(Path socket, Path exitFile) {
        this.conn = MonitorConnection.connect(socket, exitFile, this);
    }

    @Override
    public void listen(Listener l) {
        java.util.List<Runnable> replay;
        synchronized (this) {
            target = l;
            replay = new java.util.ArrayList<>(early);
            early.clear();
        }
        replay.forEach(Runnable::run);
    }

    private void deliver(java.util.function.Consumer<Listener> event) {
        Listener l;
        synchronized (this) {
            l = target;
            if (l == null) {
                early.add(() -> event.accept(target));
                return;
            }
        }
        event.accept(l);
    }

    @Override
    public void requestStart() {
        conn.requestStart();
    }

    @Override
    public int awaitStarted() {
        try {
            return conn.awaitStarted(java.time.Duration.ofSeconds(60));
        } catch (dev.jdock.runtime.monitor.StartFailedException e) {
            throw new StartFailedException(e.exitCode(), e.getMessage());
        }
    }

    @Override
    public void stdin(byte[] data, int off, int len) {
        byte[] copy = new byte[len];
        System.arraycopy(data, off, copy, 0, len);
        conn.sendStdin(copy);
    }

    @Override
    public void closeStdin() {
        conn.closeStdin();
    }

    @Override
    public void resize(int height, int width) {
        conn.resize(height, width);
    }

    @Override
    public void skipOutput() {
        conn.skipOutput();
    }

    @Override
    public void reopenLog() {
        conn.reopenLog(java.time.Duration.ofSeconds(10));
    }

    @Override
    public boolean requestLogMark() {
        conn.requestLogMark();
        return true;
    }

    @Override
    public void close() {
        conn.close();
    }

    @Override
    public void logMark(dev.jdock.runtime.monitor.LogMark m) {
        LogMark mark = m.file().map(f -> new LogMark(
                java.util.Optional.of(dev.jdock.daemon.logging.LogFileReader.End.of(f.dev(), f.ino(), f.size())),
                f.partialStdout(), f.partialStderr())).orElse(new LogMark(java.util.Optional.empty(), 0, 0));
        deliver(l -> l.logMark(mark));
    }

    @Override
    public void output(int stream, java.nio.ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        deliver(l -> l.output(stream, b, 0, b.length));
    }

    @Override
    public void exited(dev.jdock.runtime.monitor.ExitStatus s) {
        ExitInfo e = new ExitInfo(s.exitCode(), s.finishedAt(), s.oomKilled(), s.error().orElse(""));
        deliver(l -> l.exited(e));
    }

    @Override
    public void disconnected() {
        deliver(Listener::disconnected);
    }
}
