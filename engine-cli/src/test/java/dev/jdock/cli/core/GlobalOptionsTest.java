package dev.jdock.cli.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
        assertEquals("invalid argument \"maybe\" for \"--tls\" flag: strconv.ParseBool: parsing \"maybe\": invalid "
                + "syntax\n\nUsage:  jdock [OPTIONS] COMMAND [ARG...]\n\nRun 'jdock --help' for more information",
                e.getMessage()); // docker 28.2.2's text for `docker --tls=maybe ps`
    }

    @Test
    void valuesAndClusters_inPflagsForms() {
        assertEquals("unix:///a", GlobalOptions.parse(new String[] {"-Hunix:///a", "ps"}).host());
        assertEquals("unix:///b", GlobalOptions.parse(new String[] {"-H=unix:///b", "ps"}).host());
        GlobalOptions g = GlobalOptions.parse(new String[] {"-DH", "unix:///c", "ps"});
        assertEquals("unix:///c", g.host());
        assertTrue(g.debug());
        assertEquals(2, g.next());
        assertEquals("unix:///d", GlobalOptions.parse(new String[] {"-DHunix:///d", "ps"}).host());
        assertTrue(GlobalOptions.parse(new String[] {"--debug", "ps"}).debug());
        assertFalse(GlobalOptions.parse(new String[] {"--debug=false", "ps"}).debug());
        assertFalse(GlobalOptions.parse(new String[] {"ps", "-D"}).debug());
        // an unknown letter or a value letter without its value stops the parse at that word, taking none of it
        GlobalOptions bad = GlobalOptions.parse(new String[] {"-Dx", "ps"});
        assertEquals(0, bad.next());
        assertFalse(bad.debug());
        assertEquals(0, GlobalOptions.parse(new String[] {"-DH"}).next());
    }

    @Test
    void version_asPflagSetsIt() {
        assertTrue(GlobalOptions.isVersion("-v"));
        assertTrue(GlobalOptions.isVersion("--version"));
        assertTrue(GlobalOptions.isVersion("-Dv"));
        assertTrue(GlobalOptions.isVersion("-vD"));
        assertFalse(GlobalOptions.isVersion("-vx"));
        assertFalse(GlobalOptions.isVersion("-Hv"));
        assertFalse(GlobalOptions.isVersion("ps"));
        assertEquals(1, GlobalOptions.parse(new String[] {"-D", "-v"}).next());
    }

    /**
     * The jdock launcher (scripts/install.sh) skips the value of each global option to find the command word and
     * pick its class-data archive: its list must be the table's.
     */
    @Test
    void theLaunchersListOfValueOptions_isTheTables() throws Exception {
        java.nio.file.Path install = java.nio.file.Path.of("..", "scripts", "install.sh");
        String line = java.nio.file.Files.readAllLines(install).stream()
                .filter(l -> l.trim().startsWith("-H | --host")).findFirst().orElseThrow();
        java.util.Set<String> launcher = new java.util.TreeSet<>(java.util.Arrays.asList(
                line.substring(0, line.indexOf(')')).trim().split("\\s*\\|\\s*")));
        java.util.Set<String> table = new java.util.TreeSet<>();
        for (String[] o : GlobalOptions.SPEC.options()) {
            if (!o[2].isEmpty()) { // takes a value
                table.add("--" + o[1]);
                if (o[0] != null) {
                    table.add("-" + o[0]);
                }
            }
        }
        assertEquals(table, launcher);
    }
}
