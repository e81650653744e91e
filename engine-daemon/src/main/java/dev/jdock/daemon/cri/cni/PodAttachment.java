package dev.jdock.daemon.cri.cni;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One pod's attachment to the CNI network: the sandbox id (CNI_CONTAINERID), its network namespace (CNI_NETNS), the
 * interface name inside it (CNI_IFNAME, {@code eth0} for the pod network) and the pod's identity, which goes into
 * CNI_ARGS as containerd sends it. Validated as libcni validates (container id and interface name), since both end
 * up in file names (the result cache, host-local's reservations).
 */
public record PodAttachment(String containerId, Path netns, String ifName, String podNamespace, String podName,
        String podUid) {
    public static final String POD_IFNAME = "eth0";
    private static final Pattern ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]{0,254}");
    /** A CNI_ARGS value may not hold the separators ';' and '='. */
    private static final Pattern ARG = Pattern.compile("[^;=]{0,253}");

    public PodAttachment {
        if (containerId == null || !ID.matcher(containerId).matches()) {
            throw CniException.local("invalid container id \"" + containerId + "\"");
        }
        if (ifName == null || ifName.isEmpty() || ifName.length() > 15 || ifName.equals(".") || ifName.equals("..")
                || ifName.chars().anyMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c))) {
            throw CniException.local("invalid interface name \"" + ifName + "\"");
        }
        for (String v : new String[] {podNamespace, podName, podUid}) {
            if (v == null || !ARG.matcher(v).matches()) {
                throw CniException.local("invalid pod identity value \"" + v + "\"");
            }
        }
    }

    /** The pod network's attachment ({@code eth0}) for a pod sandbox. */
    public static PodAttachment pod(String sandboxId, Path netns, String namespace, String name, String uid) {
        return new PodAttachment(sandboxId, netns, POD_IFNAME, namespace, name, uid);
    }

    /** The same pod on another interface (the loopback network's {@code lo}). */
    PodAttachment withIfName(String name) {
        return new PodAttachment(containerId, netns, name, podNamespace, podName, podUid);
    }

    /** CNI_ARGS's pairs in containerd's set: IgnoreUnknown first, so plugins that do not know K8S_* accept them. */
    List<String[]> cniArgs() {
        List<String[]> a = new ArrayList<>();
        a.add(new String[] {"IgnoreUnknown", "1"});
        a.add(new String[] {"K8S_POD_NAMESPACE", podNamespace});
        a.add(new String[] {"K8S_POD_NAME", podName});
        a.add(new String[] {"K8S_POD_INFRA_CONTAINER_ID", containerId});
        a.add(new String[] {"K8S_POD_UID", podUid});
        return a;
    }

    String cniArgsEnv() {
        StringBuilder b = new StringBuilder();
        for (String[] kv : cniArgs()) {
            b.append(b.length() == 0 ? "" : ";").append(kv[0]).append('=').append(kv[1]);
        }
        return b.toString();
    }
}
