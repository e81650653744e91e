package dev.jdock.daemon.container;

import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.spec.NamespaceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A namespaced sysctl is written only into a namespace that is not the host's, decided by the namespace actually
 * joined, as runc's validator: {@code net.*} needs a network namespace, the IPC ones ({@code kernel.msg*},
 * {@code kernel.sem}, {@code kernel.shm*}, {@code fs.mqueue.*}) an IPC namespace, {@code kernel.domainname} a UTS
 * namespace. A namespace is the host's when the container keeps it ({@code host} mode) or when the one it joins
 * ({@code container:<c>}, whatever c's own mode) is the daemon's or pid 1's, compared by nsfs inode. Checked at
 * create (through the named container, or its live namespace when it runs) and again at start on the launch spec,
 * since the container joined may have changed in between. The container init checks once more on the namespace it
 * actually opened (the process named may have exited and its pid gone to a host process after this check).
 */
final class SysctlNamespaces {
    /** Whether a namespace file ({@code /proc/<pid>/ns/<type>}) is the host's. */
    interface HostNamespaces {
        boolean isHost(String type, Path ns) throws IOException;
    }

    /**
     * The kernel's answer: the same nsfs device and inode as the daemon's own {@code /proc/self/ns/<type>} or, when
     * it may be read (not in every sandbox), pid 1's.
     */
    static final HostNamespaces PROC = (type, ns) -> {
        Object id = nsId(ns);
        if (id.equals(nsId(Path.of("/proc/self/ns", type)))) {
            return true;
        }
        try {
            return id.equals(nsId(Path.of("/proc/1/ns", type)));
        } catch (IOException e) {
            return false;
        }
    };

    /** How many {@code container:} hops are followed at create before giving up (a loop cannot be created). */
    private static final int MAX_HOPS = 16;

    private SysctlNamespaces() {
    }

    /** The namespace type a sysctl lives in: net, ipc or uts (names are checked by {@link SysctlPolicy}). */
    static String typeOf(String sysctl) {
        if (sysctl.startsWith("net.")) {
            return "net";
        }
        return sysctl.equals("kernel.domainname") || sysctl.equals("kernel.hostname") ? "uts" : "ipc";
    }

    /** Start: the launch spec's namespaces (no entry: the host's; a join path: whatever it is now). */
    static void checkLaunch(Map<String, String> sysctls, List<NamespaceSpec> namespaces, HostNamespaces host) {
        for (String k : sysctls.keySet()) {
            String type = typeOf(k);
            Optional<NamespaceSpec> ns = namespaces.stream().filter(n -> n.type().equals(type)).findFirst();
            if (ns.isEmpty()) {
                throw refused(k, type);
            }
            if (ns.get().joinPath().isPresent()) {
                checkJoined(k, type, ns.get().joinPath().get(), host);
            }
        }
    }

    /**
     * Create: follows {@code container:<ref>} modes through the store; a running container is judged by its live
     * namespace. An unknown container is left to the network and namespace checks that report it.
     */
    static void checkCreate(HostConfig hc, Function<String, Optional<Container>> containers, HostNamespaces host) {
        Map<String, String> sysctls = hc.sysctls();
        if (sysctls == null) {
            return;
        }
        for (String k : sysctls.keySet()) {
            String type = typeOf(k);
            String mode = modeOf(hc, type);
            for (int hop = 0; hop < MAX_HOPS && mode.startsWith("container:"); hop++) {
                Optional<Container> c = containers.apply(mode.substring("container:".length()));
                if (c.isEmpty()) {
                    break;
                }
                if (c.get().isRunning() && c.get().state().pid() > 0) {
                    checkJoined(k, type, Path.of("/proc", Integer.toString(c.get().state().pid()), "ns", type),
                            host);
                    break;
                }
                mode = modeOf(c.get().record().hostConfig(), type);
            }
            if (mode.equals("host")) {
                throw refused(k, type);
            }
        }
    }

    private static void checkJoined(String sysctl, String type, Path ns, HostNamespaces host) {
        boolean isHost;
        try {
            isHost = host.isHost(type, ns);
        } catch (IOException e) {
            throw EngineException.invalid("invalid " + type + "ns path: " + ns + ": " + e.getMessage());
        }
        if (isHost) {
            throw refused(sysctl, type);
        }
    }

    private static String modeOf(HostConfig hc, String type) {
        String mode = hc == null ? null : switch (type) {
            case "net" -> hc.networkMode();
            case "ipc" -> hc.ipcMode();
            default -> hc.utsMode();
        };
        return mode == null ? "" : mode;
    }

    /** runc's wording. */
    private static EngineException refused(String sysctl, String type) {
        return EngineException.invalid(switch (type) {
            case "net" -> "sysctl \"" + sysctl + "\" not allowed in host network namespace";
            case "ipc" -> "sysctl \"" + sysctl + "\" is not allowed in the hosts ipc namespace";
            default -> "sysctl \"" + sysctl + "\" is not in a separate kernel namespace";
        });
    }

    private static Object nsId(Path ns) throws IOException {
        Map<String, Object> a = Files.readAttributes(ns, "unix:dev,ino");
        return List.of(a.get("dev"), a.get("ino"));
    }
}
