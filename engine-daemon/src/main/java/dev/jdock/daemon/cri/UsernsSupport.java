package dev.jdock.daemon.cri;

import dev.jdock.daemon.errors.EngineException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this host runs pods in user namespaces ({@code RuntimeHandlerFeatures.user_namespaces}, the kubelet's gate
 * for {@code hostUsers: false}), found by doing it, as containerd and runc probe it: an idmapped mount
 * ({@code open_tree(OPEN_TREE_CLONE)} + {@code mount_setattr(MOUNT_ATTR_IDMAP)} to a throwaway user namespace) of the
 * data root (the layers) and of the exec root (the sandbox's files, the pod's /dev/shm), and an overlay taking the
 * idmapped data root as a lower layer with {@code fsconfig("lowerdir+")} (Linux 6.8); nothing is attached anywhere
 * ({@code jdock-monitor --probe-userns}). Probed once, at the first Status or RunPodSandbox that asks, and the answer
 * kept; a "no" is logged once with its reason, which RunPodSandbox of a pod in its own user namespace answers
 * ({@code FAILED_PRECONDITION}). A volume on a file system without idmapped mounts still fails its container's start
 * with the kernel's error naming it.
 */
public final class UsernsSupport {
    private static final Logger LOG = LoggerFactory.getLogger(UsernsSupport.class);
    /** the probe's output is one line; a larger one is not the probe's */
    private static final int MAX_OUTPUT = 4096;
    private static final long PROBE_SECONDS = 10;

    /** The answer: supported, or why not. */
    public record Answer(boolean supported, String reason) {
    }

    /** Runs the probe over {@code roots}: {@code null} when it passed, else why not. */
    @FunctionalInterface
    public interface Probe {
        String run(List<Path> roots);
    }

    private final Probe probe;
    private final List<Path> roots;
    private Answer answer;

    public UsernsSupport(Probe probe, Path... roots) {
        this.probe = probe;
        this.roots = List.of(roots);
    }

    /** A fixed answer, never probed (tests, and where no probe can run). */
    public static UsernsSupport fixed(boolean supported, String reason) {
        return new UsernsSupport(roots -> supported ? null : reason);
    }

    /** The answer, probed at the first call (concurrent first callers wait for the one probe). */
    public synchronized Answer answer() {
        if (answer == null) {
            String why;
            try {
                why = probe.run(roots);
            } catch (RuntimeException e) {
                why = "the probe failed: " + e.getMessage();
            }
            answer = new Answer(why == null, why == null ? "" : why);
            if (answer.supported()) {
                LOG.info("user namespaces for pods: supported (idmapped mounts on {})", roots);
            } else {
                LOG.warn("user namespaces for pods: not supported: {}", why);
            }
        }
        return answer;
    }

    /** Refuses ({@code FAILED_PRECONDITION}) a pod in its own user namespace on a host that cannot run it. */
    public void require() {
        Answer a = answer();
        if (!a.supported()) {
            throw EngineException.conflict("user namespaces are not supported on this node: " + a.reason());
        }
    }

    /** The probe by {@code jdock-monitor --probe-userns ROOT...}, printing {@code OK} or {@code ERR <errno> <text>}. */
    public static Probe monitorProbe(Path monitor) {
        return roots -> {
            List<String> cmd = new ArrayList<>(List.of(monitor.toString(), "--probe-userns"));
            roots.forEach(r -> cmd.add(r.toString()));
            Process p = null;
            try {
                p = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                // one short line: it fits the pipe, the process ends without a reader
                if (!p.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                    return monitor + " --probe-userns did not end within " + PROBE_SECONDS + " s";
                }
                return parse(read(p.getInputStream()));
            } catch (IOException e) {
                return "cannot run " + monitor + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            } finally {
                if (p != null) {
                    p.destroyForcibly();
                }
            }
        };
    }

    /** {@code null} for {@code OK}, the message of {@code ERR <errno> <message>}, else the output itself. */
    static String parse(String out) {
        String line = out.strip();
        if (line.equals("OK")) {
            return null;
        }
        if (line.startsWith("ERR ")) {
            int sp = line.indexOf(' ', 4);
            return sp < 0 ? line : line.substring(sp + 1);
        }
        return "unexpected answer of the probe: " + (line.isEmpty() ? "(nothing)" : line);
    }

    private static String read(InputStream in) throws IOException {
        byte[] b = in.readNBytes(MAX_OUTPUT);
        return new String(b, StandardCharsets.UTF_8);
    }
}
