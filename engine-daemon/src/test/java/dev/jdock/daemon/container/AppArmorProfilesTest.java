package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** moby's choice of a container's AppArmor profile, and its default profile kept loaded, on fake hosts. */
class AppArmorProfilesTest {
    @TempDir
    Path dir;

    private static HostConfig hc(boolean privileged, String... securityOpts) {
        return HostConfig.builder().privileged(privileged).securityOpt(List.of(securityOpts)).build();
    }

    private AppArmorProfiles on(FakeAppArmor host) {
        return new AppArmorProfiles(host, dir.resolve("apparmor.d"));
    }

    @Test
    void onAnAppArmorHost_defaultPrivilegedUnconfinedAndNamed_asMobysWithApparmor() {
        AppArmorProfiles p = on(new FakeAppArmor(true, "docker-default"));
        assertEquals("docker-default", p.forContainer(hc(false)));
        assertEquals("docker-default", p.forContainer(hc(false, "apparmor=")), "empty: the default (moby's)");
        assertEquals("unconfined", p.forContainer(hc(true)));
        assertEquals("unconfined", p.forContainer(hc(false, "apparmor=unconfined")));
        assertEquals("my-profile", p.forContainer(hc(false, "apparmor=my-profile")));
        assertEquals("my-profile", p.forContainer(hc(false, "apparmor:other", "apparmor:my-profile")),
                "the legacy form; the last one wins");
        assertEquals("my-profile", p.forContainer(hc(true, "apparmor=my-profile")), "a name wins over privileged");
        assertEquals("docker-default", p.forContainer(hc(false, "seccomp=unconfined", "label=disable")));
        EngineException e = assertThrows(EngineException.class, () -> p.forContainer(hc(false, "apparmor=a b")));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertEquals("invalid apparmor profile \"a b\"", e.getMessage());
    }

    @Test
    void withoutAppArmor_nothingIsApplied_andEveryOptionIsAccepted() {
        AppArmorProfiles p = on(new FakeAppArmor(false));
        for (HostConfig h : List.of(hc(false), hc(true), hc(false, "apparmor=unconfined"),
                hc(false, "apparmor=my-profile"), hc(false, "apparmor=a b"))) {
            assertEquals("", p.forContainer(h), h.toString());
            assertEquals("", p.shown(h, true));
        }
    }

    @Test
    void inspect_showsWhatTheContainerRunsUnder_onceStarted_andWhatWasAskedBefore() {
        AppArmorProfiles p = on(new FakeAppArmor(true, "docker-default"));
        assertEquals("", p.shown(hc(false), false), "created: moby records the profile at start");
        assertEquals("my-profile", p.shown(hc(false, "apparmor=my-profile"), false));
        assertEquals("docker-default", p.shown(hc(false), true));
        assertEquals("unconfined", p.shown(hc(true), true));
        assertEquals("my-profile", p.shown(hc(false, "apparmor=my-profile"), true));
    }

    @Test
    void ensureDefault_loadsTheRenderedProfile_onlyWhenTheKernelLacksIt() throws Exception {
        FakeAppArmor host = new FakeAppArmor(true).ownProfile("jdockd");
        Files.createDirectories(dir.resolve("apparmor.d/tunables"));
        Files.writeString(dir.resolve("apparmor.d/tunables/global"), "");
        AppArmorProfiles p = on(host);
        p.ensureDefault();
        assertEquals(Set.of("docker-default"), host.loaded());
        assertEquals(1, host.loads().size());
        String source = host.loads().get(0);
        assertTrue(source.contains("#include <tunables/global>\n"), source);
        assertTrue(source.contains("\nprofile docker-default flags=(attach_disconnected,mediate_deleted) {\n"), source);
        assertTrue(source.contains("\n  signal (receive) peer=jdockd,\n"), "the daemon's own profile: " + source);
        assertTrue(source.contains("\n  deny mount,\n"), source);
        assertTrue(!source.contains("abstractions/base"), "not on this host: " + source);
        p.ensureDefault();
        assertEquals(1, host.loads().size(), "loaded: not again");
        host.unload("docker-default"); // a package upgrade
        p.ensureDefault();
        assertEquals(2, host.loads().size(), "reloaded, as moby at each start");
    }

    @Test
    void ensureDefault_failure_isMobysError_andAtBootOnlyLogged() {
        FakeAppArmor host = new FakeAppArmor(true).failLoads("apparmor_parser: command not found");
        AppArmorProfiles p = on(host);
        EngineException e = assertThrows(EngineException.class, p::ensureDefault);
        assertEquals(ErrorKind.SYSTEM, e.kind());
        assertTrue(e.getMessage().startsWith("AppArmor enabled on system but the docker-default profile could not "
                + "be loaded: running 'apparmor_parser -Kr' failed with output: apparmor_parser: command not found"),
                e.getMessage());
        p.loadDefaultAtBoot();
        assertEquals(2, host.loads().size(), "tried at boot, the failure logged");
    }

    @Test
    void loadDefaultAtBoot_withoutAppArmor_touchesNothing() {
        FakeAppArmor host = new FakeAppArmor(false);
        on(host).loadDefaultAtBoot();
        assertEquals(List.of(), host.loads());
    }

    @Test
    void isLoaded_anUnreadableProfileList_isAnError() {
        EngineException e = assertThrows(EngineException.class, () -> on(new FakeAppArmor(false)).isLoaded("x"));
        assertTrue(e.getMessage().startsWith("failed to check whether apparmor profile \"x\" is loaded"),
                e.getMessage());
        assertTrue(on(new FakeAppArmor(true, "x")).isLoaded("x"));
    }
}
