package dev.jdock.runtime.process;

import dev.jdock.runtime.syscall.Errno;
import dev.jdock.runtime.syscall.LinuxSyscalls;
import dev.jdock.runtime.syscall.SyscallException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code jdock-monitor} (for a container or an exec) and reads its one-line report:
 * {@code OK <pid> <monitor-pid>} from the short-lived parent once the detached monitor holds the process, or
 * {@code ERR <errno> <message>}.
 */
final class MonitorProcess {
    private static final int MAX_REPORT = 4096;
    private static final long EXIT_WAIT_SECONDS = 30;
    private static final int SIGKILL = 9;

    /**
     * How long a report may take. A report comes within milliseconds (the monitor reports once the process exists,
     * before its rootfs is made); one that did not come within {@code quiet} is given more time, {@code step} at a
     * time, as long as the monitor's processes progress (CPU time spent since the last look, or one of them running
     * or in an uninterruptible wait: a start slowed by load or by a slow disk), up to {@code max}. A monitor blocked
     * for good (an open of a FIFO, a frozen cgroup, v1's whose tasks show 'D' too) spends nothing: it is killed after
     * {@code quiet}. The kubelet
     * gives a CRI call 2 minutes (--runtime-request-timeout), which is {@code quiet}.
     */
    record ReportDeadline(Duration quiet, Duration step, Duration max) {
        static final ReportDeadline DEFAULT =
                new ReportDeadline(Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(10));
    }

    private MonitorProcess() {
    }

    /**
     * @param runDir where the monitor writes {@code monitor.pid} and its attach socket
     * @param exitDir where it writes the {@code exit} file
     */
    static MonitorHandle spawn(Path binary, List<String> args, String id, Path runDir, Path exitDir) {
        return spawn(binary, args, id, runDir, exitDir, ReportDeadline.DEFAULT);
    }

