package dev.jdock.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecCodecTest {

    @Test
    void writeThenRead_roundTripsEveryField(@TempDir Path dir) {
        RuntimeSpec spec = SpecFixtures.full();
        Path file = dir.resolve("spec");
        SpecCodec.write(spec, file);
        assertEquals(spec, SpecCodec.read(file));
        assertTrue(Files.notExists(dir.resolve("spec.tmp")));
    }

    @Test
    void encode_percentEncodesFieldsLikeTheCParser() {
        String text = SpecCodec.encode(SpecFixtures.full());
        assertTrue(text.startsWith("jdock-spec 1\nid abc123\n"), text);
        assertTrue(text.contains("\narg echo%20hi%20there%0Aw%C3%B6rld\n"), text);
        assertTrue(text.contains("\narg %2D\narg -\n"), text);
        assertTrue(text.contains("\ncaps 18446744073709551615 5 7 2 2\n"), text);
        assertTrue(text.contains("\nrlimit RLIMIT_NOFILE 1024 18446744073709551615\n"), text);
        assertTrue(text.contains("\nns net path /proc/42/ns/net\n"), text);
        assertTrue(text.contains("\nmount /etc/hosts%20file /etc/hosts bind 20481 - file 278528\n"), text);
        assertTrue(text.contains("\ndevice /dev/null c 1 3 438 0 0\n"), text);
        assertTrue(text.contains("\ngid 20\nimagegroups never\nreportuser 1\n"), text);
        assertTrue(text.contains("\nnonewprivs 1\napparmor docker-default\ncaps "), text);
        assertTrue(text.endsWith("\nend\n"), text);
    }

    @Test
    void dockersGroupRule_noReport_andNoAppArmorProfile_areTheDefaults_andWrittenAsNothing() {
        ProcessSpec p = SpecFixtures.full().process();
        ProcessSpec docker = new ProcessSpec(p.args(), p.env(), p.cwd(), p.user(), p.additionalGids(), p.tty(),
                p.openStdin(), p.stdinOnce(), p.consoleHeight(), p.consoleWidth(), p.noNewPrivileges(), p.caps(),
                p.rlimits());
        assertEquals(ProcessSpec.ImageGroups.IMPLICIT, docker.imageGroups());
        assertEquals("", docker.apparmorProfile());
        RuntimeSpec s = SpecFixtures.full();
        RuntimeSpec withDocker = new RuntimeSpec(s.id(), s.bundleDir(), s.runDir(), s.rootfs(), docker, s.hostname(),
                s.namespaces(), s.mounts(), s.devices(), s.maskedPaths(), s.readonlyPaths(), s.readonlyRootfs(),
                s.seccompBpf(), s.cgroupProcsFiles(), s.log(), s.oomScoreAdj(), s.sysctls());
        String text = SpecCodec.encode(withDocker);
        assertTrue(!text.contains("imagegroups") && !text.contains("reportuser") && !text.contains("apparmor"), text);
        assertEquals(withDocker, SpecCodec.decode(text));
        ProcessSpec merge = SpecCodec.decode(SpecCodec.encode(withDocker).replace("\ntty ",
                "\nimagegroups always\ntty ")).process();
        assertEquals(ProcessSpec.ImageGroups.ALWAYS, merge.imageGroups());
        assertTrue(!merge.reportUser());
    }

    @Test
    void userns_newAndJoined_roundTrip_inTheCParsersForm() {
        RuntimeSpec base = SpecFixtures.full();
        UserNamespaceSpec.IdMapping u = new UserNamespaceSpec.IdMapping(0, 131072, 65536);
        UserNamespaceSpec.IdMapping g = new UserNamespaceSpec.IdMapping(0, 196608, 65536);
        RuntimeSpec created = base.withUserns(UserNamespaceSpec.create(u, g));
        assertTrue(SpecCodec.encode(created).contains("\nuserns new 0 131072 65536 0 196608 65536\n"));
        assertEquals(created, SpecCodec.decode(SpecCodec.encode(created)));
        RuntimeSpec joined = base.withUserns(UserNamespaceSpec.join(Path.of("/proc/7/ns/user"), u, g));
        assertTrue(SpecCodec.encode(joined).contains("\nuserns path /proc/7/ns/user 0 131072 65536 0 196608 65536\n"));
        assertEquals(joined, SpecCodec.decode(SpecCodec.encode(joined)));
        assertFalse(SpecCodec.encode(base).contains("userns"));
        assertThrows(IllegalArgumentException.class, () -> UserNamespaceSpec.create(
                new UserNamespaceSpec.IdMapping(1, 131072, 65536), g));
        assertThrows(IllegalArgumentException.class, () -> new UserNamespaceSpec.IdMapping(0, 0xffffffffL, 2));
        assertThrows(IllegalArgumentException.class, () -> new UserNamespaceSpec.IdMapping(0, 65536, 0));
    }

    /** json-file attrs: one percent-encoded field after the log line (the C parser's), none when there are none. */
    @Test
    void logAttrs_roundTrip_asOneEncodedField_andOnlyForJsonFile() {
        RuntimeSpec s = SpecFixtures.full();
        String json = "{\"A\":\"x y\",\"L\":\"\\u003c\u00e9\"}";
        LogSpec log = LogSpec.jsonFile(Path.of("/var/log/c.log"), 1000, 3, true).withAttrs(json);
        RuntimeSpec with = new RuntimeSpec(s.id(), s.bundleDir(), s.runDir(), s.rootfs(), s.process(), s.hostname(),
                s.namespaces(), s.mounts(), s.devices(), s.maskedPaths(), s.readonlyPaths(), s.readonlyRootfs(),
                s.seccompBpf(), s.cgroupProcsFiles(), log, s.oomScoreAdj(), s.sysctls());
        String text = SpecCodec.encode(with);
        assertTrue(text.contains("\nlog json-file /var/log/c.log 1000 3 1\n"
                + "logattrs %7B%22A%22:%22x%20y%22,%22L%22:%22%5Cu003c%C3%A9%22%7D\n"), text);
        assertEquals(with, SpecCodec.decode(text));
        assertEquals(json, SpecCodec.decode(text).log().attrs());
        assertFalse(SpecCodec.encode(s).contains("logattrs"));
        assertThrows(IllegalArgumentException.class, () -> LogSpec.local(Path.of("/l"), 1, 1, false).withAttrs(json));
        assertThrows(IllegalArgumentException.class, () -> log.withAttrs("\"A\""));
        String big = "{\"A\":\"" + "é".repeat(LogSpec.MAX_ATTRS / 2) + "\"}";
        assertThrows(IllegalArgumentException.class, () -> log.withAttrs(big));
        log.withAttrs(big.substring(0, 6) + big.substring(10)); // four é less: 64 KiB exactly
    }

    @Test
    void encDec_areInverse() {
        for (String s : List.of("", "-", "--", "a b", "ü%", "/x/y:z=1,2", "\t\n")) {
            assertEquals(s, SpecCodec.dec(SpecCodec.enc(s)), s);
        }
    }

    @Test
    void decode_truncatedSpec_isRejected() {
        String text = SpecCodec.encode(SpecFixtures.full()).replace("end\n", "");
        assertThrows(IllegalArgumentException.class, () -> SpecCodec.decode(text));
    }

    @Test
    void records_rejectInvalidValues() {
        assertThrows(IllegalArgumentException.class, () -> new MountSpec("a", "relative", "bind", 0, "", false));
        assertThrows(IllegalArgumentException.class, () -> new MountSpec("a", "/x/../etc", "bind", 0, "", false));
        assertThrows(IllegalArgumentException.class, () -> new Rlimit("RLIMIT_NOFILE", 10, 5));
        assertThrows(IllegalArgumentException.class, () -> new NamespaceSpec("user", java.util.Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new CapabilitySets(1, 2, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new DeviceSpec("/dev/x", 'q', 1, 1, 0666, 0, 0));
    }

    @Test
    void apparmorProfile_isOneNameTheInitCanWriteAfterExec() {
        ProcessSpec p = SpecFixtures.full().process();
        for (String bad : List.of("a b", "a\nb", "tab\tname", "nul\0")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ProcessSpec(p.args(),
                    p.env(), p.cwd(), p.user(), p.additionalGids(), p.tty(), p.openStdin(), p.stdinOnce(),
                    p.consoleHeight(), p.consoleWidth(), p.noNewPrivileges(), p.caps(), p.rlimits(), p.imageGroups(),
                    p.reportUser(), bad));
            assertTrue(e.getMessage().startsWith("invalid AppArmor profile name"), e.getMessage());
        }
        ProcessSpec named = new ProcessSpec(p.args(), p.env(), p.cwd(), p.user(), p.additionalGids(), p.tty(),
                p.openStdin(), p.stdinOnce(), p.consoleHeight(), p.consoleWidth(), p.noNewPrivileges(), p.caps(),
                p.rlimits(), p.imageGroups(), p.reportUser(), "k8s/deny-write%");
        RuntimeSpec s = SpecFixtures.full();
        String text = SpecCodec.encode(new RuntimeSpec(s.id(), s.bundleDir(), s.runDir(), s.rootfs(), named,
                s.hostname(), s.namespaces(), s.mounts(), s.devices(), s.maskedPaths(), s.readonlyPaths(),
                s.readonlyRootfs(), s.seccompBpf(), s.cgroupProcsFiles(), s.log(), s.oomScoreAdj(), s.sysctls()));
        assertTrue(text.contains("\napparmor k8s/deny-write%25\n"), text);
        assertEquals("k8s/deny-write%", SpecCodec.decode(text).process().apparmorProfile());
    }
}
