package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.runtime.cgroup.CgroupParent;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a pid's /proc directory is asked before anything under it is opened for a container. */
class ContainerProcessesTest {
    private static final String ID = "c0ffee".repeat(10) + "c0ff";
    private static final String OTHER = "beef".repeat(16);

    @TempDir
    Path proc;

    private Path process(int pid, String cgroups) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Integer.toString(pid)).resolve("ns"));
        Files.writeString(dir.resolve("net"), "the namespace");
        Files.writeString(dir.getParent().resolve("cgroup"), cgroups);
        return dir.getParent();
    }

    @Test
    void opensTheEntry_onlyForAProcessInTheContainersCgroup() throws IOException {
        process(100, "12:pids:/jdock/" + ID + "\n0::/\n");
        process(200, "12:pids:/jdock/" + OTHER + "\n0::/\n");
        process(300, "12:pids:/jdock/" + ID + "/child\n");
        Optional<Fd> its = ContainerProcesses.open(proc, 100, ID, CgroupParent.DEFAULT, "ns/net", Fs.O_RDONLY);
        assertTrue(its.isPresent(), "the container's own cgroup");
        its.get().close();
        assertTrue(ContainerProcesses.open(proc, 200, ID, CgroupParent.DEFAULT, "ns/net", Fs.O_RDONLY).isEmpty(),
                "another container's process under the pid");
        Optional<Fd> below = ContainerProcesses.open(proc, 300, ID, CgroupParent.DEFAULT, "ns/net", Fs.O_RDONLY);
        assertTrue(below.isPresent(), "a cgroup the container made below its own");
        below.get().close();
        assertEquals(Optional.empty(), ContainerProcesses.open(proc, 400, ID, CgroupParent.DEFAULT, "ns/net",
                Fs.O_RDONLY), "no such process");
        assertEquals(Optional.empty(), ContainerProcesses.open(proc, 0, ID, CgroupParent.DEFAULT, "ns/net",
                Fs.O_RDONLY), "no pid");
        assertTrue(ContainerProcesses.open(Path.of("/proc"), (int) ProcessHandle.current().pid(), ID,
                CgroupParent.DEFAULT, "ns/net", Fs.O_RDONLY).isEmpty(), "this JVM is no container's");
    }

    @Test
    void aHeldProcess_isOpenedOnlyWhileItIsItsMonitorsChild() throws IOException {
        Files.writeString(process(100, "0::/\n").resolve("stat"), "100 (jdock/init) S 99 100 100 0 -1 4194560\n");
        Files.writeString(process(200, "0::/\n").resolve("stat"), "200 (x) S 1) S 98 200 200 0 -1 4194560\n");
        Optional<Fd> held = ContainerProcesses.openChild(proc, 100, 99, "ns/net", Fs.O_RDONLY);
        assertTrue(held.isPresent(), "the monitor's child");
        assertEquals("the namespace", Files.readString(Path.of(held.get().procPath())));
        held.get().close();
        assertTrue(ContainerProcesses.openChild(proc, 100, 98, "ns/net", Fs.O_RDONLY).isEmpty(),
                "a process that took the pid: another parent's");
        assertTrue(ContainerProcesses.openChild(proc, 200, 1, "ns/net", Fs.O_RDONLY).isEmpty(),
                "a name with ') ' does not make its parent 1");
        Optional<Fd> named = ContainerProcesses.openChild(proc, 200, 98, "ns/net", Fs.O_RDONLY);
        assertTrue(named.isPresent(), "its parent read after the name's last ')'");
        named.get().close();
        assertTrue(ContainerProcesses.openChild(proc, 300, 99, "ns/net", Fs.O_RDONLY).isEmpty(), "no such process");
    }
}
