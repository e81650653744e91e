package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.container.DeviceRequest;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.ThrottleDevice;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.runtime.cgroup.CgroupHandle;
import dev.jdock.runtime.cgroup.CgroupStats;
import dev.jdock.runtime.cgroup.DeviceRules;
import dev.jdock.runtime.cgroup.Resources;
import dev.jdock.runtime.spec.DockerDefaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtraResourcesTest {
    @TempDir
    Path tmp;

    /** A container's cgroup directories with the given interface files present (empty), recording device rules. */
    private static final class FakeHandle implements CgroupHandle {
        final List<Path> dirs;
        List<String> deviceRules;

        FakeHandle(List<Path> dirs) {
            this.dirs = dirs;
        }

        @Override
        public String containerId() {
            return "c1";
        }

        @Override
        public List<Path> paths() {
            return dirs;
        }

        @Override
        public List<Path> procsFiles() {
            return List.of();
        }

        @Override
        public void addProcess(int pid) {
        }

        @Override
        public void update(Resources resources) {
        }

        @Override
        public void freeze() {
        }

        @Override
        public void thaw() {
        }

        @Override
        public List<Integer> pids() {
            return List.of();
        }

        @Override
        public CgroupStats stats() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setDeviceRules(boolean allowAll, List<String> allow) {
            deviceRules = allowAll ? null : new ArrayList<>(allow);
        }

        @Override
        public void destroy() {
        }
    }

    private Path dir(String name, String... files) throws IOException {
        Path d = Files.createDirectories(tmp.resolve(name));
        for (String f : files) {
            Files.writeString(d.resolve(f), "");
        }
        return d;
    }

    @Test
    void validate_mobysMessages() {
        EngineException e = assertThrows(EngineException.class, () -> ExtraResources.validate(
                HostConfig.builder().memorySwappiness(101L).build(), tmp));
        assertEquals("Invalid value: 101, valid memory swappiness range is 0-100", e.getMessage());
        e = assertThrows(EngineException.class, () -> ExtraResources.validate(
                HostConfig.builder().cpuRealtimeRuntime(1000).build(), tmp));
        assertEquals("Your kernel does not support CPU real-time scheduler", e.getMessage());
        e = assertThrows(EngineException.class, () -> ExtraResources.validate(
                HostConfig.builder().storageOpt(Map.of("size", "1G")).build(), tmp));
        assertEquals("--storage-opt is supported only for overlay over xfs with 'pquota' mount option",
                e.getMessage());
        assertEquals(ErrorKind.SYSTEM, e.kind());
        ExtraResources.validate(HostConfig.builder().memorySwappiness(-1L).usernsMode("host").build(), tmp);
    }

    @Test
    void validate_cgroupParent_acceptedUnlessHostile() {
        for (String ok : List.of("/jdtest-parent", "mygroup", "a/b", "x.slice", "/")) {
            ExtraResources.validate(HostConfig.builder().cgroupParent(ok).build(), tmp);
        }
        for (String bad : List.of("/../../etc", "a/..", "x\0y", "/" + "a".repeat(1024))) {
            EngineException e = assertThrows(EngineException.class, () -> ExtraResources.validate(
                    HostConfig.builder().cgroupParent(bad).build(), tmp));
            assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
            assertTrue(e.getMessage().startsWith("invalid cgroup parent \""), e.getMessage());
        }
    }

    @Test
    void validate_realtime_runtimeAbovePeriod() throws IOException {
        dir("cpu,cpuacct", "cpu.rt_runtime_us");
        ExtraResources.validate(HostConfig.builder().cpuRealtimeRuntime(1000).build(), tmp);
        EngineException e = assertThrows(EngineException.class, () -> ExtraResources.validate(
                HostConfig.builder().cpuRealtimePeriod(1000).cpuRealtimeRuntime(2000).build(), tmp));
        assertEquals("cpu real-time runtime cannot be higher than cpu real-time period", e.getMessage());
    }

    @Test
    void deviceCgroupRules_checkedAtStart_andAppliedAfterTheDefaults() {
        HostConfig hc = HostConfig.builder().deviceCgroupRules(List.of("c 42:* rmw", "b 8:16 r")).build();
        ExtraResources.checkSpec(hc);
        FakeHandle h = new FakeHandle(List.of());
        DeviceAccess.applyCgroup(h, hc);
        assertEquals(DeviceRules.withDefaults(List.of("c 42:* rmw", "b 8:16 r")), h.deviceRules);
        EngineException e = assertThrows(EngineException.class, () -> ExtraResources.checkSpec(
                HostConfig.builder().deviceCgroupRules(List.of("x 1:3 rwm")).build()));
        assertEquals("invalid device cgroup rule format: 'x 1:3 rwm'", e.getMessage());
    }

    @Test
    void deviceRequests_noDriver_isMobysError() {
        EngineException e = assertThrows(EngineException.class, () -> ExtraResources.checkSpec(HostConfig.builder()
                .deviceRequests(List.of(new DeviceRequest("", -1, null, List.of(List.of("gpu", "utility")), null)))
                .build()));
        assertEquals("could not select device driver \"\" with capabilities: [[gpu utility]]", e.getMessage());
    }

    @Test
    void apply_v1Files() throws IOException {
        Path mem = dir("memory", "memory.swappiness");
        Path blkio = dir("blkio", "blkio.throttle.read_bps_device", "blkio.throttle.write_iops_device");
        Path cpu = dir("cpu", "cpu.rt_period_us", "cpu.rt_runtime_us");
        HostConfig hc = HostConfig.builder().memorySwappiness(33L).cpuRealtimePeriod(1000000)
                .cpuRealtimeRuntime(950000)
                .blkioDeviceReadBps(List.of(new ThrottleDevice("/dev/null", 1048576)))
                .blkioDeviceWriteIOps(List.of(new ThrottleDevice("/dev/null", 100))).build();
        ExtraResources.apply(new FakeHandle(List.of(mem, blkio, cpu)), hc);
        assertEquals("33", Files.readString(mem.resolve("memory.swappiness")));
        assertEquals("1:3 1048576", Files.readString(blkio.resolve("blkio.throttle.read_bps_device")));
        assertEquals("1:3 100", Files.readString(blkio.resolve("blkio.throttle.write_iops_device")));
        assertEquals("1000000", Files.readString(cpu.resolve("cpu.rt_period_us")));
        assertEquals("950000", Files.readString(cpu.resolve("cpu.rt_runtime_us")));
    }

    @Test
    void apply_v2IoMax_andMissingControllerFailsTheStart() throws IOException {
        Path unified = dir("unified", "io.max");
        ExtraResources.apply(new FakeHandle(List.of(unified)), HostConfig.builder()
                .blkioDeviceWriteBps(List.of(new ThrottleDevice("/dev/null", 4096))).build());
        assertEquals("1:3 wbps=4096", Files.readString(unified.resolve("io.max")));
        Path bare = dir("bare");
        EngineException e = assertThrows(EngineException.class, () -> ExtraResources.apply(
                new FakeHandle(List.of(bare)), HostConfig.builder().cpuRealtimeRuntime(1000).build()));
        assertTrue(e.getMessage().contains("cpu.rt_runtime_us"), e.getMessage());
        e = assertThrows(EngineException.class, () -> ExtraResources.apply(new FakeHandle(List.of(unified)),
                HostConfig.builder().blkioDeviceReadBps(List.of(new ThrottleDevice("/no/such", 1))).build()));
        assertEquals("stat /no/such: no such file or directory", e.getMessage());
    }

    @Test
    void systemPaths_defaultsRecorded_unconfinedEmpty_privilegedNone() {
        HostConfig d = ExtraResources.withSystemPaths(HostConfig.builder().build());
        assertEquals(DockerDefaults.MASKED_PATHS, d.maskedPaths());
        assertEquals(DockerDefaults.READONLY_PATHS, d.readonlyPaths());
        HostConfig u = ExtraResources.withSystemPaths(HostConfig.builder()
                .securityOpt(List.of("systempaths=unconfined")).build());
        assertEquals(List.of(), ExtraResources.maskedPaths(u));
        HostConfig own = ExtraResources.withSystemPaths(HostConfig.builder().maskedPaths(List.of("/proc/x")).build());
        assertEquals(List.of("/proc/x"), ExtraResources.maskedPaths(own));
        HostConfig p = ExtraResources.withSystemPaths(HostConfig.builder().privileged(true).build());
        assertEquals(List.of(), ExtraResources.maskedPaths(p));
        assertEquals(List.of(), ExtraResources.readonlyPaths(p));
    }

    @Test
    void discardUnsupported_warnsAsMoby_keepsWhatTheHostTakes() throws IOException {
        HostConfig hc = HostConfig.builder().memorySwappiness(10L)
                .blkioDeviceReadBps(List.of(new ThrottleDevice("/dev/null", 1)))
                .blkioWeightDevice(List.of(new dev.jdock.api.types.container.WeightDevice("/dev/null", 300))).build();
        dir("blkio", "blkio.throttle.read_bps_device");
        ExtraResources.Adapted a = ExtraResources.discardUnsupported(hc, tmp);
        assertEquals(List.of("Your kernel does not support memory swappiness capabilities or the cgroup is not "
                + "mounted. Memory swappiness discarded.", "Your kernel does not support Block I/O weight_device or "
                + "the cgroup is not mounted. Weight-device discarded."), a.warnings());
        assertEquals(null, a.hostConfig().memorySwappiness());
        assertEquals(List.of(), a.hostConfig().blkioWeightDevice());
        assertEquals(1, a.hostConfig().blkioDeviceReadBps().size(), "the v1 throttle file exists");
        Path v2 = Files.createDirectories(tmp.resolve("v2"));
        Files.writeString(v2.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
        a = ExtraResources.discardUnsupported(hc.toBuilder().memorySwappiness(null).build(), v2);
        assertEquals(List.of(), a.warnings(), "v2 io takes the device limits");
    }

    /** moby discards an unsupported weight before its range check: 5 is then a warning, not a 400. */
    @Test
    void discardUnsupported_aBlkioWeightWithoutItsFile_isDiscardedWhateverItsValue() throws IOException {
        dir("blkio", "blkio.throttle.read_bps_device");
        HostConfig hc = HostConfig.builder().blkioWeight(5).build();
        ExtraResources.Adapted a = ExtraResources.discardUnsupported(hc, tmp);
        assertEquals(List.of("Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight "
                + "discarded."), a.warnings());
        assertEquals(0, a.hostConfig().blkioWeight());
        dir("blkio", "blkio.weight");
        assertEquals(List.of(), ExtraResources.discardUnsupported(hc, tmp).warnings(), "v1 blkio.weight takes it");
        Path v2 = Files.createDirectories(tmp.resolve("v2"));
        Files.writeString(v2.resolve("cgroup.controllers"), "cpu io memory\n");
        assertEquals(5, ExtraResources.discardUnsupported(hc, v2).hostConfig().blkioWeight(), "v2 io takes it");
    }
}
