package dev.jdock.runtime.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jdock.runtime.caps.Capabilities;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs the compiled default profile in a child process (never in the JVM) through a 30-line C loader built
 * here with cc, so the kernel's own checker validates the program. Skipped when no C compiler is available.
 */
@Tag("root")
class SeccompIT {
    private static final String LOADER = """
            #include <linux/filter.h>
            #include <linux/seccomp.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <sys/prctl.h>
            #include <sys/syscall.h>
            #include <unistd.h>
            int main(int argc, char **argv) {
                static unsigned char buf[65536];
                FILE *f = fopen(argv[1], "rb");
                if (!f) { perror("open"); return 100; }
                size_t n = fread(buf, 1, sizeof buf, f);
                struct sock_fprog prog = { .len = (unsigned short) (n / 8), .filter = (struct sock_filter *) buf };
                if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) { perror("prctl"); return 101; }
                if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0) { perror("seccomp"); return 102; }
                execv(argv[2], argv + 2);
                perror("execv");
                return 103;
            }
            """;

    @TempDir
    Path dir;

    private Path buildLoader() throws Exception {
        Path src = Files.writeString(dir.resolve("loader.c"), LOADER);
        Path bin = dir.resolve("loader");
        Process cc;
        try {
            cc = new ProcessBuilder("cc", "-o", bin.toString(), src.toString()).inheritIO().start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "no C compiler: " + e.getMessage());
            return null;
        }
        assumeTrue(cc.waitFor(60, TimeUnit.SECONDS) && cc.exitValue() == 0, "cc failed");
        return bin;
    }

    private static Result run(Path loader, Path filter, String... cmd) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(loader.toString(), filter.toString()));
        args.addAll(List.of(cmd));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out);
    }

    private record Result(int code, String output) {}

    @Test
    void kernelAcceptsDefaultProfileAndEnforcesIt() throws Exception {
        Path loader = buildLoader();
        Path filter = Files.write(dir.resolve("filter.bpf"),
                SeccompCompiler.compile(SeccompProfile.dockerDefault(), Capabilities.dockerDefault(), "x86_64"));
        Result ok = run(loader, filter, "/bin/sh", "-c", "echo hello");
        assertEquals(0, ok.code(), ok.output());
        assertEquals("hello\n", ok.output());
        Result denied = run(loader, filter, "/usr/bin/unshare", "--user", "true");
        assertTrue(denied.code() != 0, denied.output());
        assertTrue(denied.output().contains("Operation not permitted"), denied.output());
    }
}
