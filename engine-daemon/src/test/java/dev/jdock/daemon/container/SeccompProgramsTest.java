package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.runtime.seccomp.SeccompCompiler;
import dev.jdock.runtime.seccomp.SeccompProfile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeccompProgramsTest {
    private static final long CAPS = 0xa80425fbL; // Docker's default capability set

    @TempDir
    Path tmp;

    /** Counts compiles; the "program" names its input so that a wrong one read back shows. */
    private final List<Long> compiled = new ArrayList<>();

    private SeccompPrograms programs(String compilerId, String kernel) {
        return new SeccompPrograms(tmp.resolve("seccomp"), compilerId, kernel, (profile, caps) -> {
            compiled.add(caps);
            byte[] b = new byte[16];
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (caps >>> (8 * i));
            }
            b[8] = (byte) kernel.length();
            return b;
        }, SeccompProfile::dockerDefaultJson);
    }

    private List<Path> kept() throws Exception {
        try (Stream<Path> s = Files.list(tmp.resolve("seccomp"))) {
            return s.toList();
        }
    }

    @Test
    void defaultProgram_compiledOnce_thenReadByTheNextDaemon() throws Exception {
        byte[] first = programs("jar 1 2", "6.1.0").defaultProgram(CAPS);
        assertEquals(List.of(CAPS), compiled);
        List<Path> files = kept();
        assertEquals(1, files.size());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.get(0))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("seccomp"))));
        // the same daemon: from memory; a new daemon of the same build on the same kernel: from the disk
        SeccompPrograms same = programs("jar 1 2", "6.1.0");
        assertArrayEquals(first, same.defaultProgram(CAPS));
        assertArrayEquals(first, same.defaultProgram(CAPS));
        assertEquals(1, compiled.size());
    }

    @Test
    void anotherCapabilitySet_kernelOrBuild_isAnotherProgram() throws Exception {
        programs("jar 1 2", "6.1.0").defaultProgram(CAPS);
        programs("jar 1 2", "6.1.0").defaultProgram(CAPS | 1L << 21);
        programs("jar 1 2", "6.8.0").defaultProgram(CAPS);
        programs("jar 1 3", "6.1.0").defaultProgram(CAPS);
        assertEquals(4, compiled.size());
        assertEquals(4, kept().size());
    }

    @Test
    void aTornOrChangedFile_isCompiledAgainAndReplaced() throws Exception {
        byte[] good = programs("jar 1 2", "6.1.0").defaultProgram(CAPS);
        Path file = kept().get(0);
        byte[] bytes = Files.readAllBytes(file);
        bytes[0] ^= 1; // a program that would allow something else
        Files.write(file, bytes);
        assertArrayEquals(good, programs("jar 1 2", "6.1.0").defaultProgram(CAPS));
        assertEquals(2, compiled.size());
        Files.write(file, new byte[0]); // torn: empty
        assertArrayEquals(good, programs("jar 1 2", "6.1.0").defaultProgram(CAPS));
        Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 20)); // torn: cut short
        assertArrayEquals(good, programs("jar 1 2", "6.1.0").defaultProgram(CAPS));
        assertEquals(4, compiled.size());
        // the file kept last is whole again
        programs("jar 1 2", "6.1.0").defaultProgram(CAPS);
        assertEquals(4, compiled.size());
    }

    @Test
    void aFileCopiedUnderAnotherName_isNotTaken() throws Exception {
        programs("jar 1 2", "6.1.0").defaultProgram(CAPS);
        Path other = kept().get(0);
        SeccompPrograms more = programs("jar 1 2", "6.1.0");
        more.defaultProgram(CAPS | 1L << 21);
        // overwrite the second program's file with the first's (a valid file, another name): refused, compiled
        Path second = kept().stream().filter(p -> !p.equals(other)).findFirst().orElseThrow();
        Files.copy(other, second, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        byte[] again = programs("jar 1 2", "6.1.0").defaultProgram(CAPS | 1L << 21);
        assertEquals(3, compiled.size());
        assertEquals(0x20, again[2] & 0x20); // bit 21 of the caps it was compiled for
    }

    @Test
    void aSymlinkAtTheName_isNotFollowed() throws Exception {
        programs("jar 1 2", "6.1.0").defaultProgram(CAPS);
        Path file = kept().get(0);
        Path elsewhere = tmp.resolve("elsewhere");
        Files.move(file, elsewhere);
        Files.createSymbolicLink(file, elsewhere);
        programs("jar 1 2", "6.1.0").defaultProgram(CAPS);
        assertEquals(2, compiled.size());
        assertTrue(Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the link replaced");
    }

    @Test
    void withoutAJar_nothingIsKeptOnDisk() {
        SeccompPrograms p = programs(null, "6.1.0");
        p.defaultProgram(CAPS);
        p.defaultProgram(CAPS);
        programs(null, "6.1.0").defaultProgram(CAPS);
        assertEquals(2, compiled.size());
        assertTrue(Files.notExists(tmp.resolve("seccomp")));
    }

    @Test
    void theDirectoryIsBounded() throws Exception {
        Files.createDirectories(tmp.resolve("seccomp"));
        for (int i = 0; i < SeccompPrograms.DISK_MAX; i++) {
            Files.write(tmp.resolve("seccomp").resolve("old" + i + ".bpf"), new byte[8]);
        }
        programs("jar 1 2", "6.1.0").defaultProgram(CAPS);
        assertEquals(1, kept().size());
    }

    @Test
    void customProfiles_inMemoryOnly_andRefusedWhenMalformed() {
        SeccompPrograms p = programs("jar 1 2", "6.1.0");
        byte[] json = "{\"defaultAction\":\"SCMP_ACT_ALLOW\"}".getBytes(StandardCharsets.UTF_8);
        p.program(json, CAPS);
        p.program(json, CAPS);
        assertEquals(1, compiled.size());
        assertTrue(Files.notExists(tmp.resolve("seccomp")));
        assertThrows(IllegalArgumentException.class, () -> p.program("{".getBytes(StandardCharsets.UTF_8), CAPS));
    }

    @Test
    void theRealCompiler_readBackEqualsAFreshCompile() {
        SeccompPrograms real = SeccompPrograms.of(tmp.resolve("seccomp"));
        byte[] a = real.defaultProgram(CAPS);
        byte[] b = SeccompPrograms.of(tmp.resolve("seccomp")).defaultProgram(CAPS);
        byte[] fresh = SeccompCompiler.compile(SeccompProfile.dockerDefault(), CAPS, "x86_64");
        assertArrayEquals(fresh, a);
        assertArrayEquals(fresh, b);
        // kept on disk when runtime-native comes from its jar (a reactor build before `package` gives its classes)
        assertEquals(SeccompPrograms.jarIdentity(SeccompCompiler.class) != null,
                Files.isDirectory(tmp.resolve("seccomp")));
    }
}
