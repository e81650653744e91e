package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.archive.ChangesCalculator;
import dev.jdock.daemon.snapshot.OverlayProbe;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.FileStat;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.syscall.FileModes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** moby's init layer, made in a new container's init directory, as dockerd 20.10's export of busybox lists it. */
class InitFilesTest {
    @TempDir
    Path tmp;

    private ImageSource.Rootfs rootfs(Path... lowers) throws IOException {
        return new ImageSource.Rootfs(List.of(lowers), Files.createDirectories(tmp.resolve("upper")),
                tmp.resolve("work"), tmp.resolve("init"));
    }

    /** Each entry of the init directory: type, permissions, uid, size (and a link's target). */
    private Map<String, String> listing(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(p -> !p.equals(dir)).toList()) {
                String rel = dir.relativize(p).toString();
                try (Fd parent = Fs.open(p.getParent(), Fs.DIR)) {
                    FileStat st = Fs.stat(parent, p.getFileName().toString());
                    String kind = st.isDirectory() ? "d" : st.isSymlink() ? "l" : st.isRegular() ? "-" : "?";
                    out.put(rel, kind + Integer.toOctalString(st.permissions()) + " " + st.uid() + " "
                            + (st.isSymlink() ? Files.readSymbolicLink(p).toString() : st.size()));
                }
            }
        }
        return out;
    }

    @Test
    void write_overBusybox_isDockerds_initLayer() throws IOException {
        Path lower = Files.createDirectories(tmp.resolve("lower"));
        for (String d : List.of("dev", "etc", "proc", "sys", "root")) {
            Files.createDirectory(lower.resolve(d));
        }
        Files.writeString(lower.resolve("etc/hostname"), "busybox\n"); // replaced: moby unlinks the image's
        Files.writeString(lower.resolve("etc/hosts"), "127.0.0.1 localhost\n");
        Files.setPosixFilePermissions(lower.resolve("root"), PosixFilePermissions.fromString("rwx------"));
        ImageSource.Rootfs fs = rootfs(lower);
        InitFiles.write(fs);
        Map<String, String> want = new TreeMap<>(Map.of(
                ".dockerenv", "-755 0 0", "dev", "d755 0 " + Files.size(fs.init().resolve("dev")),
                "dev/console", "-755 0 0", "dev/pts", "d755 0 " + Files.size(fs.init().resolve("dev/pts")),
                "dev/shm", "d755 0 " + Files.size(fs.init().resolve("dev/shm")),
                "etc", "d755 0 " + Files.size(fs.init().resolve("etc")),
                "etc/hostname", "-755 0 0", "etc/hosts", "-755 0 0", "etc/resolv.conf", "-755 0 0",
                "etc/mtab", "l777 0 /proc/mounts"));
        assertEquals(want, listing(fs.init()), "no proc/ or sys/: the image has them");
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(fs.init())));
        assertEquals(List.of(), changes(fs.upper(), fs), "nothing in the upper directory, nothing changed");
    }

    @Test
    void write_overScratch_addsProcAndSys_andTheParentsAre0755Roots() throws IOException {
        Path lower = Files.createDirectories(tmp.resolve("lower"));
        Files.writeString(lower.resolve("app"), "x");
        ImageSource.Rootfs fs = rootfs(lower);
        InitFiles.write(fs);
        Map<String, String> got = listing(fs.init());
        assertEquals(List.of(".dockerenv", "dev", "dev/console", "dev/pts", "dev/shm", "etc", "etc/hostname",
                "etc/hosts", "etc/mtab", "etc/resolv.conf", "proc", "sys"), new ArrayList<>(got.keySet()));
        assertTrue(got.get("proc").startsWith("d755 0 "), got.get("proc"));
        assertTrue(got.get("etc").startsWith("d755 0 "), got.get("etc"));
    }

    @Test
    void write_keepsTheImagesDirectories_andItsEtcsModeAndOwner() throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Files.createDirectories(a.resolve("etc/hosts")); // a directory: moby's unlink fails, it stays
        Files.createDirectories(a.resolve("dev/pts"));
        Files.createDirectories(a.resolve(".dockerenv"));
        Files.setPosixFilePermissions(a.resolve("etc"), PosixFilePermissions.fromString("rwxrwx---"));
        Files.setAttribute(a.resolve("etc"), "unix:uid", 1234, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(a.resolve("etc"), "unix:gid", 99, LinkOption.NOFOLLOW_LINKS);
        Path b = Files.createDirectories(tmp.resolve("b"));
        Files.createDirectories(b.resolve("proc"));
        Files.createDirectories(b.resolve("sys"));
        ImageSource.Rootfs fs = rootfs(a, b); // a merged over b
        InitFiles.write(fs);
        Map<String, String> got = listing(fs.init());
        assertFalse(got.containsKey("etc/hosts"));
        assertFalse(got.containsKey("dev/pts"));
        assertFalse(got.containsKey(".dockerenv"));
        assertFalse(got.containsKey("proc"), "found in the lower layer");
        assertTrue(got.containsKey("dev/shm") && got.containsKey("etc/hostname"), got.toString());
        assertTrue(got.get("etc").startsWith("d770 1234 "), got.get("etc"));
        try (Fd init = Fs.open(fs.init(), Fs.DIR)) {
            assertEquals(99, Fs.stat(init, "etc").gid());
        }
    }

    @Test
    void write_aWhiteoutOrAnOpaqueDirectoryAboveHidesALowerDirectory() throws IOException {
        Path w = Files.createDirectories(tmp.resolve("w"));
        Files.createDirectories(w.resolve("dev"));
        try (Fd d = Fs.open(w, Fs.DIR); Fd dev = Fs.open(w.resolve("dev"), Fs.DIR)) {
            Fs.mknodat(d, "proc", FileModes.S_IFCHR | 0600, 0); // overlay's whiteout
            Fs.setxattr(dev, "trusted.overlay.opaque", "y".getBytes());
        }
        Path lower = Files.createDirectories(tmp.resolve("lower"));
        Files.createDirectories(lower.resolve("proc"));
        Files.createDirectories(lower.resolve("dev/pts"));
        ImageSource.Rootfs fs = rootfs(w, lower);
        InitFiles.write(fs);
        Map<String, String> got = listing(fs.init());
        assertTrue(got.containsKey("proc"), "the whiteout hides the lower /proc: " + got);
        assertTrue(got.containsKey("dev/pts"), "the opaque /dev hides the lower /dev/pts: " + got);
    }

    @Test
    void write_withoutAnInitDirectory_makesNothing() throws IOException {
        Path lower = Files.createDirectories(tmp.resolve("lower"));
        ImageSource.Rootfs fs = new ImageSource.Rootfs(List.of(lower), Files.createDirectories(tmp.resolve("upper")),
                tmp.resolve("work"));
        InitFiles.write(fs);
        try (Stream<Path> l = Files.list(tmp)) {
            assertEquals(List.of("lower", "upper"), l.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    private static List<String> changes(Path upper, ImageSource.Rootfs fs) {
        List<Path> lowers = new ArrayList<>(List.of(fs.init()));
        lowers.addAll(fs.lowerTopFirst());
        return new ChangesCalculator(OverlayProbe.kernel()).changes(upper, lowers).stream()
                .map(c -> c.kind() + " " + c.path()).toList();
    }
}
