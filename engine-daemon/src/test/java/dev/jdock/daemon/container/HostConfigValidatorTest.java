package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.api.types.container.DeviceMapping;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Create-time refusals of values that would otherwise fail only at start, as a 500 from the runtime layer. */
class HostConfigValidatorTest {
    private final HostConfigValidator validator = new HostConfigValidator();

    @Test
    void validate_systemdDriver_cgroupParentMustBeASlice_asDockerd() {
        HostConfigValidator systemd = new HostConfigValidator("systemd");
        for (String bad : List.of("/mygroup", "foo", "a/b.slice")) {
            EngineException e = assertThrows(EngineException.class,
                    () -> systemd.validate(HostConfig.builder().cgroupParent(bad).build()), bad);
            assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        }
        assertEquals("cgroup-parent for systemd cgroup should be a valid slice named as \"xxx.slice\"",
                assertThrows(EngineException.class, () -> systemd.validate(HostConfig.builder()
                        .cgroupParent("/mygroup").build())).getMessage());
        systemd.validate(HostConfig.builder().cgroupParent("my-app.slice").build());
        systemd.validate(HostConfig.builder().build());
        validator.validate(HostConfig.builder().cgroupParent("/mygroup").build()); // cgroupfs: a path
    }

    @Test
    void validate_consoleSizeNoTerminalHas_isInvalidParameter() {
        assertInvalid("json: cannot unmarshal number -1 into Go struct field HostConfig.HostConfig.ConsoleSize of "
                + "type uint", HostConfig.builder().consoleSize(List.of(-1, 5)).build());
        assertInvalid("console size out of range: 65536 (at most 65535)",
                HostConfig.builder().consoleSize(List.of(24, 65536)).build());
        validator.validate(HostConfig.builder().consoleSize(List.of(0, 65535)).build());
    }

    /** OomScoreAdj is a Go int (64 bits): a value past 32 bits reaches moby's range check, as it reaches dockerd's. */
    @Test
    void validate_oomScoreAdjOutOfRange_inMobysWords_evenPast32Bits() {
        for (long bad : List.of(1001L, -1001L, 3_000_000_000L, 4_294_967_296L + 5)) {
            assertInvalid("Invalid value " + bad + ", range for oom score adj is [-1000, 1000]",
                    HostConfig.builder().oomScoreAdj(bad).build());
        }
    }

    @Test
    void validate_deviceCgroupPermissionsOutsideRwm_isInvalidParameter() {
        assertInvalid("invalid device mode: xyz", HostConfig.builder()
                .devices(List.of(new DeviceMapping("/dev/null", "/dev/x", "xyz"))).build());
        assertInvalid("invalid device mode: rwx", HostConfig.builder()
                .devices(List.of(new DeviceMapping("/dev/null", "/dev/x", "rwx"))).build());
        for (String ok : new String[] {"", "r", "rw", "mwr"}) {
            validator.validate(HostConfig.builder().devices(List.of(new DeviceMapping("/dev/null", "/dev/x", ok)))
                    .build());
        }
    }

    @Test
    void validate_isolationOtherThanDefault_isInvalidParameter_asMobyOnLinux() {
        assertInvalid("Invalid isolation: \"hyperv\" - linux only supports 'default'",
                HostConfig.builder().isolation("hyperv").build());
        assertInvalid("Invalid isolation: \"process\" - linux only supports 'default'",
                HostConfig.builder().isolation("process").build());
        for (String ok : new String[] {"", "default", "Default"}) {
            validator.validate(HostConfig.builder().isolation(ok).build());
        }
    }

    private void assertInvalid(String message, HostConfig hc) {
        EngineException e = assertThrows(EngineException.class, () -> validator.validate(hc));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertEquals(message, e.getMessage());
    }
}
