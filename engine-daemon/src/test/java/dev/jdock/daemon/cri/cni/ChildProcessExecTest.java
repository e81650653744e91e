package dev.jdock.daemon.cri.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real process seam, with shell scripts as plugins: env, stdin, exit codes, the timeout and the bounds. */
class ChildProcessExecTest {
    @TempDir
    Path tmp;

    private Path script(String body) throws IOException {
        Path p = tmp.resolve("plugin-" + System.nanoTime());
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    @Test
    void passesEnvAndStdin_returnsStdoutStderrAndExitCode() throws IOException {
        Path p = script("echo \"$CNI_COMMAND $CNI_IFNAME\" >&2; test -n \"$PATH\" || exit 9; cat; exit 3");
        ProcessExec.Output out = new ChildProcessExec().run(List.of(p.toString()),
                Map.of("CNI_COMMAND", "ADD", "CNI_IFNAME", "eth0"), "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(10));
        assertEquals(3, out.exitCode(), "PATH is inherited");
        assertEquals("{\"a\":1}", new String(out.stdout(), StandardCharsets.UTF_8));
        assertEquals("ADD eth0", out.stderr());
    }

    @Test
    void aPluginPastItsTimeout_isKilledWithItsChildren() throws IOException, InterruptedException {
        Path pidFile = tmp.resolve("child.pid");
        Path p = script("sleep 60 & echo $! > " + pidFile + "; wait");
        long start = System.nanoTime();
        CniException e = assertThrows(CniException.class, () -> new ChildProcessExec().run(List.of(p.toString()),
                Map.of(), new byte[0], Duration.ofMillis(500)));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(e.getMessage().endsWith(" did not finish in 500 ms and was killed"), e.getMessage());
        assertTrue(ms < 5000, "returned after " + ms + " ms");
        long child = Long.parseLong(Files.readString(pidFile).strip());
        assertTrue(diesWithin(child, 5000), "the sleep was killed too");
    }

    /** Whether the process is gone or a zombie (killed, not yet reaped by its new parent) within the time. */
    private static boolean diesWithin(long pid, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        do {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
                    return true;
                }
            } catch (IOException gone) {
                return true;
            }
            Thread.sleep(20);
        } while (System.currentTimeMillis() < end);
        return false;
    }

    @Test
    void tooMuchStdout_killsThePlugin() throws IOException {
        Path p = script("while :; do echo xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; done");
        CniException e = assertThrows(CniException.class, () -> new ChildProcessExec(4096).run(
                List.of(p.toString()), Map.of(), new byte[0], Duration.ofSeconds(20)));
        assertTrue(e.getMessage().endsWith(" printed more than 4096 bytes on stdout and was killed"), e.getMessage());
    }

    @Test
    void stderrIsKeptUpToItsBound_andDrained() throws IOException {
        Path p = script("head -c 200000 /dev/zero | tr '\\0' e >&2; echo done");
        ProcessExec.Output out = new ChildProcessExec().run(List.of(p.toString()), Map.of(), new byte[0],
                Duration.ofSeconds(20));
        assertEquals(0, out.exitCode());
        assertEquals("done\n", new String(out.stdout(), StandardCharsets.UTF_8));
        assertEquals(ChildProcessExec.MAX_STDERR, out.stderr().length());
    }

    @Test
    void aMissingBinary_isALocalError() {
        CniException e = assertThrows(CniException.class, () -> new ChildProcessExec().run(
                List.of(tmp.resolve("nope").toString()), Map.of(), new byte[0], Duration.ofSeconds(1)));
        assertEquals(CniException.LOCAL, e.code());
        assertTrue(e.getMessage().startsWith("cannot run " + tmp.resolve("nope")), e.getMessage());
    }
}
