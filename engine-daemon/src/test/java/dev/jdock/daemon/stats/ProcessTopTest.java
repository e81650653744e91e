package dev.jdock.daemon.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.container.ContainerTopResponse;
import dev.jdock.daemon.errors.EngineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessTopTest {
    @TempDir
    Path dir;

    /** A ps that prints {@code script}'s output whatever its arguments. */
    private ProcessTop ps(String script) throws Exception {
        Path f = dir.resolve("ps");
        Files.writeString(f, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));
        return new ProcessTop(f.toString());
    }

    @Test
    void rowsOfTheContainersPids() throws Exception {
        ContainerTopResponse r = ps("printf 'UID PID CMD\\nroot 7 sleep 1000 x\\nroot 8 sh\\n'").top(null, Set.of(7));
        assertEquals(List.of("UID", "PID", "CMD"), r.titles());
        assertEquals(List.of(List.of("root", "7", "sleep 1000 x")), r.processes());
    }

    /** A container's processes make ps's output: 600 with 128 KiB command lines took the daemon's heap. */
    @Test
    void outputBeyondTheBound_isRefused_notHeld() throws Exception {
        int lines = ProcessTop.MAX_OUTPUT / 65_536 + 2;
        ProcessTop top = ps("echo 'UID PID CMD'; a=$(head -c 65536 /dev/zero | tr '\\0' a); i=0; "
                + "while [ $i -lt " + lines + " ]; do echo \"root 7 $a\"; i=$((i+1)); done");
        EngineException e = assertThrows(EngineException.class, () -> top.top("-ef", Set.of(7)));
        assertTrue(e.getMessage().startsWith("ps: its output is larger than 8 MiB"), e.getMessage());
        // just within the bound: served
        ProcessTop within = ps("echo 'UID PID CMD'; a=$(head -c 65536 /dev/zero | tr '\\0' a); i=0; "
                + "while [ $i -lt " + (lines - 4) + " ]; do echo \"root 7 $a\"; i=$((i+1)); done");
        assertEquals(lines - 4, within.top("-ef", Set.of(7)).processes().size());
    }

    @Test
    void aFailingPs_isMobysError() throws Exception {
        EngineException e = assertThrows(EngineException.class,
                () -> ps("echo 'error: unsupported option'; exit 1").top("-Z", Set.of()));
        assertEquals("ps: error: unsupported option", e.getMessage());
    }
}
