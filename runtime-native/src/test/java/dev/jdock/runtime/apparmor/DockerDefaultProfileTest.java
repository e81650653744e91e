package dev.jdock.runtime.apparmor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rendered docker-default: moby's rules, line for line where they matter. */
class DockerDefaultProfileTest {
    private static final DockerDefaultProfile.Host DEBIAN = new DockerDefaultProfile.Host(true, true, true,
            "unconfined");

    private static List<String> rules(String profile) {
        return profile.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("# ")).toList();
    }

    @Test
    void render_hasMobysRulesInMobysOrder() {
        assertEquals(List.of(
                "abi <abi/3.0>,",
                "#include <tunables/global>",
                "profile docker-default flags=(attach_disconnected,mediate_deleted) {",
                "#include <abstractions/base>",
                "network,",
                "capability,",
                "file,",
                "umount,",
                "signal (receive) peer=unconfined,",
                "signal (receive) peer=runc,",
                "signal (receive) peer=crun,",
                "signal (receive) peer=unconfined,",
                "signal (send,receive) peer=docker-default,",
                "deny @{PROC}/* w,",
                "deny @{PROC}/{[^1-9/],[^1-9/][^0-9/],[^1-9s/][^0-9y/][^0-9s/],[^1-9/][^0-9/][^0-9/][^0-9/]*}/** w,",
                "deny @{PROC}/sys/[^k]** w,",
                "deny @{PROC}/sys/kernel/{?,??,[^s][^h][^m]**} w,",
                "deny @{PROC}/sysrq-trigger rwklx,",
                "deny @{PROC}/kcore rwklx,",
                "deny mount,",
                "deny /sys/[^f]*/** wklx,",
                "deny /sys/f[^s]*/** wklx,",
                "deny /sys/fs/[^c]*/** wklx,",
                "deny /sys/fs/c[^g]*/** wklx,",
                "deny /sys/fs/cg[^r]*/** wklx,",
                "deny /sys/firmware/** rwklx,",
                "deny /sys/devices/virtual/powercap/** rwklx,",
                "deny /sys/kernel/security/** rwklx,",
                "ptrace (trace,tracedby,read,readby) peer=docker-default,",
                "}"), rules(DockerDefaultProfile.render("docker-default", DEBIAN)));
    }

    @Test
    void render_withoutTheHostsTunablesAbstractionsOrAbi3_definesProcItself() {
        String p = DockerDefaultProfile.render("docker-default",
                new DockerDefaultProfile.Host(false, false, false, "unconfined"));
        List<String> r = rules(p);
        assertEquals("@{PROC}=/proc/", r.get(0));
        assertEquals("profile docker-default flags=(attach_disconnected,mediate_deleted) {", r.get(1));
        assertEquals("network,", r.get(2));
        assertFalse(p.contains("#include") || p.contains("abi <"), p);
    }

    @Test
    void render_letsTheDaemonsProfileSignal_andQuotesNamesThatNeedIt() {
        String p = DockerDefaultProfile.render("docker-default",
                new DockerDefaultProfile.Host(true, true, true, "jdockd"));
        assertTrue(p.contains("\n  signal (receive) peer=jdockd,\n"), p);
        String q = DockerDefaultProfile.render("my profile",
                new DockerDefaultProfile.Host(true, true, true, "/usr/bin/jdockd (x)"));
        assertTrue(q.contains("\nprofile \"my profile\" flags="), q);
        assertTrue(q.contains("signal (receive) peer=\"/usr/bin/jdockd (x)\","), q);
        assertTrue(q.contains("ptrace (trace,tracedby,read,readby) peer=\"my profile\","), q);
    }

    @Test
    void host_readsTheProfileDirectory(@TempDir Path dir) throws IOException {
        assertEquals(new DockerDefaultProfile.Host(false, false, false, "unconfined"),
                DockerDefaultProfile.Host.of(dir, "unconfined"));
        Files.createDirectories(dir.resolve("tunables"));
        Files.createDirectories(dir.resolve("abstractions"));
        Files.createDirectories(dir.resolve("abi"));
        Files.writeString(dir.resolve("tunables/global"), "");
        Files.writeString(dir.resolve("abstractions/base"), "");
        Files.writeString(dir.resolve("abi/3.0"), "");
        assertEquals(new DockerDefaultProfile.Host(true, true, true, "jdockd"),
                DockerDefaultProfile.Host.of(dir, "jdockd"));
    }
}
