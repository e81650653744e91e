package dev.jdock.daemon.cri.pod;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.jdock.daemon.cri.cni.RuntimeConfig;
import dev.jdock.daemon.cri.cni.RuntimeConfig.PortMapping;
import dev.jdock.runtime.spec.UserNamespaceSpec;
import java.util.List;
import java.util.Map;

/**
 * A pod sandbox as jdockd keeps it ({@code <data-root>/cri/sandboxes/<id>.json}, 0600): what RunPodSandbox was asked
 * for, what it made (the network namespace, the pod's addresses, the infra process held by its monitor) and where
 * the sandbox is in its life. The CRI's shapes are mapped from and to this record in the gRPC layer.
 *
 * @param netns       the pod's network namespace (a bind mount under the exec root), empty with host networking
 * @param ips         the pod's addresses from the CNI result, the first being the pod IP
 * @param ports       the port mappings handed to portmap, kept for its DEL
 * @param infraPid    the infra process ({@code jdock-init --pause}) on the host, 0 when it is not running
 * @param monitorPid  its monitor, 0 when none
 * @param linux       the rest of the sandbox's Linux config: sysctls, DNS, the security context
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PodSandbox(String id, Metadata metadata, State state, long createdAtNanos, Map<String, String> labels,
        Map<String, String> annotations, String runtimeHandler, String hostname, String logDirectory,
        String cgroupParent, Namespaces namespaces, String netns, List<String> ips, List<PortMapping> ports,
        int infraPid, int monitorPid, Linux linux) {

    /** The CRI's sandbox states. */
    public enum State { SANDBOX_READY, SANDBOX_NOTREADY }

    /** The CRI's NamespaceMode: POD (the sandbox's own), NODE (the host's), CONTAINER (per container). */
    public enum Mode { POD, CONTAINER, NODE }

    /** The pod's identity, as the kubelet names it. */
    public record Metadata(String name, String uid, String namespace, int attempt) {
        public Metadata {
            name = name == null ? "" : name;
            uid = uid == null ? "" : uid;
            namespace = namespace == null ? "" : namespace;
        }
    }

    /**
     * The parts of PodSandboxConfig that shape the infra process and the sandbox's files, beyond its namespaces.
     *
     * @param sysctls    written in the pod's namespaces by the infra's init (net.* in the pod netns, IPC ones in its
     *                   IPC namespace), checked by {@link SandboxChecks}
     * @param dns        the pod's resolv.conf (dns_config), null: the host's is copied
     * @param seccomp    the infra's seccomp: {@code unconfined}, {@code runtime/default} or {@code localhost/<path>}
     * @param runAsUser  the infra's uid, null: 65535 as the pause image's {@code USER 65535:65535}
     * @param runAsGroup the infra's gid, null: the user's (65535 by default)
     * @param readonlyRootfs accepted either way: the infra's root is always read-only
     * @param privileged a privileged pod (its containers may be privileged); the infra itself stays unprivileged,
     *                   without seccomp
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Linux(Map<String, String> sysctls, RuntimeConfig.Dns dns, String seccomp, Long runAsUser,
            Long runAsGroup, boolean readonlyRootfs, boolean privileged) {
        public static final String UNCONFINED = "unconfined";
        public static final String RUNTIME_DEFAULT = "runtime/default";
        public static final String LOCALHOST = "localhost/";
        public static final Linux NONE = new Linux(Map.of(), null, UNCONFINED, null, null, false, false);

        public Linux {
            sysctls = sysctls == null ? Map.of() : Map.copyOf(sysctls);
            seccomp = seccomp == null || seccomp.isEmpty() ? UNCONFINED : seccomp;
        }
    }

    /** Which namespaces the pod shares with the host (linux.security_context.namespace_options). */
    /**
     * @param userns the pod's user namespace (userns_options mode POD, {@code hostUsers: false}): one uid and one gid
     *               range, container id 0 first; null: the host's (mode NODE, and records before it)
     */
    public record Namespaces(Mode network, Mode pid, Mode ipc, Userns userns) {
        public Namespaces {
            network = network == null ? Mode.POD : network;
            pid = pid == null ? Mode.CONTAINER : pid;
            ipc = ipc == null ? Mode.POD : ipc;
        }

        /** In the host's user namespace. */
        public Namespaces(Mode network, Mode pid, Mode ipc) {
            this(network, pid, ipc, null);
        }
    }

    /** A pod's user namespace: the kubelet's uid and gid ranges. */
    public record Userns(UserNamespaceSpec.IdMapping uids, UserNamespaceSpec.IdMapping gids) {
        public Userns {
            java.util.Objects.requireNonNull(uids, "uids");
            java.util.Objects.requireNonNull(gids, "gids");
        }
    }

    /** The pod's user namespace, null when it runs in the host's. */
    public Userns userns() {
        return namespaces.userns();
    }

    public PodSandbox {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        runtimeHandler = runtimeHandler == null ? "" : runtimeHandler;
        hostname = hostname == null ? "" : hostname;
        logDirectory = logDirectory == null ? "" : logDirectory;
        cgroupParent = cgroupParent == null ? "" : cgroupParent;
        netns = netns == null ? "" : netns;
        ips = ips == null ? List.of() : List.copyOf(ips);
        ports = ports == null ? List.of() : List.copyOf(ports);
        linux = linux == null ? Linux.NONE : linux;
    }

    /** Without the Linux config beyond namespaces ({@link Linux#NONE}). */
    public PodSandbox(String id, Metadata metadata, State state, long createdAtNanos, Map<String, String> labels,
            Map<String, String> annotations, String runtimeHandler, String hostname, String logDirectory,
            String cgroupParent, Namespaces namespaces, String netns, List<String> ips, List<PortMapping> ports,
            int infraPid, int monitorPid) {
        this(id, metadata, state, createdAtNanos, labels, annotations, runtimeHandler, hostname, logDirectory,
                cgroupParent, namespaces, netns, ips, ports, infraPid, monitorPid, Linux.NONE);
    }

    public boolean hostNetwork() {
        return namespaces.network() == Mode.NODE;
    }

    public PodSandbox withState(State s) {
        return new PodSandbox(id, metadata, s, createdAtNanos, labels, annotations, runtimeHandler, hostname,
                logDirectory, cgroupParent, namespaces, netns, ips, ports, infraPid, monitorPid, linux);
    }

    public PodSandbox withNetwork(String ns, List<String> addresses) {
        return new PodSandbox(id, metadata, state, createdAtNanos, labels, annotations, runtimeHandler, hostname,
                logDirectory, cgroupParent, namespaces, ns, addresses, ports, infraPid, monitorPid, linux);
    }

    public PodSandbox withInfra(int pid, int monitor) {
        return new PodSandbox(id, metadata, state, createdAtNanos, labels, annotations, runtimeHandler, hostname,
                logDirectory, cgroupParent, namespaces, netns, ips, ports, pid, monitor, linux);
    }
}
