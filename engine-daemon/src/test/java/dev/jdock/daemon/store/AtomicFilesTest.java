package dev.jdock.daemon.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void write_isPrivateByDefault_evenOverAReadableFile(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("config.json");
        Files.writeString(f, "old");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        AtomicFiles.write(f, "{\"Env\":[\"DB_PASSWORD=x\"]}".getBytes());
        assertEquals("rw-------", mode(f));
        assertEquals("{\"Env\":[\"DB_PASSWORD=x\"]}", Files.readString(f));
    }

    @Test
    void write_withAMode_setsExactlyThatMode(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("hosts");
        AtomicFiles.write(f, "127.0.0.1\tlocalhost\n".getBytes(), AtomicFiles.WORLD_READABLE);
        assertEquals("rw-r--r--", mode(f));
        AtomicFiles.write(f, "x".getBytes(), AtomicFiles.WORLD_READABLE);
        assertEquals("rw-r--r--", mode(f));
    }

    @Test
    void theLighterForm_writesTheSameContentAndMode_andLeavesNoTempFile(@TempDir Path tmp) throws IOException {
        Path state = tmp.resolve("state.json");
        Path hosts = tmp.resolve("hosts");
        AtomicFiles.write(state, "{}".getBytes());
        AtomicFiles.writeDerived(hosts, "127.0.0.1\tlocalhost\n".getBytes(), AtomicFiles.WORLD_READABLE);
        AtomicFiles.writeDerived(hosts, "x\n".getBytes(), AtomicFiles.WORLD_READABLE);
        assertEquals("{}", Files.readString(state));
        assertEquals("rw-------", mode(state));
        assertEquals("x\n", Files.readString(hosts));
        assertEquals("rw-r--r--", mode(hosts));
        try (var names = Files.list(tmp)) {
            assertEquals(List.of("hosts", "state.json"), names.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void write_intoDirectoriesNotMadeYet_makesThem(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("network/containers/abc.json");
        AtomicFiles.write(f, "{}".getBytes());
        assertEquals("{}", Files.readString(f));
        assertEquals("rw-------", mode(f));
        try (var names = Files.list(f.getParent())) {
            assertEquals(List.of("abc.json"), names.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void stage_isInvisibleUntilCommitted_andDiscardLeavesNothing(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("config.json");
        AtomicFiles.Staged staged = AtomicFiles.stage(f, "{\"Id\":\"a\"}".getBytes());
        org.junit.jupiter.api.Assertions.assertFalse(Files.exists(f)); // a reader sees no record yet
        staged.commit();
        assertEquals("{\"Id\":\"a\"}", Files.readString(f));
        assertEquals("rw-------", mode(f));

        AtomicFiles.stage(tmp.resolve("other.json"), "{}".getBytes()).discard();
        try (var names = Files.list(tmp)) {
            assertEquals(List.of("config.json"), names.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void fsyncTogether_syncsFilesAndDirectories_andReportsAMissingOne(@TempDir Path tmp) throws IOException {
        Path a = Files.writeString(tmp.resolve("a"), "1");
        Path b = Files.writeString(tmp.resolve("b"), "2");
        AtomicFiles.fsyncTogether(List.of(a, b, tmp));
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> AtomicFiles.fsyncTogether(List.of(tmp.resolve("gone"), a)));
    }
}
