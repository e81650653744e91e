package dev.jdock.daemon.cri.pod;

import dev.jdock.daemon.container.SysctlPolicy;
import dev.jdock.daemon.cri.pod.PodSandbox.Mode;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.cgroup.CgroupParent;
import java.util.Map;

/**
 * What RunPodSandbox refuses before it makes anything (INVALID_ARGUMENT for the kubelet, no netns or CNI ADD to
 * undo): a cgroup parent {@link CgroupParent#parse} refuses; a sysctl outside the Docker API's allow-list
 * ({@link SysctlPolicy}) or one whose namespace the pod shares with the host (net.* with host networking, the IPC
 * ones with host IPC, {@code kernel.domainname} with the host's UTS namespace: runc's checks); a seccomp profile
 * other than unconfined, runtime/default or localhost/&lt;absolute path&gt;; a negative user or group; a DNS
 * value with a line break.
 */
final class SandboxChecks {
    private SandboxChecks() {
    }

    static void check(PodSandboxes.Request req) {
        try {
            CgroupParent.parse(req.cgroupParent());
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("invalid cgroup parent \"" + req.cgroupParent() + "\": " + e.getMessage());
        }
        PodSandbox.Linux l = req.linux();
        sysctls(l.sysctls(), req.namespaces());
        SandboxFiles.resolvConf(l.dns());
        String sc = l.seccomp();
        if (!sc.equals(PodSandbox.Linux.UNCONFINED) && !sc.equals(PodSandbox.Linux.RUNTIME_DEFAULT)
                && !(sc.startsWith(PodSandbox.Linux.LOCALHOST + "/") && !sc.contains("/../")
                && !sc.endsWith("/.."))) {
            throw EngineException.invalid("unsupported seccomp profile \"" + sc + "\" for the sandbox");
        }
        if (l.runAsUser() != null && (l.runAsUser() < 0 || l.runAsUser() > 0xfffffffeL)
                || l.runAsGroup() != null && (l.runAsGroup() < 0 || l.runAsGroup() > 0xfffffffeL)) {
            throw EngineException.invalid("invalid run_as_user or run_as_group for the sandbox");
        }
        if (l.runAsGroup() != null && l.runAsUser() == null) {
            throw EngineException.invalid("user group \"" + l.runAsGroup() + "\" is specified without user");
        }
    }

    static void sysctls(Map<String, String> sysctls, PodSandbox.Namespaces ns) {
        for (Map.Entry<String, String> e : sysctls.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            if (!SysctlPolicy.allowed(k) || v == null || v.indexOf('\n') >= 0 || v.indexOf('\0') >= 0) {
                throw EngineException.invalid("sysctl \"" + k + "=" + v + "\" is not allowed for a pod sandbox: only"
                        + " namespaced ones (net.*, kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.*,"
                        + " kernel.domainname)");
            }
            boolean host = switch (SysctlPolicy.namespaceOf(k)) {
                case "net", "uts" -> ns.network() == Mode.NODE;
                default -> ns.ipc() == Mode.NODE;
            };
            if (host) {
                throw EngineException.invalid("sysctl \"" + k + "\" not allowed in the host's "
                        + SysctlPolicy.namespaceOf(k) + " namespace (the pod shares it)");
            }
        }
    }
}
