package dev.jdock.daemon.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;

class DaemonSignalsTest {
    private final List<String> done = new ArrayList<>();
    private final DaemonSignals.Actions actions = new DaemonSignals.Actions() {
        @Override
        public void shutdown() {
            done.add("shutdown");
        }

        @Override
        public void reload() {
            done.add("reload");
        }
    };

    @Test
    void term_shutsDownOnce_hup_reloads_usr1_onlyLogs() {
        DaemonSignals s = new DaemonSignals();
        s.attach(actions);
        s.dispatch(new Signal("HUP"));
        s.dispatch(new Signal("USR1"));
        s.dispatch(new Signal("TERM"));
        s.dispatch(new Signal("INT"));
        assertEquals(List.of("reload", "shutdown"), done);
    }

    @Test
    void aStopBeforeTheDaemonServes_isPassedOnWhenItDoes_aReloadIsNot() {
        DaemonSignals s = new DaemonSignals();
        s.dispatch(new Signal("HUP"));
        s.dispatch(new Signal("TERM"));
        assertEquals(List.of(), done);
        s.attach(actions);
        assertEquals(List.of("shutdown"), done);
    }
}
