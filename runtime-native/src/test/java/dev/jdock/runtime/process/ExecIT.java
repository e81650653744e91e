package dev.jdock.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.runtime.monitor.ExitFile;
import dev.jdock.runtime.monitor.MonitorConnection;
import dev.jdock.runtime.monitor.StartFailedException;
import dev.jdock.runtime.spec.CapabilitySets;
import dev.jdock.runtime.spec.ExecSpec;
import dev.jdock.runtime.spec.ProcessSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code jdock-monitor --exec}: a process joining a running container made like MonitorIT's. */
@Tag("root")
class ExecIT extends MonitorTestBase {

    private MonitorConnection container;
    private int initPid;
    private int execCount;

    @BeforeEach
    void startContainer() {
        MonitorHandle h = launch(spec(List.of("testinit", "sleep", "100")));
        container = h.connect(new Run());
        initPid = container.start(TIMEOUT);
    }

    @AfterEach
    void stopContainer() {
        ProcessHandle.of(initPid).ifPresent(ProcessHandle::destroyForcibly);
        container.close();
    }

    private ProcessSpec proc(List<String> args, String user, boolean tty, boolean stdin, long caps, boolean nnp) {
        return new ProcessSpec(args, List.of("PATH=/bin", "FOO=bar"), "/", user, List.of(), tty, stdin, stdin, 24, 80,
                nnp, CapabilitySets.of(caps), List.of());
    }

    private ExecSpec exec(ProcessSpec p, Optional<Path> seccomp, List<Path> cgroupProcs) {
        String id = "ex" + (++execCount);
        return new ExecSpec(id, tmp.resolve("exec/" + id), initPid, p, seccomp, cgroupProcs);
    }

    private Run runExec(ExecSpec spec) throws Exception {
        MonitorHandle h = new ExecLauncher(BINARIES.monitor()).launch(spec);
        Run run = new Run();
        try (MonitorConnection c = h.connect(run)) {
            c.start(TIMEOUT);
            run.exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        return run;
    }

    private String execOut(String... args) throws Exception {
        Run r = runExec(exec(proc(List.of(args), "", false, false, CapabilitySets.DOCKER_DEFAULT, false),
                Optional.empty(), List.of()));
        assertEquals(0, r.exit.get().exitCode(), r.stdout + "|" + r.stderr);
        return r.stdout.toString().trim();
    }

    @Test
    void joinsEveryNamespaceOfTheContainer() throws Exception {
        String out = execOut("testinit", "ns");
        for (String type : List.of("pid", "net", "ipc", "uts", "mnt", "cgroup")) {
            String expected = type + " " + Files.readSymbolicLink(Path.of("/proc/" + initPid + "/ns/" + type));
            assertTrue(out.contains(expected), out + " lacks " + expected);
        }
        assertEquals("ithost", execOut("testinit", "hostname"));
        // pid 1 is the container's init; the exec gets a pid of the same namespace
        assertTrue(execOut("testinit", "cat", "/proc/1/cmdline").startsWith("testinit"));
        assertTrue(execOut("testinit", "ls", "/bin").contains("testinit"), "sees the container's root");
    }

    @Test
    void exitCodes_andStartFailures() throws Exception {
        Run r = runExec(exec(proc(List.of("sh", "-c", "echo $FOO; echo err >&2; exit 7"), "", false, false,
                CapabilitySets.DOCKER_DEFAULT, false), Optional.empty(), List.of()));
        assertEquals(7, r.exit.get().exitCode());
        assertEquals("bar\n", r.stdout.toString());
        assertEquals("err\n", r.stderr.toString());
        MonitorHandle h = new ExecLauncher(BINARIES.monitor()).launch(exec(proc(List.of("nosuch"), "", false, false,
                CapabilitySets.DOCKER_DEFAULT, false), Optional.empty(), List.of()));
        Run fail = new Run();
        try (MonitorConnection c = h.connect(fail)) {
            StartFailedException e = assertThrows(StartFailedException.class, () -> c.start(TIMEOUT));
            assertEquals(127, e.exitCode());
            assertEquals("exec: \"nosuch\": executable file not found in $PATH", e.getMessage());
            assertEquals(127, fail.exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).exitCode());
        }
        await(() -> ExitFile.read(h.exitFile()).isPresent());
    }

    @Test
    void userIsResolvedInsideTheContainer_andCapsApplied() throws Exception {
        Run r = runExec(exec(proc(List.of("testinit", "id"), "nobody", false, false, CapabilitySets.DOCKER_DEFAULT,
                false), Optional.empty(), List.of()));
        assertEquals("65534 65534 65534", r.stdout.toString().trim(), "uid, gid, groups: the primary group among them");
        long few = 1L << 0 | 1L << 5; // CHOWN, KILL
        Run c = runExec(exec(proc(List.of("testinit", "caps"), "", false, false, few, false), Optional.empty(),
                List.of()));
        assertEquals(String.format("%016x", few), c.stdout.toString().trim());
    }

