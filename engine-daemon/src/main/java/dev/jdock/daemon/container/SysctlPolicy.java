package dev.jdock.daemon.container;

import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.errors.EngineException;
import java.util.Map;
import java.util.Set;

/**
 * Which sysctls a container may set: only namespaced ones, as Docker allows them (opts.ValidateSysctl and runc's
 * checks): {@code net.*}, {@code fs.mqueue.*}, the IPC ones {@code kernel.msg*}, {@code kernel.sem},
 * {@code kernel.shm*}, and {@code kernel.domainname} (UTS). Whether the namespace they would be written in is the
 * host's is {@link SysctlNamespaces}' question. The CRI's sandbox sysctls go by the same list.
 */
public final class SysctlPolicy {
    private static final Set<String> IPC = Set.of("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
            "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced");

    private SysctlPolicy() {
    }

    /** 400 with Docker's wording for a sysctl that is not namespaced. */
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
        }
    }

    /** The namespace a sysctl {@link #allowed} lives in: {@code net}, {@code ipc} or {@code uts}. */
    public static String namespaceOf(String k) {
        return SysctlNamespaces.typeOf(k);
    }

    /** A namespaced sysctl name with nothing that could leave /proc/sys. */
    public static boolean allowed(String k) {
        if (k.isEmpty() || k.contains("/") || k.contains("..") || k.contains(" ") || k.endsWith(".")) {
            return false;
        }
        return IPC.contains(k) || k.equals("kernel.domainname") || k.startsWith("net.") && k.length() > 4
                || k.startsWith("fs.mqueue.") && k.length() > 10;
    }
}
