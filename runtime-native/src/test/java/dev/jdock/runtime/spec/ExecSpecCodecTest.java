package dev.jdock.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExecSpecCodecTest {

    private static ProcessSpec process() {
        return new ProcessSpec(List.of("sh", "-c", "echo $FOO"), List.of("FOO=a b"), "/tmp", "nobody", List.of(10),
                true, true, true, 40, 120, false, CapabilitySets.of(5), List.of(new Rlimit("RLIMIT_NOFILE", 10, 20)));
    }

    @Test
    void encode_writesTheProcessDirectivesAndJoin() {
        ExecSpec s = new ExecSpec("e1", Path.of("/run/x/exec/e1"), 42, process(), Optional.of(Path.of("/b.bpf")),
                List.of(Path.of("/sys/fs/cgroup/pids/c/cgroup.procs")));
        assertEquals("jdock-exec 1\njoin 42\nid e1\nbundle /run/x/exec/e1\nrundir /run/x/exec/e1\n"
                + "arg sh\narg -c\narg echo%20%24FOO\nenv FOO=a%20b\ncwd /tmp\nuser nobody\ngid 10\ntty 1\n"
                + "stdin 1 1\nconsole 40 120\nnonewprivs 0\ncaps 5 5 5 0 0\nrlimit RLIMIT_NOFILE 10 20\n"
                + "seccomp /b.bpf\ncgroupprocs /sys/fs/cgroup/pids/c/cgroup.procs\nend\n", ExecSpecCodec.encode(s));
    }

    @Test
    void encode_theContainersAppArmorProfile_asRuncGivesItToAnExec() {
        ProcessSpec p = process();
        ProcessSpec confined = new ProcessSpec(p.args(), p.env(), p.cwd(), p.user(), p.additionalGids(), p.tty(),
                p.openStdin(), p.stdinOnce(), p.consoleHeight(), p.consoleWidth(), p.noNewPrivileges(), p.caps(),
                p.rlimits(), p.imageGroups(), false, "docker-default");
        ExecSpec s = new ExecSpec("e1", Path.of("/run/x/exec/e1"), 42, confined, Optional.empty(), List.of());
        assertTrue(ExecSpecCodec.encode(s).contains("\nnonewprivs 0\napparmor docker-default\ncaps 5 5 5 0 0\n"),
                ExecSpecCodec.encode(s));
    }

    @Test
    void encode_theContainersOomScoreAdj() {
        ExecSpec s = new ExecSpec("e1", Path.of("/run/x/exec/e1"), 42, process(), Optional.empty(), List.of(),
                Optional.of(300));
        assertTrue(ExecSpecCodec.encode(s).contains("\nrlimit RLIMIT_NOFILE 10 20\noomscoreadj 300\nend\n"),
                ExecSpecCodec.encode(s));
    }

    @Test
    void invalidSpecs_areRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new ExecSpec("e1", Path.of("/x"), 0, process(), Optional.empty(), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new ExecSpec("../e", Path.of("/x"), 5, process(), Optional.empty(), List.of()));
    }

    @Test
    void longDirectory_isAccepted() {
        // sockets are bound and reached through their directory's descriptor: any exec root works (UnixSocketPaths)
        ExecSpec s = new ExecSpec("e", Path.of("/" + "d".repeat(200)), 5, process(), Optional.empty(), List.of());
        assertEquals(201, s.dir().toString().length());
    }
}
