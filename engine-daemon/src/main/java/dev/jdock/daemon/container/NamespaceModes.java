package dev.jdock.daemon.container;

import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.spec.NamespaceSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * The pid, ipc, uts and cgroup namespaces for HostConfig's {@code PidMode}, {@code IpcMode}, {@code UTSMode} and
 * {@code CgroupnsMode}: a new one (default), the host's (no entry: the monitor's namespace is shared) or another
 * container's ({@code container:<name|id>}, joined through {@code /proc/<pid>/ns/<type>}). The other entries of the
 * base list (mnt, net) are kept as they are.
 */
final class NamespaceModes {
    /** Finds a running container's pid by name or ID (empty when unknown or not running). */
    interface Pids extends Function<String, OptionalInt> {
    }

    private NamespaceModes() {
    }

    /** Create-time check of the mode strings, with moby's messages. */
    static void validate(HostConfig hc) {
        String ipc = orEmpty(hc.ipcMode());
        if (!List.of("", "none", "private", "shareable", "host").contains(ipc) && !isContainer(ipc)) {
            throw EngineException.invalid("invalid IPC mode: " + ipc);
        }
        String pid = orEmpty(hc.pidMode());
        if (!List.of("", "private", "host").contains(pid) && !isContainer(pid)) {
            throw EngineException.invalid("invalid PID mode: " + pid);
        }
        String uts = orEmpty(hc.utsMode());
        if (!List.of("", "host").contains(uts)) {
            throw EngineException.invalid("invalid UTS mode: " + uts);
        }
        String cg = orEmpty(hc.cgroupnsMode());
        if (!List.of("", "host", "private").contains(cg)) {
            throw EngineException.invalid("invalid cgroup namespace mode: " + cg);
        }
        if (!uts.isEmpty() && hc.networkMode() != null && hc.networkMode().startsWith("container:")) {
            throw EngineException.invalid("conflicting options: hostname and the network mode");
        }
    }

    static List<NamespaceSpec> apply(List<NamespaceSpec> base, HostConfig hc, Pids pids) {
        List<NamespaceSpec> out = new ArrayList<>();
        for (NamespaceSpec ns : base) {
            String mode = switch (ns.type()) {
                case "pid" -> orEmpty(hc.pidMode());
                case "ipc" -> orEmpty(hc.ipcMode());
                case "uts" -> orEmpty(hc.utsMode());
                case "cgroup" -> orEmpty(hc.cgroupnsMode());
                default -> null;
            };
            if (mode == null) {
                out.add(ns);
            } else if (mode.equals("host")) {
                continue;
            } else if (isContainer(mode)) {
                out.add(NamespaceSpec.join(ns.type(), donorNs(mode, ns.type(), pids)));
            } else {
                out.add(NamespaceSpec.create(ns.type()));
            }
        }
        return out;
    }

    /** {@code /proc/<pid>/ns/<type>} of the container named in {@code container:<ref>}; 409 if it is not running. */
    static Path donorNs(String mode, String type, Pids pids) {
        String ref = mode.substring("container:".length());
        OptionalInt pid;
        try {
            pid = pids.apply(ref);
        } catch (EngineException e) {
            if (type.equals("ipc") && e.kind() == dev.jdock.daemon.errors.ErrorKind.CONFLICT) {
                // moby's setupIPCDirs wraps getIPCContainer's refusal
                throw EngineException.conflict("can't join IPC of container " + ref + ": " + e.getMessage());
            }
            throw e;
        }
        if (pid.isEmpty()) {
            throw EngineException.conflict("cannot join " + type.toUpperCase(java.util.Locale.ROOT)
                    + " of a non running container: " + ref);
        }
        return Path.of("/proc", Integer.toString(pid.getAsInt()), "ns", type);
    }

    static boolean isContainer(String mode) {
        return mode.startsWith("container:") && mode.length() > "container:".length();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
