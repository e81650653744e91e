package dev.jdock.daemon.cri.pod;

import dev.jdock.daemon.cri.v1.IDMapping;
import dev.jdock.daemon.cri.v1.Mount;
import dev.jdock.daemon.cri.v1.NamespaceMode;
import dev.jdock.daemon.cri.v1.NamespaceOption;
import dev.jdock.daemon.cri.v1.UserNamespace;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.spec.UserNamespaceSpec;
import java.util.List;

/**
 * {@code NamespaceOption.userns_options} (KEP-127, {@code hostUsers: false}), checked as containerd 2.x checks them:
 * mode NODE (or none) is the host's user namespace and takes no mappings; mode POD takes exactly one uid and one gid
 * mapping, each mapping container id 0; CONTAINER and TARGET are not supported. A pod in its own user namespace
 * keeps none of the host's namespaces, and is not privileged. A container's options, when given, must be its pod's.
 */
public final class UsernsOptions {
    private UsernsOptions() {
    }

    /** The sandbox's user namespace from its options, null for the host's. */
    public static PodSandbox.Userns sandbox(NamespaceOption ns, boolean privileged) {
        if (!ns.hasUsernsOptions()) {
            return null;
        }
        PodSandbox.Userns u = parse(ns.getUsernsOptions());
        if (u == null) {
            return null;
        }
        if (ns.getNetwork() == NamespaceMode.NODE || ns.getPid() == NamespaceMode.NODE
                || ns.getIpc() == NamespaceMode.NODE) {
            throw EngineException.invalid("user namespaces are not supported with the host's network, pid or ipc "
                    + "namespace");
        }
        if (privileged) {
            throw EngineException.invalid("privileged pods are not supported with user namespaces");
        }
        return u;
    }

    /** A container's options against its pod's user namespace ({@code pod}, null: the host's). */
    public static void container(NamespaceOption ns, PodSandbox.Userns pod) {
        if (!ns.hasUsernsOptions()) {
            return;
        }
        PodSandbox.Userns u = parse(ns.getUsernsOptions());
        if (u == null ? pod != null : !u.equals(pod)) {
            throw EngineException.invalid("user namespace configuration does not match the sandbox's");
        }
    }

    /**
     * A mount's {@code uidMappings}/{@code gidMappings}: none, or exactly the pod's (the runtime idmaps every bind of
     * a pod in its own user namespace to the pod's range; another range, or one without such a pod, is refused).
     */
    public static void mount(Mount m, PodSandbox.Userns pod) {
        if (m.getUidMappingsCount() == 0 && m.getGidMappingsCount() == 0) {
            return;
        }
        if (pod == null) {
            throw EngineException.invalid("mount \"" + m.getContainerPath()
                    + "\": idmap mounts need the pod's user namespace");
        }
        PodSandbox.Userns asked = parse(UserNamespace.newBuilder().setMode(NamespaceMode.POD)
                .addAllUids(m.getUidMappingsList()).addAllGids(m.getGidMappingsList()).build());
        if (!asked.equals(pod)) {
            throw EngineException.invalid("mount \"" + m.getContainerPath()
                    + "\": idmap mappings other than the pod's user namespace are not supported");
        }
    }

    static PodSandbox.Userns parse(UserNamespace u) {
        NamespaceMode mode = u.getMode();
        if (mode == NamespaceMode.NODE) {
            if (u.getUidsCount() != 0 || u.getGidsCount() != 0) {
                throw EngineException.invalid("can't use user namespace mode \"NODE\" with mappings. Got "
                        + u.getUidsCount() + " UID mappings and " + u.getGidsCount() + " GID mappings");
            }
            return null;
        }
        if (mode != NamespaceMode.POD) {
            throw EngineException.invalid("unsupported user namespace mode: \"" + mode + "\"");
        }
        if (u.getUidsCount() == 0 || u.getGidsCount() == 0) {
            throw EngineException.invalid("can't use user namespace mode \"POD\" without UID and GID mappings");
        }
        return new PodSandbox.Userns(mapping(u.getUidsList(), "uid"), mapping(u.getGidsList(), "gid"));
    }

    private static UserNamespaceSpec.IdMapping mapping(List<IDMapping> list, String what) {
        if (list.size() != 1) {
            throw EngineException.invalid("only one " + what + " mapping is supported, got " + list.size());
        }
        IDMapping m = list.get(0);
        long host = Integer.toUnsignedLong(m.getHostId());
        long container = Integer.toUnsignedLong(m.getContainerId());
        long length = Integer.toUnsignedLong(m.getLength());
        if (container != 0) {
            throw EngineException.invalid("the " + what + " mapping must start at container id 0, got " + container);
        }
        if (host == 0) {
            throw EngineException.invalid("the " + what + " mapping must not map container root to host root");
        }
        if (length == 0 || host + length > 0xffffffffL) {
            throw EngineException.invalid("invalid " + what + " mapping: host id " + host + " length " + length);
        }
        return new UserNamespaceSpec.IdMapping(container, host, length);
    }

    /** The CRI's form of a pod's user namespace, for its status; mode NODE when it has none. */
    public static UserNamespace view(PodSandbox.Userns u) {
        if (u == null) {
            return UserNamespace.newBuilder().setMode(NamespaceMode.NODE).build();
        }
        return UserNamespace.newBuilder().setMode(NamespaceMode.POD).addUids(view(u.uids())).addGids(view(u.gids()))
                .build();
    }

    private static IDMapping view(UserNamespaceSpec.IdMapping m) {
        return IDMapping.newBuilder().setContainerId((int) m.containerId()).setHostId((int) m.hostId())
                .setLength((int) m.length()).build();
    }
}
