package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which process a signal to a container may reach: one in a cgroup named by the container's ID. */
class NativeRuntimeBackendTest {
    private static final String ID = "a".repeat(64);
    private static final String OTHER = "b".repeat(64);

    @Test
    void aProcessInTheContainersCgroups_isTheContainers() {
        assertTrue(NativeRuntimeBackend.namesContainer("0::/jdock/" + ID + "\n", ID), "v2, cgroupfs driver");
        assertTrue(NativeRuntimeBackend.namesContainer("0::/system.slice/jdock-" + ID + ".scope\n", ID), "systemd");
        assertTrue(NativeRuntimeBackend.namesContainer("12:pids:/jdock/" + ID + "\n11:cpu,cpuacct:/jdock/" + ID
                + "\n1:name=systemd:/\n0::/\n", ID), "v1 and hybrid");
        assertTrue(NativeRuntimeBackend.namesContainer("0::/kubepods/pod1/" + ID + "/init\n", ID),
                "a cgroup the container made below its own");
    }

    @Test
    void anyOtherProcess_isNot() {
        assertFalse(NativeRuntimeBackend.namesContainer("0::/user.slice/session-1.scope\n", ID), "a host process");
        assertFalse(NativeRuntimeBackend.namesContainer("0::/jdock/" + OTHER + "\n", ID), "another container");
        assertFalse(NativeRuntimeBackend.namesContainer("0::/jdock/" + ID + "x\n", ID), "a name that only starts so");
        assertFalse(NativeRuntimeBackend.namesContainer("0::/" + ID.substring(1) + "\n", ID));
        assertFalse(NativeRuntimeBackend.namesContainer("", ID), "gone");
        assertFalse(NativeRuntimeBackend.inCgroupOf(ID, (int) ProcessHandle.current().pid()), "this JVM");
        assertFalse(NativeRuntimeBackend.inCgroupOf(ID, Integer.MAX_VALUE), "no such process");
    }
}
