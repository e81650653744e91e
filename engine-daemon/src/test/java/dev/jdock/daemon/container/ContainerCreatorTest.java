package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerCreatorTest {
    private final ContainerConfig image = ContainerConfig.builder()
            .env(List.of("PATH=/usr/bin:/bin", "A=image"))
            .cmd(List.of("nginx", "-g", "daemon off;"))
            .entrypoint(List.of("/docker-entrypoint.sh"))
            .workingDir("/srv")
            .labels(Map.of("from", "image"))
            .stopSignal("SIGQUIT")
            .build();

    @Test
    void merge_emptyRequest_takesImageDefaults() {
        ContainerConfig m = ContainerCreator.merge(ContainerConfig.builder().build(), image);
        assertEquals(List.of("nginx", "-g", "daemon off;"), m.cmd());
        assertEquals(List.of("/docker-entrypoint.sh"), m.entrypoint());
        assertEquals("/srv", m.workingDir());
        assertEquals("SIGQUIT", m.stopSignal());
    }

    @Test
    void merge_requestCmd_replacesImageCmdButKeepsEntrypoint() {
        ContainerConfig m = ContainerCreator.merge(ContainerConfig.builder().cmd(List.of("sh")).build(), image);
        assertEquals(List.of("sh"), m.cmd());
        assertEquals(List.of("/docker-entrypoint.sh"), m.entrypoint());
    }

    @Test
    void merge_requestEntrypoint_dropsImageCmd() {
        ContainerConfig m = ContainerCreator.merge(
                ContainerConfig.builder().entrypoint(List.of("/bin/sh")).build(), image);
        assertEquals(List.of("/bin/sh"), m.entrypoint());
        assertNull(m.cmd());
    }

    @Test
    void merge_env_requestOverridesByKey() {
        ContainerConfig m = ContainerCreator.merge(ContainerConfig.builder().env(List.of("A=req", "B=2")).build(),
                image);
        assertEquals(List.of("A=req", "B=2", "PATH=/usr/bin:/bin"), m.env());
    }

    @Test
    void merge_env_bareKeyKeptAsGiven_andHidesTheImagesValue() {
        ContainerConfig m = ContainerCreator.merge(ContainerConfig.builder().env(List.of("Foo", "A")).build(),
                image);
        assertEquals(List.of("Foo", "A", "PATH=/usr/bin:/bin"), m.env());
    }

    @Test
    void merge_env_barePath_unsetsIt_noDefaultAdded() {
        ContainerConfig m = ContainerCreator.merge(ContainerConfig.builder().env(List.of("PATH")).build(),
                ContainerConfig.builder().build());
        assertEquals(List.of("PATH"), m.env());
    }

    @Test
    void merge_env_emptyKey_refused() {
        EngineException e = assertThrows(EngineException.class, () -> ContainerCreator.merge(
                ContainerConfig.builder().env(List.of("=x")).build(), image));
        assertEquals("invalid environment variable: =x", e.getMessage());
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
    }

    @Test
    void merge_noImagePath_addsDefaultPath() {
        ContainerConfig m = ContainerCreator.merge(ContainerConfig.builder().env(List.of("X=1")).build(),
                ContainerConfig.builder().build());
        assertEquals("PATH=" + ContainerCreator.DEFAULT_PATH, m.env().get(0));
    }

    @Test
    void merge_labels_requestWins() {
        ContainerConfig m = ContainerCreator.merge(
                ContainerConfig.builder().labels(Map.of("from", "req", "x", "1")).build(), image);
        assertEquals(Map.of("from", "req", "x", "1"), m.labels());
    }

    /** moby's merge: an empty Volumes or ExposedPorts takes the image's (null: none); Labels is always a map. */
    @Test
    void merge_emptyMaps_takeTheImages_labelsNeverNull() {
        ContainerConfig req = ContainerConfig.builder().volumes(Map.of()).exposedPorts(Map.of()).build();
        ContainerConfig m = ContainerCreator.merge(req, ContainerConfig.builder().build());
        assertNull(m.volumes());
        assertNull(m.exposedPorts());
        assertEquals(Map.of(), m.labels());
        ContainerConfig img = ContainerConfig.builder().volumes(Map.of("/anon", Map.of()))
                .exposedPorts(Map.of("80/tcp", Map.of())).build();
        m = ContainerCreator.merge(req, img);
        assertEquals(Map.of("/anon", Map.of()), m.volumes());
        assertEquals(Map.of("80/tcp", Map.of()), m.exposedPorts());
        m = ContainerCreator.merge(ContainerConfig.builder().volumes(Map.of("/v", Map.of())).build(), img);
        assertEquals(Map.of("/anon", Map.of(), "/v", Map.of()), m.volumes());
    }

    @Test
    void defaultHostname_hostNetwork_isTheHostsName() {
        String id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        assertEquals("myhost", ContainerCreator.defaultHostname(id,
                dev.jdock.api.types.container.HostConfig.builder().networkMode("host").build(), () -> "myhost"));
        assertEquals("0123456789ab", ContainerCreator.defaultHostname(id,
                dev.jdock.api.types.container.HostConfig.builder().networkMode("bridge").build(), () -> "myhost"));
    }

    /** moby's adaptSharedNamespaceContainer: container:<name> is recorded with the container's ID when it exists. */
    @Test
    void withSharedNamespaceIds_namesBecomeIds_unknownOnesStay() {
        Container donor = new Container(new ContainerRecord("d".repeat(64), "donor", "2024-01-01T00:00:00Z", "sh",
                List.of(), "img", dev.jdock.api.types.container.ContainerConfig.builder().build(),
                HostConfig.builder().build()), ContainerRunState.created(), java.nio.file.Path.of("/nonexistent"));
        java.util.function.Function<String, java.util.Optional<Container>> find = ref ->
                ref.equals("donor") ? java.util.Optional.of(donor) : java.util.Optional.empty();
        HostConfig hc = ContainerCreator.withSharedNamespaceIds(HostConfig.builder().pidMode("container:donor")
                .ipcMode("container:nosuch").networkMode("container:donor").build(), find);
        assertEquals("container:" + donor.id(), hc.pidMode());
        assertEquals("container:nosuch", hc.ipcMode(), "a missing one is left for the start to refuse");
        assertEquals("container:" + donor.id(), hc.networkMode());
        HostConfig plain = HostConfig.builder().pidMode("host").networkMode("bridge").build();
        assertEquals(plain, ContainerCreator.withSharedNamespaceIds(plain, find));
    }

    @Test
    void withInspectDefaults_consoleSizeOomKillDisableCgroupns_asMobysHostConfig() {
        HostConfig d = ContainerCreator.withInspectDefaults(HostConfig.builder().build());
        assertEquals(List.of(0, 0), d.consoleSize());
        assertEquals(Boolean.FALSE, d.oomKillDisable());
        assertEquals("private", d.cgroupnsMode(), "the mode the container gets, jdockd's default");
        HostConfig given = HostConfig.builder().consoleSize(List.of(24, 80)).oomKillDisable(true).cgroupnsMode("host")
                .build();
        assertEquals(given, ContainerCreator.withInspectDefaults(given));
    }

    @Test
    void checkSize_aConfigOrHostConfigPastTheBound_isRefused_atTheBoundItIsNot() {
        java.util.Map<String, String> labels = new java.util.HashMap<>();
        for (int i = 0; i < 16_000; i++) {
            labels.put("l" + i, "");
        }
        ContainerConfig merged = ContainerCreator.merge(ContainerConfig.builder().labels(labels).build(),
                ContainerConfig.builder().env(java.util.Collections.nCopies(384, "A=1")).build());
        HostConfig hc = HostConfig.builder().build();
        EngineException e = assertThrows(EngineException.class, () -> ContainerCreator.checkSize(merged, hc));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        // the image's 384 and the default PATH: one past the bound
        assertEquals("invalid container config: its Config (labels, env, ports, volumes, commands) has 16385 entries"
                + " of " + dev.jdock.daemon.store.ConfigSize.of(merged).chars() + " characters, more than 16384 or"
                + " 1048576", e.getMessage());
        ContainerCreator.checkSize(merged.toBuilder().cmd(null).env(java.util.Collections.nCopies(384, "A=1"))
                .build(), hc);

        EngineException big = assertThrows(EngineException.class, () -> ContainerCreator.checkSize(
                ContainerConfig.builder().workingDir("/" + "w".repeat(1 << 20)).build(), hc));
        assertTrue(big.getMessage().contains("has 0 entries of 1048577 characters"), big.getMessage());

        EngineException hosts = assertThrows(EngineException.class, () -> ContainerCreator.checkSize(
                ContainerConfig.builder().build(), hc.toBuilder().extraHosts(java.util.Collections.nCopies(16_385,
                        "h:10.0.0.1")).build()));
        assertTrue(hosts.getMessage().startsWith("invalid container config: its HostConfig (binds, mounts, devices,"
                + " hosts, DNS, options) has 16385 entries of "), hosts.getMessage());
    }
}
