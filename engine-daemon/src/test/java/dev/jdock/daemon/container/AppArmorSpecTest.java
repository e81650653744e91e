package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.spec.RuntimeSpec;
import dev.jdock.runtime.spec.SpecCodec;
import dev.jdock.runtime.syscall.RecordingSyscalls;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AppArmor profile in the spec the init gets, per case, built by the real SpecFactory on fake hosts. */
class AppArmorSpecTest {
    @TempDir
    Path root;

    private RuntimeSpec spec(FakeAppArmor host, HostConfig hc) {
        RuntimeHost runtimeHost = new RuntimeHost("", ~0L, new HostLimits(Map.of(), 0),
                new AppArmorProfiles(host, root.resolve("apparmor.d")));
        ContainerStore store = new ContainerStore(root.resolve("containers"));
        Container c = store.add(new ContainerRecord("a".repeat(64), "x", "2026-12-07T10:00:00Z", "sleep",
                List.of("1"), "sha256:" + "b".repeat(64), ContainerConfig.builder().build(), hc));
        SpecFactory f = new SpecFactory(runtimeHost, root.resolve("docker-init"),
                () -> new ContainerDefaults(Map.of(), List.of()), new LoopbackNetworking(),
                TestNeighbours.NO_MOUNTS, new IpcShm(new RecordingSyscalls(), store::find), store::find);
        return f.build(c, new SpecFactory.Inputs(new ImageSource.Rootfs(List.of(root.resolve("l")),
                root.resolve("u"), root.resolve("w")), root.resolve("run"), List.of(), Optional.empty(), 0L,
                JoinedNamespaces.none()));
    }

    private static HostConfig hc(boolean privileged, String... opts) {
        return HostConfig.builder().privileged(privileged).securityOpt(List.of(opts)).build();
    }

    @Test
    void aContainer_runsUnderDockerDefault_whichIsLoadedFirstWhenMissing() {
        FakeAppArmor host = new FakeAppArmor(true);
        RuntimeSpec s = spec(host, hc(false));
        assertEquals("docker-default", s.process().apparmorProfile());
        assertTrue(SpecCodec.encode(s).contains("\napparmor docker-default\n"), "the directive the init reads");
        assertEquals(List.of("docker-default"), List.copyOf(host.loaded()), "moby's WithApparmor loads it");
        spec(host, hc(false));
        assertEquals(1, host.loads().size(), "once");
    }

    @Test
    void privileged_unconfined_andNamed() {
        FakeAppArmor host = new FakeAppArmor(true, "docker-default");
        assertEquals("unconfined", spec(host, hc(true)).process().apparmorProfile());
        assertEquals("unconfined", spec(host, hc(false, "apparmor=unconfined")).process().apparmorProfile());
        // not loaded: handed to the init all the same; the kernel refuses it there, as runc's write (test_apparmor.c)
        assertEquals("not-loaded", spec(host, hc(false, "apparmor=not-loaded")).process().apparmorProfile());
        assertEquals(List.of(), host.loads(), "only the default profile is ever loaded by jdockd");
    }

    @Test
    void withoutAppArmor_theSpecHasNoProfile_whateverTheOptions() {
        FakeAppArmor host = new FakeAppArmor(false);
        for (HostConfig h : List.of(hc(false), hc(true), hc(false, "apparmor=my-profile"))) {
            RuntimeSpec s = spec(host, h);
            assertEquals("", s.process().apparmorProfile());
            assertTrue(!SpecCodec.encode(s).contains("apparmor"), "the spec is as before");
        }
        assertEquals(List.of(), host.loads());
    }

    @Test
    void aDefaultProfileThatCannotBeLoaded_failsTheStart() {
        FakeAppArmor host = new FakeAppArmor(true).failLoads("syntax error");
        EngineException e = assertThrows(EngineException.class, () -> spec(host, hc(false)));
        assertTrue(e.getMessage().startsWith("AppArmor enabled on system but the docker-default profile could not "
                + "be loaded"), e.getMessage());
        assertEquals("unconfined", spec(host, hc(true)).process().apparmorProfile(), "no default needed");
    }
}
