package dev.jdock.cli.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DockerErrorsTest {
    @Test
    void globalFlag_wordsEachKindAsCobra() {
        String tail = "\n\nUsage:  jdock [OPTIONS] COMMAND [ARG...]\n\nRun 'jdock --help' for more information";
        assertEquals("unknown flag: --bogus" + tail, DockerErrors.globalFlag("--bogus"));
        assertEquals("unknown flag: --bogus" + tail, DockerErrors.globalFlag("--bogus=x"));
        assertEquals("unknown shorthand flag: 'x' in -x" + tail, DockerErrors.globalFlag("-x"));
        assertEquals("flag needs an argument: 'c' in -c" + tail, DockerErrors.globalFlag("-c"));
        assertEquals("flag needs an argument: --config" + tail, DockerErrors.globalFlag("--config"));
    }

    @Test
    void badHost_isFailedToInitialize() {
        assertEquals("Failed to initialize: unable to resolve docker endpoint: invalid bind address format: x://y",
                DockerErrors.badHost("invalid host x://y"));
        assertEquals("Failed to initialize: unable to resolve docker endpoint: plain-text password is not supported",
                DockerErrors.badHost("plain-text password is not supported"));
    }

    @Test
    void debug_isAGlobalOptionOnly() {
        assertTrue(DockerErrors.debug(new String[] {"-D", "ps"}, 1));
        assertTrue(DockerErrors.debug(new String[] {"-H", "x", "--debug", "ps"}, 3));
        assertFalse(DockerErrors.debug(new String[] {"ps", "-D"}, 0));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DockerErrors.debugSink(new PrintStream(err, true, StandardCharsets.UTF_8)).accept("GET /_ping 200");
        assertTrue(err.toString(StandardCharsets.UTF_8).matches("DEBU\\[\\d{4}\\] GET /_ping 200\n"),
                err.toString(StandardCharsets.UTF_8));
    }
}
