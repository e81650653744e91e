package dev.jdock.cli.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        // clusters as pflag reads them, left to right (docker 28 prints these for `docker -Dx ps`, `docker -DH`)
        assertEquals("unknown shorthand flag: 'x' in -x" + tail, DockerErrors.globalFlag("-Dx"));
        assertEquals("unknown shorthand flag: 'x' in -xD" + tail, DockerErrors.globalFlag("-Dxd".replace("d", "D")));
        assertEquals("flag needs an argument: 'H' in -H" + tail, DockerErrors.globalFlag("-DH"));
    }

    @Test
    void badHost_isFailedToInitialize() {
        assertEquals("Failed to initialize: unable to resolve docker endpoint: invalid bind address format: x://y",
                DockerErrors.badHost("invalid host x://y"));
        assertEquals("Failed to initialize: unable to resolve docker endpoint: plain-text password is not supported",
                DockerErrors.badHost("plain-text password is not supported"));
    }

    @Test
    void debugSink_writesLogrusLines() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DockerErrors.debugSink(new PrintStream(err, true, StandardCharsets.UTF_8)).accept("GET /_ping 200");
        assertTrue(err.toString(StandardCharsets.UTF_8).matches("DEBU\\[\\d{4}\\] GET /_ping 200\n"),
                err.toString(StandardCharsets.UTF_8));
    }
}