    static MonitorHandle spawn(Path binary, List<String> args, String id, Path runDir, Path exitDir,
            ReportDeadline deadline) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.addAll(args);
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            String report = awaitReport(p, id, deadline);
            // the short-lived parent exits right after relaying the report: the JDK's reaper collects it, so a
            // start does not wait for that exit (about a millisecond); without a report, its exit says why
            if (report.isEmpty() && !p.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new RuntimeLaunchException(0, "jdock-monitor gave no report and did not exit");
            }
            if (report.isEmpty()) {
                throw new RuntimeLaunchException(0, "jdock-monitor exited with status " + p.exitValue()
                        + " without a report");
            }
            return parseReport(id, runDir, exitDir, report);
        } catch (IOException e) {
            throw new RuntimeLaunchException("launch jdock-monitor for " + id, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeLaunchException("interrupted while launching " + id, e);
        }
    }

    /**
     * The C helpers' messages name the operation and the path ({@code write `/run/.../monitor.pid.tmp`}); the errno's
     * text is appended as Go's errors word it ({@code : no space left on device}) unless the message has it.
     */
    static String withErrnoText(String message, int errno) {
        if (errno <= 0) {
            return message;
        }
        String text = Errno.describe(errno);
        if (text.startsWith("Unknown error")
                || message.toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT))) {
            return message;
        }
        return message + ": " + text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
    }

    /** {@code OK <process pid> <monitor pid>} or {@code ERR <errno> <message>}. */
    static MonitorHandle parseReport(String id, Path runDir, Path exitDir, String report) {
        if (report.startsWith("OK ")) {
            String[] f = report.substring(3).trim().split(" ");
            try {
                if (f.length == 2) {
                    return MonitorHandle.of(id, Integer.parseInt(f[0]), Integer.parseInt(f[1]), runDir, exitDir);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        if (report.startsWith("ERR ")) {
            String[] f = report.split(" ", 3);
            int errno;
            try {
                errno = Integer.parseInt(f.length > 1 ? f[1] : "");
            } catch (NumberFormatException e) {
                errno = 0;
            }
            throw new RuntimeLaunchException(errno,
                    withErrnoText(f.length > 2 ? f[2] : "jdock-monitor failed", errno));
        }
        throw new RuntimeLaunchException(0, "unexpected jdock-monitor output: " + report);
    }

    /**
     * The report line, read on the caller's thread while a watch on the shared deadline thread looks at the monitor
     * when the deadline comes (no thread per launch); on expiry the watch kills the monitor's processes, which ends
     * the read (the pipe's last writer is gone), and the launch fails.
     */
    private static String awaitReport(Process p, String id, ReportDeadline deadline) throws IOException {
        Watch w = new Watch(p, id, deadline);
        String report;
        try {
            w.arm(w.quiet - w.step); // the first look: the CPU time the next step is measured against
            report = readLine(p.getInputStream());
        } finally {
            w.disarm();
        }
        if (w.expired != null) { // killed: whatever the read got is not a report to act on
            throw new RuntimeLaunchException(0, w.expired);
        }
        return report;
    }

    static final ScheduledThreadPoolExecutor DEADLINES = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "monitor-report-deadline");
        t.setDaemon(true);
        return t;
    });

    static {
        // a report comes in milliseconds and its watch is cancelled: removed at once, not kept (with its Process)
        // until its first look was due (110 s with the default deadline), which held every launch of that time
        DEADLINES.setRemoveOnCancelPolicy(true);
    }

    /** The deadline of one report: looks at the monitor's processes when it comes, then each step they progress. */
    private static final class Watch implements Runnable {
        private final Process p;
        private final String id;
        private final ReportDeadline deadline;
        private final long start = System.nanoTime();
        private final long quiet;
        private final long step;
        private long cpu = -1;
        private boolean done;
        private ScheduledFuture<?> next;
        private volatile String expired;

        Watch(Process p, String id, ReportDeadline deadline) {
            this.p = p;
            this.id = id;
            this.deadline = deadline;
            this.quiet = deadline.quiet().toNanos();
            this.step = Math.min(deadline.step().toNanos(), quiet);
        }

        synchronized void arm(long delayNanos) {
            if (!done) {
                next = DEADLINES.schedule(this, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
            }
        }

        /** The report came (or the read ended): no look after this one, and none kills once this returned. */
        synchronized void disarm() {
            done = true;
            if (next != null) {
                next.cancel(false);
            }
        }

        @Override
        public synchronized void run() {
            if (done) {
                return;
            }
            long elapsed = System.nanoTime() - start;
            List<ProcessHandle> tree = tree(p);
            long now = cpuTicks(tree);
            boolean progress = cpu >= 0 && (now > cpu || tree.stream().anyMatch(h -> waits(h.pid())));
            if (cpu < 0 || elapsed < quiet || (progress && elapsed < deadline.max().toNanos())) {
                cpu = now;
                arm(step); // progress is judged over a whole step (the bounds may be passed by up to one)
                return;
            }
            if ((!p.isAlive() || MonitorStop.exited((int) p.pid())) && elapsed < deadline.max().toNanos()) {
                arm(step); // the parent is done: its line, or the end of its output, is on the way to the reader
                return;
            }
            String where = blockedIn(tree);
            expired = "jdock-monitor for " + id + " gave no report within "
                    + Duration.ofNanos(elapsed).toSeconds() + " s"
                    + (where.isEmpty() ? "" : " (blocked in " + where + ")") + ": killed";
            done = true;
            kill(p);
        }
    }

    /**
     * Running, or in an uninterruptible wait (a slow disk) that is not the v1 freezer's: a task a frozen v1 cgroup
     * holds shows 'D' too, in {@code __refrigerator} or frozen in place in its sleep, and never moves on by itself
     * (v2's frozen tasks sleep, 'S').
     */
    private static boolean waits(long pid) {
        char state = MonitorStop.state(pid);
        return state == 'R' || state == 'D' && !frozenV1(pid, FREEZER_V1);
    }

    static final Path FREEZER_V1 = Path.of("/sys/fs/cgroup/freezer");

    /** The process's v1 freezer cgroup (under {@code freezerRoot}) is not THAWED. */
    static boolean frozenV1(long pid, Path freezerRoot) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"))) {
                int a = line.indexOf(':');
                int b = line.indexOf(':', a + 1);
                if (a < 0 || b < 0 || !List.of(line.substring(a + 1, b).split(",")).contains("freezer")) {
                    continue;
                }
                Path state = freezerRoot.resolve(line.substring(b + 1).replaceFirst("^/+", ""))
                        .resolve("freezer.state");
                return !Files.readString(state).trim().equals("THAWED");
            }
        } catch (IOException | RuntimeException e) {
            // gone, or no v1 freezer here
        }
        return false;
    }

    /** The short-lived parent and its descendants: the monitor (a child until the report) and what it cloned. */
    private static List<ProcessHandle> tree(Process p) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(p.toHandle());
        p.toHandle().descendants().forEach(all::add);
        return all;
    }

    /** utime + stime of the processes, in clock ticks. */
    private static long cpuTicks(List<ProcessHandle> tree) {
        long sum = 0;
        for (ProcessHandle h : tree) {
            String[] f = statFields(h.pid());
            if (f.length > 13) {
                try {
                    sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (NumberFormatException e) {
                    // gone meanwhile
                }
            }
        }
        return sum;
    }

    /** The fields of /proc/PID/stat after the command's closing parenthesis (state first), or none. */
    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return new String[0];
        }
    }

    /** Where the deepest process of the tree waits (its wchan: {@code fifo_open}, {@code __refrigerator}...). */
    private static String blockedIn(List<ProcessHandle> tree) {
        for (int i = tree.size() - 1; i >= 0; i--) {
            try {
                String w = Files.readString(Path.of("/proc/" + tree.get(i).pid() + "/wchan")).trim();
                if (!w.isEmpty() && !w.equals("0")) {
                    return w;
                }
            } catch (IOException | RuntimeException e) {
                // gone, or not shown
            }
        }
        return "";
    }

    /**
     * Kills the monitor's process group (it called setsid: its pid is the group's, and the container or exec process
     * it cloned is in it unless it made a session of its own), the rest of the tree, then the short-lived parent,
     * and reaps that. ProcessHandle checks each pid's start time: a reused pid is never signalled. What escaped (a
     * process that left the group) is in the container's cgroups, which the caller's cleanup empties.
     */
    private static void kill(Process p) {
        List<ProcessHandle> children = p.toHandle().children().toList();
        for (ProcessHandle c : children) {
            if (c.isAlive() && pgid(c.pid()) == c.pid()) {
                try {
                    new LinuxSyscalls().kill((int) -c.pid(), SIGKILL);
                } catch (SyscallException | LinkageError e) {
                    // gone, or no libc: the handles below
                }
            }
        }
        p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long pgid(long pid) {
        String[] f = statFields(pid);
        try {
            return f.length > 3 ? Long.parseLong(f[2]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n' && line.size() < MAX_REPORT) {
            line.write(c);
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
