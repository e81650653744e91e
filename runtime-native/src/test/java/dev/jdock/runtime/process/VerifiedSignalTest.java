package dev.jdock.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.runtime.syscall.RecordingSyscalls;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The check and the signal concern one process: the one the pidfd was opened on. */
class VerifiedSignalTest {
    private final RecordingSyscalls sys = new RecordingSyscalls().addLiveProcess(50);

    @Test
    void theProcessThatPassesTheCheck_getsTheSignal() {
        assertEquals(VerifiedSignal.Outcome.SENT, VerifiedSignal.send(sys, 50, pid -> pid == 50, 15));
        assertEquals(List.of(new RecordingSyscalls.KillCall(50, 15)), sys.calls(RecordingSyscalls.KillCall.class));
        assertEquals(0, sys.openPidfds(), "the pidfd is closed");
    }

    @Test
    void aProcessThatFailsTheCheck_getsNothing() {
        assertEquals(VerifiedSignal.Outcome.NOT_IT, VerifiedSignal.send(sys, 50, pid -> false, 9));
        assertTrue(sys.calls(RecordingSyscalls.KillCall.class).isEmpty());
        assertEquals(0, sys.openPidfds());
    }

    @Test
    void aPidReusedBetweenTheOpenAndTheCheck_isNeverSignalled() {
        // the check reads the new process (it passes: /proc shows the pid's new owner), the signal goes to the
        // process the pidfd was opened on, which is gone: kill(2) after the check would have hit the newcomer
        VerifiedSignal.Outcome o = VerifiedSignal.send(sys, 50, pid -> {
            sys.kill(50, 9);
            sys.addLiveProcess(50);
            return true;
        }, 9);
        assertEquals(VerifiedSignal.Outcome.GONE, o);
        assertEquals(List.of(new RecordingSyscalls.KillCall(50, 9)), sys.calls(RecordingSyscalls.KillCall.class),
                "only the check's own kill of the old process");
        assertTrue(sys.processExists(50), "the newcomer lives");
        assertEquals(0, sys.openPidfds());
    }

    @Test
    void aPidWithoutAProcess_isGone_withoutAskingTheCheck() {
        assertEquals(VerifiedSignal.Outcome.GONE, VerifiedSignal.send(sys, 51, pid -> {
            throw new AssertionError("not asked");
        }, 9));
        assertEquals(VerifiedSignal.Outcome.GONE, VerifiedSignal.send(sys, 0, pid -> true, 9));
        assertEquals(VerifiedSignal.Outcome.GONE, VerifiedSignal.send(sys, -50, pid -> true, 9));
        assertTrue(sys.calls(RecordingSyscalls.KillCall.class).isEmpty());
    }
}
