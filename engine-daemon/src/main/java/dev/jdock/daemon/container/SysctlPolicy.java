package dev.jdock.daemon.container;

import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.errors.EngineException;
import java.util.Map;
import java.util.Set;

/**
 * Which sysctls a container may set: only namespaced ones, as Docker allows them (opts.ValidateSysctl and runc's
 * checks): {@code net.*} (not with the host's network namespace), {@code fs.mqueue.*} and the IPC ones
 * {@code kernel.msg*}, {@code kernel.sem}, {@code kernel.shm*} (not with the host's IPC namespace).
 */
final class SysctlPolicy {
    private static final Set<String> IPC = Set.of("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
            "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced");

    private SysctlPolicy() {
    }

    /** 400 with Docker's wording for a sysctl that is not namespaced or whose namespace is the host's. */
    static void validate(HostConfig hc) {
        Map<String, String> sysctls = hc.sysctls();
        if (sysctls == null) {
            return;
        }
        for (Map.Entry<String, String> e : sysctls.entrySet()) {
            String k = e.getKey();
            if (!allowed(k)) {
                throw EngineException.invalid("invalid argument \"" + k + "=" + e.getValue()
                        + "\" for --sysctl: sysctl '" + k + "=" + e.getValue() + "' is not whitelisted");
            }
            if (k.startsWith("net.") && "host".equals(hc.networkMode())) {
                throw EngineException.invalid("sysctl \"" + k + "\" not allowed in host network namespace");
            }
            if (!k.startsWith("net.") && "host".equals(hc.ipcMode())) {
                throw EngineException.invalid("sysctl \"" + k + "\" not allowed in host IPC namespace");
            }
        }
    }

    /** A namespaced sysctl name with nothing that could leave /proc/sys. */
    static boolean allowed(String k) {
        if (k.isEmpty() || k.contains("/") || k.contains("..") || k.contains(" ") || k.endsWith(".")) {
            return false;
        }
        return IPC.contains(k) || k.startsWith("net.") && k.length() > 4
                || k.startsWith("fs.mqueue.") && k.length() > 10;
    }
}
