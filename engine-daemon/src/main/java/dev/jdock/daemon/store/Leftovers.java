package dev.jdock.daemon.store;

import dev.jdock.daemon.store.FileTrees;
import dev.jdock.runtime.monitor.ExitStatus;
import dev.jdock.runtime.monitor.MonitorConnection;
import dev.jdock.runtime.monitor.MonitorState;
import dev.jdock.runtime.process.MonitorStop;
import dev.jdock.runtime.syscall.MountFlags;
import dev.jdock.runtime.syscall.SyscallException;
import dev.jdock.runtime.syscall.Syscalls;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a killed jdockd left in its data and exec roots, removed when the next one starts (before anything else
 * runs, under the data root's lock): commit spools ({@code <exec-root>/commit-*.tar}), temporary mounts of stopped
 * containers ({@code <exec-root>/archive/*}: unmounted, then removed), the directories of execs that ran at the
 * kill ({@code <exec-root>/exec/<id>}: at once when their monitor is gone, else when it ends) and the temp files of
 * interrupted state writes ({@link AtomicFiles}' {@code .<name>.tmp-*}). Ingests and half-unpacked layers are
 * discarded by their stores when they open; removed containers' directories by the container store.
 */
public final class Leftovers {
    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);
    private static final Duration STATUS_ANSWER = Duration.ofSeconds(3);
    private static final Pattern TEMP = Pattern.compile("\\..+\\.tmp-\\d+-\\d+");
    /** The data root's directories that hold state files (never the layer trees: those are images' content). */
    private static final List<String> STATE_DIRS = List.of("", "image", "image/by-id", "image/distribution",
            "network", "network/networks", "network/containers", "network/active", "volumes");
    private static final List<String> PER_ITEM_DIRS = List.of("containers", "volumes");

    private final Path dataRoot;
    private final Path execRoot;
    private final Syscalls sys;

    public Leftovers(Path dataRoot, Path execRoot, Syscalls sys) {
        this.dataRoot = dataRoot;
        this.execRoot = execRoot;
        this.sys = sys;
    }

    /** Removes everything listed above; a failure is logged, never fatal (the daemon must start). */
    public void sweep() {
        step("commit spools", this::commitSpools);
        step("archive mounts", this::archiveMounts);
        step("exec directories", this::execDirs);
        step("state temp files", this::stateTemps);
    }

    private interface Step {
        void run() throws IOException;
    }

    private static void step(String what, Step s) {
        try {
            s.run();
        } catch (IOException | RuntimeException e) {
            LOG.warn("removing leftover {}: {}", what, e.getMessage());
        }
    }

    private void commitSpools() throws IOException {
        for (Path p : list(execRoot, "commit-*.tar")) {
            Files.deleteIfExists(p);
            LOG.info("removed the spool of an interrupted commit: {}", p);
        }
    }

    /**
     * Every mount below {@code <exec-root>/archive}: each temporary root (a direct entry of the directory, named by
     * the daemon) is detached with everything mounted below it (MNT_DETACH takes the whole tree), never by a deeper
     * path: a bind inside a stopped container's root sits on a directory of a volume that a running container may
     * share, and that container can rename the directory and put a symlink in its place between the read of
     * mountinfo and the umount, which would then follow the link to a mount of the host. Nothing is followed
     * ({@code UMOUNT_NOFOLLOW}).
     */
    private void archiveMounts() throws IOException {
        Path base = execRoot.resolve("archive");
        if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        for (String t : archiveRoots(Files.readAllLines(Path.of("/proc/self/mountinfo")),
                base.toAbsolutePath().normalize().toString())) {
            try {
                sys.umount(Path.of(t), MountFlags.MNT_DETACH | MountFlags.UMOUNT_NOFOLLOW);
                LOG.info("unmounted a temporary mount left by an interrupted archive operation: {}", t);
            } catch (SyscallException e) {
                LOG.warn("unmounting {}: {}", t, e.getMessage());
            }
        }
        for (Path p : list(base, "*")) {
            Files.deleteIfExists(p); // an empty mount point: never a recursive delete below what was a mount
        }
    }

    /**
     * The mount points of {@code mountinfo} that are direct entries of {@code base} (once per mount stacked there);
     * the mounts deeper below go with them.
     */
    static List<String> archiveRoots(List<String> mountinfo, String base) {
        String prefix = base + "/";
        List<String> targets = new ArrayList<>();
        for (String line : mountinfo) {
            String[] f = line.split(" ");
            if (f.length > 4) {
                String t = unescape(f[4]);
                if (t.startsWith(prefix) && t.length() > prefix.length() && t.indexOf('/', prefix.length()) < 0) {
                    targets.add(t);
                }
            }
        }
        return targets;
    }

    private void execDirs() throws IOException {
        for (Path dir : list(execRoot.resolve("exec"), "*")) {
            OptionalInt monitor = execMonitor(dir);
            if (monitor.isEmpty()) {
                FileTrees.deleteRecursively(dir);
            } else if (!removeWhenDone(dir)) {
                // held, never started (the daemon died between the launch and START): nobody will start it
                MonitorStop.stop(monitor.getAsInt());
                deleteQuietly(dir);
                LOG.info("stopped an exec that was launched but never started: {}", dir);
            }
        }
    }

    /** The pid of the exec's monitor if it still runs (checked against its command line: never a reused pid). */
    private static OptionalInt execMonitor(Path dir) {
        try {
            int pid = Integer.parseInt(Files.readString(dir.resolve("monitor.pid")).trim());
            String[] args = Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0");
            return args.length >= 3 && args[args.length - 1].equals(dir.resolve("spec").toString())
                    ? OptionalInt.of(pid) : OptionalInt.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * An exec still running after the kill (its instance is gone, as in dockerd): its directory goes with it. Returns
     * false, leaving the directory, when the monitor reports that it still holds a process it was never told to
     * start.
     */
    private static boolean removeWhenDone(Path dir) {
        AtomicBoolean held = new AtomicBoolean();
        MonitorConnection.Listener onEnd = new MonitorConnection.Listener() {
            @Override
            public void output(int stream, ByteBuffer data) {
            }

            @Override
            public void exited(ExitStatus status) {
            }

            @Override
            public void disconnected() {
                if (!held.get()) {
                    deleteQuietly(dir);
                }
            }
        };
        MonitorConnection conn;
        try {
            conn = MonitorConnection.connect(dir.resolve("attach.sock"), dir.resolve("exit"), onEnd);
        } catch (RuntimeException e) {
            deleteQuietly(dir); // it ended meanwhile
            return true;
        }
        try {
            if (conn.state(STATUS_ANSWER).phase() == MonitorState.Phase.CREATED) {
                held.set(true);
                conn.close();
                return false;
            }
            conn.skipOutput(); // only its end matters here
        } catch (RuntimeException e) {
            // gone meanwhile (then disconnected() ran), or a monitor that does not answer: left to end
        }
        return true;
    }

    private static void deleteQuietly(Path dir) {
        try {
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                FileTrees.deleteRecursively(dir);
            }
        } catch (IOException e) {
            LOG.warn("removing {}: {}", dir, e.getMessage());
        }
    }

    private void stateTemps() throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (String d : STATE_DIRS) {
            dirs.add(dataRoot.resolve(d));
        }
        for (String d : PER_ITEM_DIRS) {
            dirs.addAll(list(dataRoot.resolve(d), "*"));
        }
        for (Path d : dirs) {
            for (Path p : list(d, ".*.tmp-*")) {
                if (TEMP.matcher(p.getFileName().toString()).matches()
                        && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(p);
                    LOG.info("removed the temp file of an interrupted state write: {}", p);
                }
            }
        }
    }

    private static List<Path> list(Path dir, String glob) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
            ds.forEach(out::add);
        }
        return out;
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
