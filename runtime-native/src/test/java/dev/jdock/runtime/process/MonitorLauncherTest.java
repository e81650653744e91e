package dev.jdock.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.runtime.spec.SpecFixtures;
import org.junit.jupiter.api.Test;

class MonitorLauncherTest {

    @Test
    void parseReport_err_carriesErrnoAndMessage() {
        RuntimeLaunchException e = assertThrows(RuntimeLaunchException.class,
                () -> MonitorLauncher.parseReport(SpecFixtures.full(), "ERR 2 open `/x/cgroup.procs`: gone"));
        assertEquals(2, e.errno());
        assertEquals("open `/x/cgroup.procs`: gone: no such file or directory", e.getMessage());
    }

    @Test
    void parseReport_err_namesTheErrnoAsGoDoes() {
        RuntimeLaunchException e = assertThrows(RuntimeLaunchException.class,
                () -> MonitorLauncher.parseReport(SpecFixtures.full(), "ERR 28 write `/run/j/monitor.pid.tmp`"));
        assertEquals("write `/run/j/monitor.pid.tmp`: no space left on device", e.getMessage());
        e = assertThrows(RuntimeLaunchException.class,
                () -> MonitorLauncher.parseReport(SpecFixtures.full(), "ERR 24 pipe: Too many open files"));
        assertEquals("pipe: Too many open files", e.getMessage(), "said once");
    }

    @Test
    void parseReport_garbage_isALaunchFailure() {
        RuntimeLaunchException e = assertThrows(RuntimeLaunchException.class,
                () -> MonitorLauncher.parseReport(SpecFixtures.full(), "Segmentation fault"));
        assertEquals(0, e.errno());
    }

    @Test
    void parseReport_ok_carriesBothPids() {
        MonitorHandle h = MonitorLauncher.parseReport(SpecFixtures.full(), "OK 1234 1230");
        assertEquals(1234, h.containerPid());
        assertEquals(1230, h.monitorPid());
        assertEquals(SpecFixtures.full().runDir().resolve("attach.sock"), h.attachSocket());
    }

    @Test
    void parseReport_okWithoutTheMonitorPid_isALaunchFailure() {
        assertThrows(RuntimeLaunchException.class, () -> MonitorLauncher.parseReport(SpecFixtures.full(), "OK 1234"));
        assertThrows(RuntimeLaunchException.class,
                () -> MonitorLauncher.parseReport(SpecFixtures.full(), "OK 12x 5"));
    }
}
