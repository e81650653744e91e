package dev.jdock.daemon.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class StageLogTest {
    private static final String MIB = "x".repeat(1 << 20);

    private static StepLog client() {
        return new StepLog() {
            @Override
            public void stream(String text) {
            }

            @Override
            public OutputStream passthrough() {
                return OutputStream.nullOutputStream();
            }

            @Override
            public boolean clientGone() {
                return false;
            }
        };
    }

    private static void awaitWaiting(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    @Test
    void laterStages_waitOnceTheBuildsBudgetIsFull_andTheStageBeingSentNeverWaits() throws Exception {
        StageLog.Budget budget = new StageLog.Budget();
        StageLog first = new StageLog(client(), budget);
        StageLog second = new StageLog(client(), budget);
        CompletableFuture<Void> secondDone = new CompletableFuture<>();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 20; i++) {
                second.stream(MIB);
            }
            second.end();
            secondDone.complete(null);
        });
        writer.start();
        awaitWaiting(writer);
        assertEquals(Thread.State.WAITING, writer.getState(), "20 MiB do not fit the 16 MiB budget");
        first.stream(MIB); // over the budget, but the first stage's queue is empty: it never waits
        first.end();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        first.drainTo(new BuildOutput(() -> sink, false));
        assertTrue(sink.size() > (1 << 20));
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        second.drainTo(new BuildOutput(() -> rest, false));
        secondDone.get();
        assertTrue(rest.size() > 20 * (1 << 20), "everything kept arrives once the stage's turn comes");
    }

    @Test
    void abort_releasesAWaitingStage_andKeepsNothing() throws Exception {
        StageLog.Budget budget = new StageLog.Budget();
        StageLog log = new StageLog(client(), budget);
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 20; i++) {
                log.stream(MIB);
            }
        });
        writer.start();
        awaitWaiting(writer);
        log.abort();
        writer.join();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        log.drainTo(new BuildOutput(() -> sink, false));
        assertEquals(0, sink.size());
    }
}
