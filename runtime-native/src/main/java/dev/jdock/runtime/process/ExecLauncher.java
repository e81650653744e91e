package dev.jdock.runtime.process;

import dev.jdock.runtime.spec.ExecSpec;
import dev.jdock.runtime.spec.ExecSpecCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Spawns {@code jdock-monitor --exec <dir>/spec}: the helper forks a detached exec monitor, which forks the exec
 * process into the container's pid namespace and cgroups (held before joining the other namespaces until a client
 * sends START) and reports {@code OK <exec-pid>} or {@code ERR <errno> <message>}. The returned handle's
 * {@code containerPid} is the exec process's host pid; connect to it with {@link MonitorHandle#connect}.
 */
public final class ExecLauncher {

    private static final int MAX_REPORT = 4096;
    private static final long EXIT_WAIT_SECONDS = 30;

    private final Path monitorBinary;

    public ExecLauncher(Path monitorBinary) {
        this.monitorBinary = monitorBinary;
    }

    public MonitorHandle launch(ExecSpec spec) {
        try {
            Files.createDirectories(spec.dir());
            Files.deleteIfExists(spec.dir().resolve("exit"));
            Path specFile = spec.dir().resolve("spec");
            Files.write(specFile, ExecSpecCodec.encodeBytes(spec));
            Process p = new ProcessBuilder(monitorBinary.toString(), "--exec", specFile.toString())
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            String report = readLine(p.getInputStream());
            if (!p.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new RuntimeLaunchException(0, "jdock-monitor --exec did not exit after its report");
            }
            return parseReport(spec, report);
        } catch (IOException e) {
            throw new RuntimeLaunchException("launch exec monitor for " + spec.id(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeLaunchException("interrupted while launching exec " + spec.id(), e);
        }
    }

    static MonitorHandle parseReport(ExecSpec spec, String report) throws IOException {
        if (report.startsWith("OK ")) {
            int pid = Integer.parseInt(report.substring(3).trim());
            int monitorPid = Integer.parseInt(Files.readString(spec.dir().resolve("monitor.pid")).trim());
            return MonitorHandle.of(spec.id(), pid, monitorPid, spec.dir(), spec.dir());
        }
        if (report.startsWith("ERR ")) {
            String[] f = report.split(" ", 3);
            int errno;
            try {
                errno = Integer.parseInt(f.length > 1 ? f[1] : "");
            } catch (NumberFormatException e) {
                errno = 0;
            }
            throw new RuntimeLaunchException(errno, f.length > 2 ? f[2] : "jdock-monitor --exec failed");
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