    /**
     * The exec's process writes its AppArmor profile in the container's /proc before its execve: on a kernel without
     * AppArmor (no securityfs) the write is refused and the exec fails with runc's error; on one with it,
     * {@code unconfined} is taken.
     */
    @Test
    void appArmorProfile_isWrittenByTheExecProcess() throws Exception {
        ProcessSpec p = proc(List.of("cat", "/proc/self/attr/current"), "", false, false,
                CapabilitySets.DOCKER_DEFAULT, false);
        ProcessSpec confined = new ProcessSpec(p.args(), p.env(), p.cwd(), p.user(), p.additionalGids(), p.tty(),
                p.openStdin(), p.stdinOnce(), p.consoleHeight(), p.consoleWidth(), p.noNewPrivileges(), p.caps(),
                p.rlimits(), p.imageGroups(), false, "unconfined");
        if (Files.isDirectory(Path.of("/sys/kernel/security/apparmor"))) {
            Run r = runExec(exec(confined, Optional.empty(), List.of()));
            assertEquals("unconfined", r.stdout.toString().trim(), r.stderr.toString());
            return;
        }
        MonitorHandle h = new ExecLauncher(BINARIES.monitor()).launch(exec(confined, Optional.empty(), List.of()));
        try (MonitorConnection c = h.connect(new Run())) {
            StartFailedException e = assertThrows(StartFailedException.class, () -> c.start(TIMEOUT));
            assertEquals("apparmor failed to apply profile: write /proc/self/attr/exec: invalid argument",
                    e.getMessage());
        }
    }

    @Test
    void oomScoreAdj_isTheContainers_asRuncGivesAnExec() throws Exception {
        ProcessSpec p = proc(List.of("sh", "-c", "cat /proc/self/oom_score_adj"), "", false, false,
                CapabilitySets.DOCKER_DEFAULT, false);
        String id = "ex" + (++execCount);
        Run r = runExec(new ExecSpec(id, tmp.resolve("exec/" + id), initPid, p, Optional.empty(), List.of(),
                Optional.of(300)));
        assertEquals(0, r.exit.get().exitCode(), r.stdout + "|" + r.stderr);
        assertEquals("300", r.stdout.toString().trim());
    }

    @Test
    void tty_isATerminal_andStdinIsDelivered() throws Exception {
        Run r = runExec(exec(proc(List.of("testinit", "isatty"), "", true, false, CapabilitySets.DOCKER_DEFAULT,
                false), Optional.empty(), List.of()));
        assertEquals("true\r\n", r.stdout.toString());
        MonitorHandle h = new ExecLauncher(BINARIES.monitor()).launch(exec(proc(List.of("sh", "-c", "cat; echo done"),
                "", false, true, CapabilitySets.DOCKER_DEFAULT, false), Optional.empty(), List.of()));
        Run run = new Run();
        try (MonitorConnection c = h.connect(run)) {
            c.start(TIMEOUT);
            c.sendStdin("abc\n".getBytes(StandardCharsets.UTF_8));
            c.closeStdin();
            assertEquals(0, run.exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).exitCode());
        }
        assertEquals("abc\ndone\n", run.stdout.toString());
    }

    @Test
    void seccompFilter_isInstalled() throws Exception {
        for (boolean nnp : new boolean[] {false, true}) {
            Run r = runExec(exec(proc(List.of("testinit", "write", "/x"), "", false, false,
                    CapabilitySets.DOCKER_DEFAULT, nnp), Optional.of(openatFilter()), List.of()));
            assertEquals("error 1 Operation not permitted", r.stdout.toString().trim());
        }
    }

    @Test
    void cgroupProcs_areWritten() throws Exception {
        Path cg = Path.of("/sys/fs/cgroup/pids/jdock-exec-it-" + ProcessHandle.current().pid());
        Files.createDirectories(cg);
        try {
            Run r = runExec(exec(proc(List.of("testinit", "cat", "/proc/self/cgroup"), "", false, false,
                    CapabilitySets.DOCKER_DEFAULT, false), Optional.empty(), List.of(cg.resolve("cgroup.procs"))));
            assertEquals(0, r.exit.get().exitCode());
            assertTrue(r.stdout.toString().contains(":pids:/jdock-exec-it-"), r.stdout.toString());
        } finally {
            Files.deleteIfExists(cg);
        }
    }

    @Test
    void goneContainer_failsToLaunch() {
        ProcessHandle.of(initPid).ifPresent(ProcessHandle::destroyForcibly);
        await(() -> ProcessHandle.of(initPid).isEmpty());
        RuntimeLaunchException e = assertThrows(RuntimeLaunchException.class, () -> new ExecLauncher(
                BINARIES.monitor()).launch(exec(proc(List.of("true"), "", false, false, 0, false), Optional.empty(),
                List.of())));
        assertTrue(e.getMessage().contains("is gone"), e.getMessage());
    }

    private Path openatFilter() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(5 * 8).order(ByteOrder.nativeOrder());
        insn(b, 0x20, 0, 0, 0);
        insn(b, 0x15, 1, 0, 2);
        insn(b, 0x15, 0, 1, 257);
        insn(b, 0x06, 0, 0, 0x00050000 | 1);
        insn(b, 0x06, 0, 0, 0x7fff0000);
        Path f = tmp.resolve("openat.bpf");
        Files.write(f, b.array());
        return f;
    }

    private static void insn(ByteBuffer b, int code, int jt, int jf, int k) {
        b.putShort((short) code).put((byte) jt).put((byte) jf).putInt(k);
    }
}
