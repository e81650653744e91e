package dev.jdock.cli.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GlobalOptionsTest {
    @Test
    void dockersGlobalFlags_inBothForms() {
        GlobalOptions g = GlobalOptions.parse(new String[] {"-D", "--context=ctx", "--config", "/cfg", "--tls",
                "--tlsverify=false", "--tlscacert", "/ca", "--tlscert=/c", "--tlskey", "/k", "-l", "debug", "ps",
                "-a"});
        assertEquals("ctx", g.context());
        assertEquals("/cfg", g.configDir());
        assertEquals(Boolean.TRUE, g.tls());
        assertEquals(Boolean.FALSE, g.tlsVerify());
        assertEquals("/ca", g.tlsCaCert());
        assertEquals("/c", g.tlsCert());
        assertEquals("/k", g.tlsKey());
        assertNull(g.host());
        assertEquals(13, g.next());
    }

    @Test
    void stopsAtTheCommand_orAnUnknownOption() {
        assertEquals(2, GlobalOptions.parse(new String[] {"-H", "unix:///x", "ps", "--tls"}).next());
        GlobalOptions c = GlobalOptions.parse(new String[] {"-c", "x", "--version"});
        assertEquals("x", c.context());
        assertEquals(2, c.next());
        assertEquals(0, GlobalOptions.parse(new String[] {"--bogus", "ps"}).next());
        assertEquals(1, GlobalOptions.parse(new String[] {"--tlsverify", "ps"}).next());
    }

    @Test
    void aBadBoolean_isPflagsError() {
        CliException e = assertThrows(CliException.class, () -> GlobalOptions.parse(new String[] {"--tls=maybe"}));
        assertEquals(125, e.exitCode());
    }
}
