package dev.jdock.runtime.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jdock.runtime.syscall.LinuxSyscalls;
import dev.jdock.runtime.syscall.SyscallException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The eBPF device program on a real cgroup v2 directory (the unified hierarchy: the only one on v2 hosts, the
 * controller-less one on hybrid hosts like this one, where the kernel runs the program all the same). The test
 * shell sits in the root of every v1 hierarchy, so the program alone decides. Needs root.
 */
@Tag("root")
class DeviceFilterIT {
    private final LinuxSyscalls sys = new LinuxSyscalls();
    private Path dir;

    @BeforeEach
    void cgroup() throws IOException {
        CgroupLayout layout = CgroupLayout.detect(sys, Path.of("/sys/fs/cgroup"), Path.of("/proc/self/mountinfo"));
        assumeTrue(layout.unified() != null, "no cgroup2 mount");
        dir = layout.unified().resolve("jdock-it-devices-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        Files.createDirectory(dir);
    }

    @AfterEach
    void remove() throws IOException {
        if (dir != null) {
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void onlyTheAllowedNodesOpen_andMknodFollowsTheRules() throws Exception {
        sys.attachDeviceFilter(dir, DeviceFilter.compile(List.of("c 1:3 rw", "c *:* m")));
        Path tmp = Files.createTempDirectory("jdock-devfilter");
        try {
            String out = inCgroup("echo x > /dev/null && echo null-ok; "
                    + "head -c1 /dev/zero >/dev/null 2>&1 && echo zero-ok || echo zero-denied; "
                    + "mknod " + tmp + "/c c 1 5 && echo mknod-c-ok || echo mknod-c-denied; "
                    + "mknod " + tmp + "/b b 7 0 2>/dev/null && echo mknod-b-ok || echo mknod-b-denied");
            assertEquals("null-ok\nzero-denied\nmknod-c-ok\nmknod-b-denied\n", out);
        } finally {
            Files.deleteIfExists(tmp.resolve("c"));
            Files.deleteIfExists(tmp.resolve("b"));
            Files.deleteIfExists(tmp);
        }
        // a second program replaces the first: now /dev/zero is allowed and /dev/null is not
        sys.attachDeviceFilter(dir, DeviceFilter.compile(List.of("c 1:5 r")));
        assertEquals("null-denied\nzero-ok\n", inCgroup("(echo x > /dev/null) 2>/dev/null && echo null-ok || "
                + "echo null-denied; n=$(head -c1 /dev/zero 2>&1 | wc -c); [ \"$n\" = 1 ] && echo zero-ok || "
                + "echo zero-denied"));
    }

    @Test
    void theSameRulesOnCgroupsOneAfterAnother_holdInEach() throws Exception {
        List<String> rules = List.of("c 1:5 r");
        Path second = dir.resolveSibling(dir.getFileName() + "-2");
        Files.createDirectory(second);
        try {
            sys.attachDeviceFilter(second, DeviceFilter.compile(rules)); // loads the program
            Files.delete(second); // the program outlives its first cgroup
            sys.attachDeviceFilter(dir, DeviceFilter.compile(rules)); // the same program, loaded once
            assertEquals("null-denied\n", inCgroup("(echo x > /dev/null) 2>/dev/null && echo null-ok || "
                    + "echo null-denied"));
        } finally {
            Files.deleteIfExists(second);
        }
    }

    @Test
    void aProgramTheVerifierRefuses_isAnErrorWithItsReason() {
        byte[] exitWithoutR0 = {(byte) 0x95, 0, 0, 0, 0, 0, 0, 0};
        SyscallException e = assertThrows(SyscallException.class, () -> sys.attachDeviceFilter(dir, exitWithoutR0));
        assertTrue(e.getMessage().contains("verifier"), e.getMessage());
    }

    /** Runs a shell that first moves itself into the test cgroup; returns its stdout. */
    private String inCgroup(String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "echo 0 > " + dir.resolve("cgroup.procs") + " && " + script)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }
}
