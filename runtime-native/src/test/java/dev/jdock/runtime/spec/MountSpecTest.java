package dev.jdock.runtime.spec;

import static dev.jdock.runtime.spec.MsFlags.MS_PRIVATE;
import static dev.jdock.runtime.spec.MsFlags.MS_REC;
import static dev.jdock.runtime.spec.MsFlags.MS_SHARED;
import static dev.jdock.runtime.spec.MsFlags.MS_SLAVE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class MountSpecTest {

    @Test
    void recursiveReadOnly_needsLinux5_12() {
        org.junit.jupiter.api.Assertions.assertTrue(MsFlags.kernelAtLeast("6.18.44-fc-v1300", 5, 12));
        org.junit.jupiter.api.Assertions.assertTrue(MsFlags.kernelAtLeast("5.12.0", 5, 12));
        org.junit.jupiter.api.Assertions.assertFalse(MsFlags.kernelAtLeast("5.11.22-amd64", 5, 12));
        org.junit.jupiter.api.Assertions.assertFalse(MsFlags.kernelAtLeast("4.19.0", 5, 12));
        org.junit.jupiter.api.Assertions.assertFalse(MsFlags.kernelAtLeast("", 5, 12));
        org.junit.jupiter.api.Assertions.assertEquals(1L << 40, MsFlags.JD_RECURSIVE_RDONLY,
                "the bit the init knows (spec.h JD_MOUNT_RECURSIVE_RDONLY)");
    }

    @Test
    void propagation_mapsDockersModes_withRecursionForTheRForms() {
        assertEquals(MS_SHARED, MsFlags.propagation("shared"));
        assertEquals(MS_SHARED | MS_REC, MsFlags.propagation("rshared"));
        assertEquals(MS_SLAVE, MsFlags.propagation("slave"));
        assertEquals(MS_SLAVE | MS_REC, MsFlags.propagation("rslave"));
        assertEquals(MS_PRIVATE, MsFlags.propagation("private"));
        assertEquals(MS_PRIVATE | MS_REC, MsFlags.propagation("rprivate"));
        assertEquals(MS_PRIVATE | MS_REC, MsFlags.propagation(""), "Docker's default");
        assertThrows(IllegalArgumentException.class, () -> MsFlags.propagation("rbind"));
    }

    @Test
    void propagation_carriesOneModeAtMost() {
        assertThrows(IllegalArgumentException.class, () -> new MountSpec("/a", "/a", "bind", MsFlags.MS_BIND, "", false,
                MS_SHARED | MS_SLAVE));
        assertThrows(IllegalArgumentException.class, () -> new MountSpec("/a", "/a", "bind", MsFlags.MS_BIND, "", false,
                MsFlags.MS_RDONLY));
        assertThrows(IllegalArgumentException.class, () -> new MountSpec("/a", "/a", "bind", MsFlags.MS_BIND, "", false,
                MS_REC));
        assertEquals(MS_PRIVATE | MS_REC, MountSpec.bind("/a", "/a", false, false).propagation(), "binds are rprivate");
        assertEquals(0, new MountSpec("proc", "/proc", "proc", 0, "", false).propagation());
    }

    @Test
    void propagation_survivesTheSpecFile() {
        RuntimeSpec base = SpecFixtures.full();
        List<MountSpec> mounts = List.of(MountSpec.bind("/src", "/dst", true, false).withPropagation(MS_SLAVE | MS_REC),
                new MountSpec("proc", "/proc", "proc", 14, "", false));
        RuntimeSpec s = new RuntimeSpec(base.id(), base.bundleDir(), base.runDir(), base.rootfs(), base.process(),
                base.hostname(), base.namespaces(), mounts, base.devices(), base.maskedPaths(), base.readonlyPaths(),
                base.readonlyRootfs(), base.seccompBpf(), base.cgroupProcsFiles(), base.log(), base.oomScoreAdj(),
                base.sysctls());
        String text = SpecCodec.encode(s);
        assertEquals(true, text.contains("\nmount /src /dst bind 20481 - dir " + (MS_SLAVE | MS_REC) + "\n"), text);
        assertEquals(true, text.contains("\nmount proc /proc proc 14 - dir\n"), text);
        assertEquals(s, SpecCodec.decode(text));
    }

    /** An image mount: layers top first joined by ':', read-only, the subpath as its data; the init's type name. */
    @Test
    void image_carriesItsLayersAndSubpath_andRoundTripsThroughTheSpec() {
        MountSpec m = MountSpec.image(List.of(java.nio.file.Path.of("/d/l/A"), java.nio.file.Path.of("/d/l/B")),
                "/img", "usr/bin");
        assertEquals("/d/l/A:/d/l/B", m.source());
        assertEquals("jdock-image", m.type(), "spec.h JD_IMAGE_MOUNT_TYPE");
        assertEquals(MsFlags.MS_RDONLY, m.flags());
        assertEquals("usr/bin", m.data());
        org.junit.jupiter.api.Assertions.assertTrue(m.isImage());
        assertThrows(IllegalArgumentException.class, () -> MountSpec.image(List.of(), "/img", ""));
        assertThrows(IllegalArgumentException.class,
                () -> MountSpec.image(List.of(java.nio.file.Path.of("rel")), "/img", ""));
        assertThrows(IllegalArgumentException.class,
                () -> MountSpec.image(List.of(java.nio.file.Path.of("/a:b")), "/img", ""));
        assertThrows(IllegalArgumentException.class,
                () -> MountSpec.image(List.of(java.nio.file.Path.of("/a")), "/img", "../x"));
        assertThrows(IllegalArgumentException.class,
                () -> MountSpec.image(List.of(java.nio.file.Path.of("/a")), "/img", "/etc"));
    }

    /** A volume's subpath: the volume's directory as the source, the subpath as data; read-only only when asked. */
    @Test
    void subpath_carriesTheVolumeAndItsSubpath_andRoundTripsThroughTheSpec() {
        MountSpec m = MountSpec.subpath("/var/lib/jdock/volumes/v/_data", "/x", "a/b", false);
        assertEquals("/var/lib/jdock/volumes/v/_data", m.source());
        assertEquals("jdock-subpath", m.type(), "spec.h JD_SUBPATH_MOUNT_TYPE");
        assertEquals(0, m.flags());
        assertEquals("a/b", m.data());
        assertEquals(MsFlags.MS_RDONLY, MountSpec.subpath("/v", "/x", "f", true).flags());
        RuntimeSpec base = SpecFixtures.full();
        RuntimeSpec s = new RuntimeSpec(base.id(), base.bundleDir(), base.runDir(), base.rootfs(), base.process(),
                base.hostname(), base.namespaces(), List.of(m), base.devices(), base.maskedPaths(),
                base.readonlyPaths(), base.readonlyRootfs(), base.seccompBpf(), base.cgroupProcsFiles(), base.log(),
                base.oomScoreAdj(), base.sysctls());
        assertEquals(s, SpecCodec.decode(SpecCodec.encode(s)));
        assertThrows(IllegalArgumentException.class, () -> MountSpec.subpath("/v", "/x", "", false));
        assertThrows(IllegalArgumentException.class, () -> MountSpec.subpath("/v", "/x", "../x", false));
        assertThrows(IllegalArgumentException.class, () -> MountSpec.subpath("/v", "/x", "/etc", false));
        assertThrows(IllegalArgumentException.class, () -> MountSpec.subpath("v", "/x", "a", false));
    }
}
