package dev.jdock.cli.command.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.cli.core.CliException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --security-opt} as the docker CLI's parseSecurityOpts turns it into {@code HostConfig.SecurityOpt}. */
class SecurityOptsTest {
    @TempDir
    Path dir;

    private static String refused(String... opts) {
        CliException e = assertThrows(CliException.class, () -> RunOptions.securityOpts(List.of(opts)));
        assertEquals(125, e.exitCode());
        return e.getMessage();
    }

    @Test
    void aProfileFile_isSentAsItsCompactedJson_theRestAsGiven() throws Exception {
        Path f = dir.resolve("p.json");
        Files.writeString(f, "{ \"defaultAction\": \"SCMP_ACT_ALLOW\",\n \"syscalls\": [] }\n");
        // the docker CLI 28.2.2 sent these for the same flags (recorded against a socket that logged the body)
        assertEquals(List.of("seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[]}", "no-new-privileges",
                        "seccomp:builtin", "seccomp=unconfined", "label:disable", "seccomp={}"),
                RunOptions.securityOpts(List.of("seccomp=" + f, "no-new-privileges", "seccomp:builtin",
                        "seccomp=unconfined", "label:disable", "seccomp:" + writeEmptyObject())));
    }

    private Path writeEmptyObject() throws Exception {
        Path f = dir.resolve("empty.json");
        Files.writeString(f, " { } ");
        return f;
    }

    @Test
    void refusals_inTheDockerClisWords() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"a\": tru}");
        assertEquals("jdock: opening seccomp profile (" + dir + "/none.json) failed: open " + dir
                + "/none.json: no such file or directory", refused("seccomp=" + dir + "/none.json"));
        assertEquals("jdock: opening seccomp profile (" + dir + ") failed: read " + dir + ": is a directory",
                refused("seccomp=" + dir));
        assertEquals("jdock: compacting json for seccomp profile (" + bad + ") failed: invalid character '}' in "
                + "literal true (expecting 'e')", refused("seccomp=" + bad));
        assertEquals("jdock: Invalid --security-opt: \"seccomp\"", refused("seccomp"));
        assertEquals("jdock: Invalid --security-opt: \"seccomp=\"", refused("seccomp="));
        assertEquals("jdock: Invalid --security-opt: \"apparmor\"", refused("apparmor"));
        assertEquals(List.of("no-new-privileges="), RunOptions.securityOpts(List.of("no-new-privileges=")));
    }
}
