package dev.jdock.daemon.cri.pod;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.jdock.daemon.cri.cni.RuntimeConfig.PortMapping;
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
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PodSandbox(String id, Metadata metadata, State state, long createdAtNanos, Map<String, String> labels,
        Map<String, String> annotations, String runtimeHandler, String hostname, String logDirectory,
        String cgroupParent, Namespaces namespaces, String netns, List<String> ips, List<PortMapping> ports,
        int infraPid, int monitorPid) {

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

    /** Which namespaces the pod shares with the host (linux.security_context.namespace_options). */
    public record Namespaces(Mode network, Mode pid, Mode ipc) {
        public Namespaces {
            network = network == null ? Mode.POD : network;
            pid = pid == null ? Mode.CONTAINER : pid;
            ipc = ipc == null ? Mode.POD : ipc;
        }
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
    }

    public boolean hostNetwork() {
        return namespaces.network() == Mode.NODE;
    }

    public PodSandbox withState(State s) {
        return new PodSandbox(id, metadata, s, createdAtNanos, labels, annotations, runtimeHandler, hostname,
                logDirectory, cgroupParent, namespaces, netns, ips, ports, infraPid, monitorPid);
    }

    public PodSandbox withNetwork(String ns, List<String> addresses) {
        return new PodSandbox(id, metadata, state, createdAtNanos, labels, annotations, runtimeHandler, hostname,
                logDirectory, cgroupParent, namespaces, ns, addresses, ports, infraPid, monitorPid);
    }

    public PodSandbox withInfra(int pid, int monitor) {
        return new PodSandbox(id, metadata, state, createdAtNanos, labels, annotations, runtimeHandler, hostname,
                logDirectory, cgroupParent, namespaces, netns, ips, ports, pid, monitor);
    }
}
