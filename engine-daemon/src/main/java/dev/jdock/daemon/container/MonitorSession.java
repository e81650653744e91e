package dev.jdock.daemon.container;

/** A connection to a container's monitor: output and exit in, stdin and control out. */
public interface MonitorSession extends AutoCloseable {
    /** Starts delivering events to the listener (on a reader thread). */
    void listen(Listener listener);

    /** Releases the held process; returns its pid, or throws StartFailedException. */
    default int start() {
        requestStart();
        return awaitStarted();
    }

    /** Sends START: the held process goes on to exec while the caller does other work ({@link #awaitStarted}). */
    void requestStart();

    /** The outcome of {@link #requestStart}: the process's pid once it executed, or StartFailedException. */
    int awaitStarted();

    void stdin(byte[] data, int off, int len);

    void closeStdin();

    void resize(int height, int width);

    /**
     * Asks the monitor to send this session no output (a watch that wants only the exit), so that the container's
     * output neither waits for it nor is copied to it; a monitor older than the request still sends it.
     */
    void skipOutput();

    /**
     * Asks the monitor to open its log file again at its path (the CRI's ReopenContainerLog, after the kubelet
     * rotated it); returns once it has.
     */
    default void reopenLog() {
        throw new UnsupportedOperationException("this monitor session cannot reopen the log");
    }

    /**
     * Asks the monitor where its log file ends at this point of the output; the answer reaches
     * {@link Listener#logMark} in its place among the output. False when this session cannot ask (no answer will
     * come).
     */
    default boolean requestLogMark() {
        return false;
    }

    @Override
    void close();

    /**
     * Where the log file ended at one point of the output: the output delivered before it is in the log up to
     * {@code end}, except the last {@code partialStdout} / {@code partialStderr} bytes of each stream (a line not yet
     * ended); the output after it is not. {@code end} empty: the monitor writes no log file.
     */
    record LogMark(java.util.Optional<dev.jdock.daemon.logging.LogFileReader.End> end, int partialStdout,
            int partialStderr) {
    }

    /** Events from the monitor. */
    interface Listener {
        /** Output: stream 1 = stdout, 2 = stderr (a TTY's output is all stream 1). */
        void output(int stream, byte[] data, int off, int len);

        void exited(RuntimeBackend.ExitInfo exit);

        /** The connection ended without an exit (monitor died, or closed by us). */
        void disconnected();

        /** The answer to {@link #requestLogMark}. */
        default void logMark(LogMark mark) {
        }
    }
}
