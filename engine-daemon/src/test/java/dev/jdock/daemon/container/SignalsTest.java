package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import org.junit.jupiter.api.Test;

class SignalsTest {
    @Test
    void parse_takesDockersForms() {
        assertEquals(15, Signals.parse("SIGTERM"));
        assertEquals(15, Signals.parse("term"));
        assertEquals(9, Signals.parse("9"));
        assertEquals(34, Signals.parse("SIGRTMIN"));
        assertEquals(35, Signals.parse("RTMIN+1"));
        assertEquals(62, Signals.parse("SIGRTMAX-2"));
    }

    @Test
    void parse_refusesWhatIsNoSignal_asABadRequest() {
        for (String bad : new String[] {"NOPE", "0", "65", "RTMINPLUS1", "RTMAX+1", "RTMIN-1", "SIGRTMIN+x"}) {
            assertEquals(ErrorKind.INVALID_PARAMETER, assertThrows(EngineException.class, () -> Signals.parse(bad))
                    .kind(), bad);
        }
    }
}
