package dev.jdock.daemon.build;

import dev.jdock.api.stream.ProgressMessage;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A stage's messages while it runs beside earlier stages: kept in order, up to {@link #BUDGET} bytes (beyond, the
 * stage waits: back-pressure, never an unbounded buffer), and sent by the build's thread when the stage's turn
 * comes ({@link #drainTo}), as they arrive from then on. So the client reads the same stream as if the stages had
 * run one after another.
 */
final class StageLog implements StepLog {
    static final int BUDGET = 4 << 20;

    private final StepLog client;
    private final Deque<byte[]> lines = new ArrayDeque<>();
    private long bytes;
    private boolean ended;
    private boolean aborted;

    /** @param client the build's output, asked whether the client went away */
    StageLog(StepLog client) {
        this.client = client;
    }

    @Override
    public void stream(String text) {
        put(BuildOutput.encode(ProgressMessage.stream(text)));
    }

    @Override
    public OutputStream passthrough() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                put(java.util.Arrays.copyOfRange(b, off, off + len));
            }
        };
    }

    @Override
    public boolean clientGone() {
        return client.clientGone();
    }

    private synchronized void put(byte[] line) {
        while (bytes + line.length > BUDGET && !lines.isEmpty() && !aborted) {
            waitQuietly();
        }
        if (aborted) {
            return;
        }
        lines.add(line);
        bytes += line.length;
        notifyAll();
    }

    /** The stage is over (done or failed): the drain ends once everything kept was sent. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    /** The build failed elsewhere: nothing more is kept, and a stage waiting for room goes on (to its end). */
    synchronized void abort() {
        aborted = true;
        lines.clear();
        bytes = 0;
        notifyAll();
    }

    /** Sends everything the stage reports until it ends, waiting for more as it runs. */
    void drainTo(BuildOutput out) {
        while (true) {
            byte[] line;
            synchronized (this) {
                while (lines.isEmpty() && !ended && !aborted) {
                    waitQuietly();
                }
                if (lines.isEmpty()) {
                    return;
                }
                line = lines.poll();
                bytes -= line.length;
                notifyAll();
            }
            out.raw(line);
        }
    }

    private void waitQuietly() {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            aborted = true;
        }
    }
}
