package dev.jdock.daemon.cri.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.daemon.container.Signals;
import dev.jdock.daemon.cri.v1.Signal;
import org.junit.jupiter.api.Test;

class CriSignalsTest {
    @Test
    void everyCriSignal_becomesOneDockerParses_andComesBack() {
        for (Signal s : Signal.values()) {
            if (s == Signal.RUNTIME_DEFAULT || s == Signal.UNRECOGNIZED || s == Signal.SIGCLD) {
                continue; // SIGCLD: Docker knows it as SIGCHLD
            }
            int n = Signals.parse(CriSignals.toDocker(s));
            Signal back = CriSignals.fromDocker(CriSignals.toDocker(s));
            assertEquals(n, Signals.parse(CriSignals.toDocker(back)), s + " and " + back + " are one signal");
        }
        assertEquals("SIGRTMIN+1", CriSignals.toDocker(Signal.SIGRTMINPLUS1));
        assertEquals("SIGRTMAX-2", CriSignals.toDocker(Signal.SIGRTMAXMINUS2));
        assertEquals(35, Signals.parse(CriSignals.toDocker(Signal.SIGRTMINPLUS1)));
        assertEquals(62, Signals.parse(CriSignals.toDocker(Signal.SIGRTMAXMINUS2)));
    }

    @Test
    void fromDocker_readsTheFormsAnImageMayGive_andDefaultsToSigterm() {
        assertEquals(Signal.SIGTERM, CriSignals.fromDocker(null));
        assertEquals(Signal.SIGTERM, CriSignals.fromDocker(""));
        assertEquals(Signal.SIGQUIT, CriSignals.fromDocker("SIGQUIT"));
        assertEquals(Signal.SIGQUIT, CriSignals.fromDocker("quit"));
        assertEquals(Signal.SIGKILL, CriSignals.fromDocker("9"));
        assertEquals(Signal.SIGABRT, CriSignals.fromDocker("SIGIOT"), "the first name of signal 6");
        assertEquals(Signal.SIGRTMINPLUS3, CriSignals.fromDocker("SIGRTMIN+3"));
        assertEquals(Signal.RUNTIME_DEFAULT, CriSignals.fromDocker("NOPE"));
    }
}
