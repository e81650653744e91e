package dev.jdock.daemon.cri.cni;

import static dev.jdock.daemon.cri.cni.FakeProcessExec.fail;
import static dev.jdock.daemon.cri.cni.FakeProcessExec.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.runtime.syscall.MountFlags;
import dev.jdock.runtime.syscall.RecordingSyscalls;
import dev.jdock.runtime.syscall.RecordingSyscalls.UmountCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pod netns holder with a fake unshare and recorded syscalls: what runs, what is cleaned up on failure. */
class PodNetnsTest {
    @TempDir
    Path tmp;
    private static final long TMPFS = 0x01021994L;
    private final RecordingSyscalls sys = new RecordingSyscalls();

    private PodNetns netns(FakeProcessExec exec) {
        return new PodNetns(tmp.resolve("netns"), Path.of("/usr/bin/unshare"), exec, sys);
    }

    @Test
    void create_runsUnshareOnAFreshFile_andChecksSomethingWasMounted() {
        Path p = tmp.resolve("netns/pod1");
        FakeProcessExec exec = new FakeProcessExec(r -> {
            assertTrue(Files.isRegularFile(p), "the mount point exists before unshare runs");
            sys.setFsType(p, PodNetns.NSFS_MAGIC);
            return ok("");
        });
        assertEquals(p, netns(exec).create("pod1"));
        assertEquals(List.of("/usr/bin/unshare", "--net=" + p, "true"), exec.runs.get(0).argv());
        assertTrue(netns(exec).exists("pod1"));
    }

    @Test
    void adopt_keepsAnInfrasNetns_neverTheDaemonsOwn() throws IOException {
        Path own = Files.createFile(tmp.resolve("own-netns"));
        sys.setFsType(tmp.resolve("netns/pod1"), PodNetns.NSFS_MAGIC).setFsType(tmp.resolve("netns/pod2"),
                PodNetns.NSFS_MAGIC);
        PodNetns n = new PodNetns(tmp.resolve("netns"), Path.of("/usr/bin/unshare"), new FakeProcessExec(r -> ok("")),
                sys, own);
        assertEquals(tmp.resolve("netns/pod1"), n.adopt("pod1", 42));
        // the fake mount leaves the file itself: a netns that is "the daemon's" when own is that file
        PodNetns hostOnly = new PodNetns(tmp.resolve("netns"), Path.of("/usr/bin/unshare"),
                new FakeProcessExec(r -> ok("")), sys, tmp.resolve("netns/pod2"));
        CniException e = assertThrows(CniException.class, () -> hostOnly.adopt("pod2", 43));
        assertEquals("keeping the network namespace of 43: it is the host's", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("netns/pod2")), "released");
    }

    @Test
    void create_whenUnshareFails_leavesNoFile() {
        sys.setFsType(tmp.resolve("netns/pod1"), TMPFS).setFsType(tmp.resolve("netns/pod2"), TMPFS);
        FakeProcessExec exec = new FakeProcessExec(r -> fail(1, "", "unshare: Operation not permitted"));
        CniException e = assertThrows(CniException.class, () -> netns(exec).create("pod1"));
        assertEquals("creating network namespace " + tmp.resolve("netns/pod1") + ": unshare exited 1: unshare:"
                + " Operation not permitted", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("netns/pod1")));
        CniException none = assertThrows(CniException.class, () -> netns(new FakeProcessExec(r -> ok("")))
                .create("pod2"));
        assertTrue(none.getMessage().endsWith(": nothing was mounted on it"), none.getMessage());
        assertFalse(Files.exists(tmp.resolve("netns/pod2")));
    }

    @Test
    void create_refusesAnExistingPath_andIdsThatAreNotNames() throws IOException {
        Files.createDirectories(tmp.resolve("netns"));
        Files.createFile(tmp.resolve("netns/pod1"));
        FakeProcessExec exec = new FakeProcessExec(r -> ok(""));
        assertThrows(CniException.class, () -> netns(exec).create("pod1"));
        assertThrows(CniException.class, () -> netns(exec).create("../pod1"));
        assertTrue(exec.runs.isEmpty());
    }

    @Test
    void remove_unmountsLazily_andUnlinks_andIsANoOpWhenGone() throws IOException {
        Path p = Files.createFile(Files.createDirectories(tmp.resolve("netns")).resolve("pod1"));
        sys.setFsType(p, PodNetns.NSFS_MAGIC);
        PodNetns n = netns(new FakeProcessExec(r -> ok("")));
        n.remove("pod1");
        assertEquals(List.of(new UmountCall(p, MountFlags.MNT_DETACH)), sys.calls(UmountCall.class));
        assertFalse(Files.exists(p));
        sys.setFsType(p, TMPFS);
        n.remove("pod1");
        assertEquals(1, sys.calls(UmountCall.class).size(), "nothing mounted: nothing unmounted");
    }
}
