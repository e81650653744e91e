package dev.jdock.daemon.container;

import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.spec.NamespaceSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The pid, ipc, uts and cgroup namespaces for HostConfig's {@code PidMode}, {@code IpcMode}, {@code UTSMode} and
 * {@code CgroupnsMode}: a new one (default), the host's (no entry: the monitor's namespace is shared) or another
 * container's ({@code container:<name|id>}, joined through the daemon's descriptor of its namespace:
 * {@link JoinedNamespaces}). The other entries of the base list (mnt, net) are kept as they are.
 */
final class NamespaceModes {
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

    /**
     * moby's generateSecurityOpt, run at create (adaptContainerSettings): the IPC then the PID donor is looked up, so a
     * {@code container:<x>} naming no container is a 400 {@code No such container: x} there, not at start; skipped
     * (as moby) with a {@code label=} security option, a host IPC or PID mode, or privileged. The network donor is
     * not: moby looks it up at start only.
     */
    static void checkDonorsExist(HostConfig hc, Function<String, Optional<Container>> containers) {
        if (hc.securityOpt() != null && hc.securityOpt().stream().anyMatch(o -> o.split("=", -1)[0].equals("label"))
                || "host".equals(hc.ipcMode()) || "host".equals(hc.pidMode())
                || hc.privileged()) {
            return;
        }
        for (String mode : new String[] {orEmpty(hc.ipcMode()), orEmpty(hc.pidMode())}) {
            if (isContainer(mode)) {
                String ref = mode.substring("container:".length());
                if (containers.apply(ref).isEmpty()) {
                    throw EngineException.invalid("No such container: " + ref);
                }
            }
        }
    }

    /**
     * {@code base} with the modes of {@code hc}; a {@code container:<x>} mode opens x's namespace into
     * {@code joined}, which the caller holds until the start is decided.
     */
    static List<NamespaceSpec> apply(List<NamespaceSpec> base, HostConfig hc,
            Function<String, Optional<Container>> containers, JoinedNamespaces joined) {
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
                out.add(NamespaceSpec.join(ns.type(), donorNs(mode, ns.type(), containers, joined)));
            } else {
                out.add(NamespaceSpec.create(ns.type()));
            }
        }
        return out;
    }

    /**
     * The namespace of type {@code type} of the container named in {@code container:<ref>}, opened into
     * {@code joined} after the check that its process is still its own; 400 if there is no such container, 409 if
     * it is not running (or its process has gone since).
     */
    static Path donorNs(String mode, String type, Function<String, Optional<Container>> containers,
            JoinedNamespaces joined) {
        String ref = mode.substring("container:".length());
        Container donor = runningDonor(containers, ref, type);
        return joined.open(donor, type, () -> notRunning(ref, donor, type));
    }

    /**
     * moby's getPIDContainer and getIPCContainer: the container named {@code ref}, running; a missing one is a 400,
     * one not running a 409 ({@link #notRunning}).
     */
    static Container runningDonor(Function<String, Optional<Container>> containers, String ref, String type) {
        Container donor = containers.apply(ref).orElseThrow(() -> EngineException.invalid(
                "No such container: " + ref));
        if (!donor.isRunning()) {
            throw notRunning(ref, donor, type);
        }
        return donor;
    }

    /**
     * moby's refusal of a donor that does not run, naming its ID; for IPC wrapped as its setupIPCDirs does
     * ({@code can't join IPC of container <ref>: ...}). The one wording of both the namespace join and /dev/shm.
     */
    static EngineException notRunning(String ref, Container donor, String type) {
        String why = "container " + donor.id() + " is not running";
        return EngineException.conflict(type.equals("ipc") ? "can't join IPC of container " + ref + ": " + why
                : why);
    }

    static boolean isContainer(String mode) {
        return mode.startsWith("container:") && mode.length() > "container:".length();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
