package dev.jdock.runtime.process;

import dev.jdock.runtime.syscall.Errno;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code jdock-monitor} (for a container or an exec) and reads its one-line report:
 * {@code OK <pid> <monitor-pid>} from the short-lived parent once the detached monitor holds the process, or
 * {@code ERR <errno> <message>}.
 */
final class MonitorProcess {
    private static final int MAX_REPORT = 4096;
    private static final long EXIT_WAIT_SECONDS = 30;

    private MonitorProcess() {
    }

    /**
     * @param runDir where the monitor writes {@code monitor.pid} and its attach socket
     * @param exitDir where it writes the {@code exit} file
     */
    static MonitorHandle spawn(Path binary, List<String> args, String id, Path runDir, Path exitDir) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.addAll(args);
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            String report = readLine(p.getInputStream());
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

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n' && line.size() < MAX_REPORT) {
            line.write(c);
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
