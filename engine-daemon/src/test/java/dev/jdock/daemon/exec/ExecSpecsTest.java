package dev.jdock.daemon.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jdock.api.types.exec.ExecConfig;
import dev.jdock.api.types.exec.ExecInspect;
import dev.jdock.api.types.exec.ExecProcessConfig;
import dev.jdock.runtime.spec.CapabilitySets;
import dev.jdock.runtime.spec.DockerDefaults;
import dev.jdock.runtime.spec.ExecSpec;
import dev.jdock.runtime.spec.LogSpec;
import dev.jdock.runtime.spec.ProcessSpec;
import dev.jdock.runtime.spec.Rlimit;
import dev.jdock.runtime.spec.RootfsSpec;
import dev.jdock.runtime.spec.RuntimeSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExecSpecsTest {
    private static final long MASK = CapabilitySets.DOCKER_DEFAULT;

    private static RuntimeSpec containerSpec() {
        ProcessSpec p = new ProcessSpec(List.of("sleep", "1"), List.of("A=1"), "/", "", List.of(44), false, false,
                false, 0, 0, true, CapabilitySets.of(MASK), List.of(new Rlimit("RLIMIT_NOFILE", 100, 200)),
                ProcessSpec.ImageGroups.NEVER, true, "docker-default");
        return new RuntimeSpec("c1", Path.of("/var/c1"), Path.of("/run/c1"),
                RootfsSpec.bind(Path.of("/r"), Path.of("/m")), p, "h", DockerDefaults.namespaces(), List.of(),
                List.of(), List.of(), List.of(), false, Optional.of(Path.of("/run/c1/seccomp.bpf")),
                List.of(Path.of("/sys/fs/cgroup/pids/c1/cgroup.procs")), LogSpec.none(), Optional.of(300));
    }

    private static ExecConfig config(String user, boolean tty, boolean privileged, List<String> env, String wd) {
        return new ExecConfig(user, privileged, tty, null, false, true, true, false, null, env, wd, List.of("id"));
    }

    private static ExecSpecs.ContainerView view(String user, String wd) {
        return new ExecSpecs.ContainerView("c1", 77, "host1", List.of("A=1", "PATH=/custom"), user, wd,
                containerSpec());
    }

    @Test
    void inheritsTheContainersSecurityAndCgroups() {
        ExecSpec s = ExecSpecs.build("e1", Path.of("/run/exec/e1"), view("", "/srv"),
                config("", false, false, List.of(), ""), ~0L, 0, 0);
        assertEquals(77, s.containerPid());
        assertEquals("/srv", s.process().cwd());
        assertEquals("", s.process().user());
        assertEquals(CapabilitySets.of(MASK), s.process().caps());
        assertEquals(List.of(44), s.process().additionalGids());
        assertEquals(ProcessSpec.ImageGroups.NEVER, s.process().imageGroups(), "a pod's Strict groups policy");
        assertEquals(false, s.process().reportUser(), "only the container's own process reports its identity");
        assertEquals(true, s.process().noNewPrivileges());
        assertEquals(1, s.process().rlimits().size());
        assertEquals(Optional.of(Path.of("/run/c1/seccomp.bpf")), s.seccompBpf());
        assertEquals(List.of(Path.of("/sys/fs/cgroup/pids/c1/cgroup.procs")), s.cgroupProcsFiles());
        assertEquals(Optional.of(300), s.oomScoreAdj(), "runc gives an exec the container's oom_score_adj");
        assertEquals("docker-default", s.process().apparmorProfile(), "and the container's AppArmor profile");
        assertEquals("docker-default", ExecSpecs.build("e2", Path.of("/run/exec/e2"), view("", "/"),
                config("", false, true, List.of(), ""), ~0L, 0, 0).process().apparmorProfile(),
                "exec --privileged keeps it (moby's execSetPlatformOpt)");
    }

    @Test
    void userAndPrivileged_decideTheCapabilities() {
        ExecSpec nobody = ExecSpecs.build("e1", Path.of("/x"), view("", ""), config("nobody", false, false,
                List.of(), ""), ~0L, 0, 0);
        assertEquals(new CapabilitySets(MASK, 0, 0, 0, 0), nobody.process().caps());
        assertEquals("/", nobody.process().cwd());
        ExecSpec priv = ExecSpecs.build("e1", Path.of("/x"), view("app", ""), config("", false, true, List.of(),
                "/tmp"), 0x1ffL, 0, 0);
        assertEquals("app", priv.process().user(), "defaults to the container's user");
        assertEquals(new CapabilitySets(0x1ffL, 0, 0, 0, 0), priv.process().caps());
        ExecSpec root = ExecSpecs.build("e1", Path.of("/x"), view("", ""), config("0:0", false, true, List.of(),
                ""), 0x1ffL, 0, 0);
        assertEquals(CapabilitySets.of(0x1ffL), root.process().caps());
    }

    @Test
    void env_isDockersMerge() {
        assertEquals(List.of("PATH=/custom", "HOSTNAME=host1", "TERM=xterm", "A=1", "B=2"),
                ExecSpecs.env(view("", ""), config("", true, false, List.of("B=2"), "")));
        assertEquals(List.of("PATH=/custom", "HOSTNAME=host1", "A=9"),
                ExecSpecs.env(view("", ""), config("", false, false, List.of("A=9"), "")));
        List<String> env = new ArrayList<>(List.of("A=1", "B=2"));
        ExecSpecs.replaceOrAppend(env, List.of("A"));
        assertEquals(List.of("B=2"), env, "a bare KEY removes it");
    }

    @Test
    void startFailures_are126_asMobysExecStart() {
        // moby's ContainerExecStart: 126 for every start failure, also a missing file (127 is a container start's)
        assertEquals(126, ExecSpecs.startFailureCode("exec: \"x\": executable file not found in $PATH"));
        assertEquals(126, ExecSpecs.startFailureCode("chdir to cwd (\"/n\") set in config.json failed: no such file "
                + "or directory"));
        assertEquals(126, ExecSpecs.startFailureCode("exec: \"/etc\": permission denied"));
        assertEquals(126, ExecSpecs.startFailureCode("unable to find user x: no matching entries in passwd file"));
        assertEquals("OCI runtime exec failed: exec failed: unable to start container process: m: unknown",
                ExecSpecs.startFailureMessage("m"));
        assertEquals("unable to find user x: no matching entries in passwd file",
                ExecSpecs.startFailureMessage("unable to find user x: no matching entries in passwd file"),
                "moby's own refusal (getUser), without the runtime's wrapping");
    }

    @Test
    void session_inspectFollowsTheLifecycle() {
        ExecSession s = new ExecSession("e1", "c1", config("u", true, false, List.of(), ""));
        ExecInspect created = s.inspect();
        assertEquals(false, created.running());
        assertNull(created.exitCode());
        assertEquals(true, s.claimStart());
        assertEquals(false, s.claimStart(), "an exec starts once");
        s.running(1234);
        assertEquals(true, s.inspect().running());
        assertEquals(1234, s.inspect().pid());
        s.exited(3);
        s.exited(137);
        assertEquals(3, s.inspect().exitCode(), "the first exit wins");
        assertEquals(false, s.inspect().running());
        ExecProcessConfig pc = s.inspect().processConfig();
        assertEquals("id", pc.entrypoint());
        assertEquals(List.of(), pc.arguments());
        assertEquals("u", pc.user());
        assertEquals(true, pc.tty());
    }
}
