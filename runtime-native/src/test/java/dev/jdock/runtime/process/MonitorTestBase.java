package dev.jdock.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.runtime.monitor.AttachFrame;
import dev.jdock.runtime.monitor.ExitFile;
import dev.jdock.runtime.monitor.ExitStatus;
import dev.jdock.runtime.monitor.MonitorConnection;
import dev.jdock.runtime.spec.CapabilitySets;
import dev.jdock.runtime.spec.DockerDefaults;
import dev.jdock.runtime.spec.LogSpec;
import dev.jdock.runtime.spec.ProcessSpec;
import dev.jdock.runtime.spec.RootfsSpec;
import dev.jdock.runtime.spec.RuntimeSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Shared fixture of the monitor ITs: a busybox + testinit rootfs in a temp dir and helpers to run it. */
abstract class MonitorTestBase {

    protected static final Duration TIMEOUT = Duration.ofSeconds(20);
    protected static final NativeBinaries BINARIES = NativeBinaries.locate();

    @TempDir
    protected Path tmp;
    protected Path rootfs;
    protected MonitorHandle handle;

    @BeforeEach
    void makeRootfs() throws IOException {
        rootfs = tmp.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("bin"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(BINARIES.dir().resolve("testinit"), rootfs.resolve("bin/testinit"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.createSymbolicLink(rootfs.resolve("bin/sh"), Path.of("busybox"));
        Files.writeString(rootfs.resolve("etc/passwd"),
                "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:root\nnogroup:x:65534:\n");
    }

    @AfterEach
    void killLeftovers() throws InterruptedException {
        if (handle != null && ExitFile.read(handle.exitFile()).isEmpty()) {
            ProcessHandle.of(handle.containerPid()).ifPresent(ProcessHandle::destroyForcibly);
        }
        awaitMonitorsGone();
    }

    /**
     * Waits until no monitor of this test (container or exec) still runs: they write their exit files and logs into
     * the temp dir, which JUnit deletes next. One that outlives the wait is killed.
     */
    private void awaitMonitorsGone() throws InterruptedException {
        String marker = tmp.toString();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<ProcessHandle> left = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                    .toList();
            if (left.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                left.forEach(ProcessHandle::destroyForcibly);
                return;
            }
            Thread.sleep(10);
        }
    }

    protected ProcessSpec process(List<String> args, String user, boolean tty, boolean openStdin) {
        return new ProcessSpec(args, List.of("PATH=/bin"), "/", user, List.of(), tty, openStdin, false, 24, 80, false,
                CapabilitySets.of(CapabilitySets.DOCKER_DEFAULT), List.of());
    }

    protected RuntimeSpec spec(ProcessSpec process, RootfsSpec root) {
        return new RuntimeSpec("it" + ProcessHandle.current().pid(), tmp.resolve("bundle"), tmp.resolve("run"), root,
                process, "ithost", DockerDefaults.namespaces(), DockerDefaults.mounts(false), DockerDefaults.devices(),
                DockerDefaults.maskedPaths(false), DockerDefaults.readonlyPaths(false), false, Optional.empty(),
                List.of(), LogSpec.jsonFile(tmp.resolve("bundle/ctr-json.log"), 0, 1), Optional.empty());
    }

    protected RuntimeSpec spec(List<String> args) {
        return spec(process(args, "", false, false), RootfsSpec.bind(rootfs, tmp.resolve("mnt")));
    }

    protected MonitorHandle launch(RuntimeSpec spec) {
        handle = new MonitorLauncher(BINARIES.monitor()).launch(spec, tmp.resolve("spec"));
        return handle;
    }

    /** Runs the container to completion and returns what it printed. */
    protected Run run(RuntimeSpec spec) throws Exception {
        MonitorHandle h = launch(spec);
        Run run = new Run();
        try (MonitorConnection c = h.connect(run)) {
            c.start(TIMEOUT);
            run.exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        return run;
    }

    protected String runOutput(String... args) throws Exception {
        Run r = run(spec(List.of(args)));
        assertEquals(0, r.exit.get().exitCode(), r.stdout + "|" + r.stderr);
        return r.stdout.toString().trim();
    }

    protected static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + TIMEOUT);
            }
            LockSupport.parkNanos(10_000_000);
        }
    }

    /** Collects a connection's output and exit. */
    static class Run implements MonitorConnection.Listener {
        final StringBuffer stdout = new StringBuffer();
        final StringBuffer stderr = new StringBuffer();
        final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();

        @Override
        public void output(int stream, ByteBuffer data) {
            (stream == AttachFrame.STDERR ? stderr : stdout).append(StandardCharsets.UTF_8.decode(data));
        }

        @Override
        public void exited(ExitStatus status) {
            exit.complete(status);
        }

        @Override
        public void disconnected() {
            exit.completeExceptionally(new IllegalStateException("disconnected before exit"));
        }
    }
}
