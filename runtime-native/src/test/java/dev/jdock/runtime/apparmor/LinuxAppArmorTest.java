package dev.jdock.runtime.apparmor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real implementation on a fake sysfs tree and a recording parser runner. */
class LinuxAppArmorTest {

    /** A sysfs tree: the module's {@code enabled} parameter (null: none) and securityfs' directory or not. */
    private static Path sys(Path dir, String enabled, boolean securityfs) throws IOException {
        Path sys = dir.resolve("sys");
        Files.createDirectories(sys.resolve("module/apparmor/parameters"));
        if (enabled != null) {
            Files.writeString(sys.resolve("module/apparmor/parameters/enabled"), enabled);
        }
        if (securityfs) {
            Files.createDirectories(sys.resolve("kernel/security/apparmor"));
        }
        return sys;
    }

    @Test
    void detect_needsTheModuleEnabled_andItsSecurityfsDirectory(@TempDir Path dir) throws IOException {
        assertTrue(LinuxAppArmor.detect(sys(dir.resolve("a"), "Y\n", true)));
        assertFalse(LinuxAppArmor.detect(sys(dir.resolve("b"), "N\n", true)), "module disabled");
        assertFalse(LinuxAppArmor.detect(sys(dir.resolve("c"), "Y\n", false)), "no securityfs (this host)");
        assertFalse(LinuxAppArmor.detect(sys(dir.resolve("d"), null, true)), "no module");
        assertFalse(LinuxAppArmor.detect(sys(dir.resolve("e"), "Y", true)), "runc wants more than one byte");
        assertFalse(LinuxAppArmor.detect(sys(dir.resolve("f"), "y\n", true)));
    }

    @Test
    void detect_onThisHost_isWhatItsKernelSays() {
        boolean expected = Files.isDirectory(Path.of("/sys/kernel/security/apparmor"));
        assertEquals(expected && readsY(), LinuxAppArmor.detect(Path.of("/sys")));
    }

    private static boolean readsY() {
        try {
            return Files.readString(Path.of("/sys/module/apparmor/parameters/enabled")).startsWith("Y");
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void isLoaded_matchesTheWholeNameBeforeTheMode(@TempDir Path dir) throws IOException {
        Path sys = sys(dir, "Y\n", true);
        Files.writeString(sys.resolve("kernel/security/apparmor/profiles"),
                "docker-default (enforce)\n/usr/sbin/cupsd (complain)\nk8s-deny-write-extra (enforce)\n");
        LinuxAppArmor aa = new LinuxAppArmor(sys, dir.resolve("current"), failingRunner(), true);
        assertTrue(aa.isLoaded("docker-default"));
        assertTrue(aa.isLoaded("/usr/sbin/cupsd"));
        assertFalse(aa.isLoaded("docker"), "a prefix of a loaded name");
        assertFalse(aa.isLoaded("k8s-deny-write"), "a prefix of a loaded name");
        assertFalse(aa.isLoaded("enforce"));
    }

    @Test
    void isLoaded_withoutSecurityfs_isAnError(@TempDir Path dir) throws IOException {
        LinuxAppArmor aa = new LinuxAppArmor(sys(dir, null, false), dir.resolve("current"), failingRunner(), false);
        assertThrows(IOException.class, () -> aa.isLoaded("docker-default"));
    }

    @Test
    void load_runsApparmorParserKr_withTheProfileOnStdin(@TempDir Path dir) throws IOException {
        List<List<String>> argvs = new ArrayList<>();
        List<String> stdins = new ArrayList<>();
        LinuxAppArmor aa = new LinuxAppArmor(sys(dir, "Y\n", true), dir.resolve("current"), (argv, stdin) -> {
            argvs.add(argv);
            stdins.add(new String(stdin, StandardCharsets.UTF_8));
            return new LinuxAppArmor.Runner.Result(0, "");
        }, true);
        aa.load("profile x {}\n");
        assertEquals(List.of(List.of("apparmor_parser", "-Kr")), argvs);
        assertEquals(List.of("profile x {}\n"), stdins);
    }

    @Test
    void load_failure_isMobysMessageWithTheParsersOutput(@TempDir Path dir) throws IOException {
        LinuxAppArmor aa = new LinuxAppArmor(sys(dir, "Y\n", true), dir.resolve("current"),
                (argv, stdin) -> new LinuxAppArmor.Runner.Result(1, "AppArmor parser error at line 3\n"), true);
        IOException e = assertThrows(IOException.class, () -> aa.load("x"));
        assertEquals("running 'apparmor_parser -Kr' failed with output: AppArmor parser error at line 3\n"
                + "error: exit status 1", e.getMessage());
    }

    @Test
    void load_aParserThatIsNotThere_isAnIOException(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class,
                () -> LinuxAppArmor.runProcess(List.of(dir.resolve("no-such-parser").toString()), new byte[0]));
        assertTrue(e.getMessage().contains("no-such-parser"), e.getMessage());
    }

    @Test
    void runProcess_feedsStdin_andReturnsTheExitAndOutput() throws IOException {
        LinuxAppArmor.Runner.Result r = LinuxAppArmor.runProcess(List.of("sh", "-c", "cat; echo oops >&2; exit 3"),
                "the profile\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(3, r.exitCode());
        assertEquals("the profile\noops\n", r.output());
    }

    @Test
    void ownProfile_isTheNameWithoutItsMode_orUnconfined(@TempDir Path dir) throws IOException {
        Path current = dir.resolve("current");
        LinuxAppArmor aa = new LinuxAppArmor(dir, current, failingRunner(), true);
        assertEquals("unconfined", aa.ownProfile(), "no attr file");
        Files.writeString(current, "jdockd (enforce)\n");
        assertEquals("jdockd", aa.ownProfile());
        Files.writeString(current, "unconfined\n");
        assertEquals("unconfined", aa.ownProfile());
        Files.writeString(current, "");
        assertEquals("unconfined", aa.ownProfile());
    }

    private static LinuxAppArmor.Runner failingRunner() {
        return (argv, stdin) -> {
            throw new AssertionError("apparmor_parser must not run: " + argv);
        };
    }
}
