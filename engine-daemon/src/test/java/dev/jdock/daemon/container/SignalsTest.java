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

    @Test
    void parseSupported_namesANumberLinuxHasNoSignalFor_asMobysKill() {
        for (String n : new String[] {"99", "32", "33", "-5"}) {
            EngineException e = assertThrows(EngineException.class, () -> Signals.parseSupported(n));
            assertEquals(ErrorKind.INVALID_PARAMETER, e.kind(), n);
            assertEquals("the linux daemon does not support signal " + n, e.getMessage());
        }
        assertEquals("Invalid signal: 0", assertThrows(EngineException.class, () -> Signals.parseSupported("0"))
                .getMessage());
        assertEquals("Invalid signal: SIGFOO", assertThrows(EngineException.class,
                () -> Signals.parseSupported("SIGFOO")).getMessage());
        assertEquals(10, Signals.parseSupported("10"));
        assertEquals(64, Signals.parseSupported("64"));
        assertEquals(10, Signals.parseSupported("usr1"));
    }
}
