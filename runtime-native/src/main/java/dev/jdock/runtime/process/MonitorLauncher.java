package dev.jdock.runtime.process;

import dev.jdock.runtime.spec.RuntimeSpec;
import dev.jdock.runtime.spec.SpecCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Spawns {@code jdock-monitor <spec-file>}: the helper forks the long-lived monitor, which creates the container
 * process (stopped before its setup until a client sends START) and reports {@code OK <pid>} or
 * {@code ERR <errno> <message>}; the short-lived parent relays that line and exits. Call from a plain
 * host-namespace thread.
 */
public final class MonitorLauncher {

    private static final int MAX_REPORT = 4096;
    private static final long EXIT_WAIT_SECONDS = 30;

    private final Path monitorBinary;

    public MonitorLauncher(Path monitorBinary) {
        this.monitorBinary = monitorBinary;
    }

    public MonitorHandle launch(RuntimeSpec spec, Path specFile) {
        try {
            Files.createDirectories(spec.bundleDir());
            Files.createDirectories(spec.runDir());
            Files.deleteIfExists(spec.bundleDir().resolve("exit"));
            SpecCodec.write(spec, specFile);
            Process p = new ProcessBuilder(monitorBinary.toString(), specFile.toString())
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            String report = readLine(p.getInputStream());
            if (!p.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new RuntimeLaunchException(0, "jdock-monitor did not exit after its report");
            }
            return parseReport(spec, report);
        } catch (IOException e) {
            throw new RuntimeLaunchException("launch jdock-monitor for " + spec.id(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeLaunchException("interrupted while launching " + spec.id(), e);
        }
    }

    static MonitorHandle parseReport(RuntimeSpec spec, String report) throws IOException {
        if (report.startsWith("OK ")) {
            int containerPid = Integer.parseInt(report.substring(3).trim());
            int monitorPid = Integer.parseInt(Files.readString(spec.runDir().resolve("monitor.pid")).trim());
            return MonitorHandle.of(spec.id(), containerPid, monitorPid, spec.runDir(), spec.bundleDir());
        }
        if (report.startsWith("ERR ")) {
            String[] f = report.split(" ", 3);
            int errno = parseIntOr(f.length > 1 ? f[1] : "", 0);
            throw new RuntimeLaunchException(errno, f.length > 2 ? f[2] : "jdock-monitor failed");
        }
        throw new RuntimeLaunchException(0, "unexpected jdock-monitor output: " + report);
    }

    private static int parseIntOr(String s, int fallback) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return fallback;
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
