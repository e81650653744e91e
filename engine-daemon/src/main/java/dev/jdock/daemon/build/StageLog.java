package dev.jdock.daemon.build;

import dev.jdock.api.stream.ProgressMessage;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A stage's messages while it runs beside earlier stages: kept in order and sent by the build's thread when the
 * stage's turn comes ({@link #drainTo}), as they arrive from then on. So the client reads the same stream as if the
 * stages had run one after another. All the stages of a build share one {@link Budget} of kept bytes: beyond it a
 * stage waits (back-pressure, never an unbounded buffer); a stage with nothing kept may always add a message, so
 * the stage being sent never waits for the others.
 */
final class StageLog implements StepLog {
    /** The bytes all the stages of one build may keep at once. */
    static final int BUDGET = 16 << 20;

    /** What the stage logs of one build share: their lock and their kept bytes. */
    static final class Budget {
        private long bytes;
    }

    private final StepLog client;
    private final Budget budget;
    private final Deque<byte[]> lines = new ArrayDeque<>();
    private boolean ended;
    private boolean aborted;

    /** @param client the build's output, asked whether the client went away */
    StageLog(StepLog client, Budget budget) {
        this.client = client;
        this.budget = budget;
    }

    @Override
    public void stream(String text) {
        put(BuildOutput.encode(ProgressMessage.stream(text)));
    }

    @Override
    public OutputStream passthrough() {
        return StepLog.lines(this::put);
    }

    @Override
    public boolean clientGone() {
        return client.clientGone();
    }

    private void put(byte[] line) {
        synchronized (budget) {
            while (budget.bytes + line.length > BUDGET && !lines.isEmpty() && !aborted) {
                waitQuietly();
            }
            if (aborted) {
                return;
            }
            lines.add(line);
            budget.bytes += line.length;
            budget.notifyAll();
        }
    }

    /** The stage is over (done or failed): the drain ends once everything kept was sent. */
    void end() {
        synchronized (budget) {
            ended = true;
            budget.notifyAll();
        }
    }

    /** The build failed elsewhere: nothing more is kept, and a stage waiting for room goes on (to its end). */
    void abort() {
        synchronized (budget) {
            aborted = true;
            for (byte[] l : lines) {
                budget.bytes -= l.length;
            }
            lines.clear();
            budget.notifyAll();
        }
    }

    /** Sends everything the stage reports until it ends, waiting for more as it runs. */
    void drainTo(BuildOutput out) {
        while (true) {
            byte[] line;
            synchronized (budget) {
                while (lines.isEmpty() && !ended && !aborted) {
                    waitQuietly();
                }
                if (lines.isEmpty()) {
                    return;
                }
                line = lines.poll();
                budget.bytes -= line.length;
                budget.notifyAll();
            }
            out.raw(line);
        }
    }

    private void waitQuietly() {
        try {
            budget.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            aborted = true;
        }
    }
}
