package dev.jdock.daemon.cri;

import dev.jdock.daemon.cri.cni.RuntimeConfig;
import dev.jdock.daemon.cri.pod.PodSandbox;
import dev.jdock.daemon.cri.pod.PodSandbox.Mode;
import dev.jdock.daemon.cri.pod.PodSandboxes;
import dev.jdock.daemon.cri.pod.UsernsOptions;
import dev.jdock.daemon.cri.v1.LinuxPodSandboxStatus;
import dev.jdock.daemon.cri.v1.LinuxSandboxSecurityContext;
import dev.jdock.daemon.cri.v1.Namespace;
import dev.jdock.daemon.cri.v1.NamespaceMode;
import dev.jdock.daemon.cri.v1.NamespaceOption;
import dev.jdock.daemon.cri.v1.PodIP;
import dev.jdock.daemon.cri.v1.PodSandboxConfig;
import dev.jdock.daemon.cri.v1.PodSandboxFilter;
import dev.jdock.daemon.cri.v1.PodSandboxMetadata;
import dev.jdock.daemon.cri.v1.PodSandboxNetworkStatus;
import dev.jdock.daemon.cri.v1.PodSandboxState;
import dev.jdock.daemon.cri.v1.PodSandboxStatus;
import dev.jdock.daemon.cri.v1.SecurityProfile;
import dev.jdock.daemon.errors.EngineException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The CRI's sandbox messages from and to {@link PodSandbox} records. */
final class SandboxViews {
    private SandboxViews() {
    }

    static PodSandboxes.Request request(PodSandboxConfig c, String runtimeHandler) {
        return request(c, runtimeHandler, false);
    }

    /** The request, its cgroup parent read for the daemon's driver ({@code systemd}: {@link #cgroupParent}). */
    static PodSandboxes.Request request(PodSandboxConfig c, String runtimeHandler, boolean systemd) {
        PodSandboxMetadata m = c.getMetadata();
        NamespaceOption ns = c.getLinux().getSecurityContext().getNamespaceOptions();
        RuntimeConfig.Dns dns = c.hasDnsConfig() ? new RuntimeConfig.Dns(c.getDnsConfig().getServersList(),
                c.getDnsConfig().getSearchesList(), c.getDnsConfig().getOptionsList()) : null;
        return new PodSandboxes.Request(new PodSandbox.Metadata(m.getName(), m.getUid(), m.getNamespace(),
                m.getAttempt()), c.getHostname(), c.getLogDirectory(), c.getLabelsMap(), c.getAnnotationsMap(),
                runtimeHandler, cgroupParent(c.getLinux().getCgroupParent(), systemd),
                new PodSandbox.Namespaces(mode(ns.getNetwork(), "network"), mode(ns.getPid(), "pid"),
                        mode(ns.getIpc(), "ipc"), UsernsOptions.sandbox(ns,
                                c.getLinux().getSecurityContext().getPrivileged())),
                new RuntimeConfig(RuntimeConfig.PortMapping.fromCri(c.getPortMappingsList()), null, dns),
                linux(c, dns));
    }

    /**
     * The pod's cgroup parent. With the systemd driver a parent given as a path is its last name, as containerd takes
     * it ({@code filepath.Base}): critest sends {@code /test.slice} when the runtime says systemd, the kubelet a bare
     * slice name; the name is then checked as any slice. The cgroupfs driver takes the parent as it is.
     */
    static String cgroupParent(String parent, boolean systemd) {
        if (!systemd || parent.indexOf('/') < 0) {
            return parent;
        }
        String p = parent;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        String base = p.substring(p.lastIndexOf('/') + 1);
        return base.isEmpty() ? parent : base;
    }

    /** Sysctls, DNS and the security context of the infra, as containerd reads them for its sandbox container. */
    static PodSandbox.Linux linux(PodSandboxConfig c, RuntimeConfig.Dns dns) {
        LinuxSandboxSecurityContext sc = c.getLinux().getSecurityContext();
        return new PodSandbox.Linux(c.getLinux().getSysctlsMap(), dns, seccomp(sc),
                sc.hasRunAsUser() ? sc.getRunAsUser().getValue() : null,
                sc.hasRunAsGroup() ? sc.getRunAsGroup().getValue() : null, sc.getReadonlyRootfs(), sc.getPrivileged());
    }

    /**
     * containerd's choice: the {@code seccomp} profile when given, else the deprecated {@code seccomp_profile_path}
     * ({@code docker/default} is runtime/default), else none (its {@code unset_seccomp_profile} default).
     */
    static String seccomp(LinuxSandboxSecurityContext sc) {
        if (sc.hasSeccomp()) {
            SecurityProfile p = sc.getSeccomp();
            return switch (p.getProfileType()) {
                case RuntimeDefault -> PodSandbox.Linux.RUNTIME_DEFAULT;
                case Unconfined -> PodSandbox.Linux.UNCONFINED;
                case Localhost -> PodSandbox.Linux.LOCALHOST + p.getLocalhostRef();
                default -> throw EngineException.invalid("unsupported seccomp profile type " + p.getProfileType());
            };
        }
        String path = sc.getSeccompProfilePath();
        return path.equals("docker/default") ? PodSandbox.Linux.RUNTIME_DEFAULT : path;
    }

    static Mode mode(NamespaceMode m, String which) {
        return switch (m) {
            case POD -> Mode.POD;
            case CONTAINER -> Mode.CONTAINER;
            case NODE -> Mode.NODE;
            default -> throw EngineException.invalid("unsupported " + which + " namespace mode " + m);
        };
    }

    static NamespaceMode mode(Mode m) {
        return switch (m) {
            case POD -> NamespaceMode.POD;
            case CONTAINER -> NamespaceMode.CONTAINER;
            case NODE -> NamespaceMode.NODE;
        };
    }

    static PodSandboxMetadata metadata(PodSandbox s) {
        return PodSandboxMetadata.newBuilder().setName(s.metadata().name()).setUid(s.metadata().uid())
                .setNamespace(s.metadata().namespace()).setAttempt(s.metadata().attempt()).build();
    }

    static PodSandboxState state(PodSandbox s) {
        return s.state() == PodSandbox.State.SANDBOX_READY ? PodSandboxState.SANDBOX_READY
                : PodSandboxState.SANDBOX_NOTREADY;
    }

    static PodSandboxStatus status(PodSandbox s) {
        PodSandboxNetworkStatus.Builder net = PodSandboxNetworkStatus.newBuilder();
        if (!s.ips().isEmpty() && s.state() == PodSandbox.State.SANDBOX_READY) {
            net.setIp(s.ips().get(0));
            s.ips().stream().skip(1).forEach(ip -> net.addAdditionalIps(PodIP.newBuilder().setIp(ip)));
        }
        return PodSandboxStatus.newBuilder().setId(s.id()).setMetadata(metadata(s)).setState(state(s))
                .setCreatedAt(s.createdAtNanos()).setNetwork(net)
                .setLinux(LinuxPodSandboxStatus.newBuilder().setNamespaces(Namespace.newBuilder()
                        .setOptions(NamespaceOption.newBuilder().setNetwork(mode(s.namespaces().network()))
                                .setPid(mode(s.namespaces().pid())).setIpc(mode(s.namespaces().ipc()))
                                .setUsernsOptions(UsernsOptions.view(s.userns())))))
                .putAllLabels(s.labels()).putAllAnnotations(s.annotations()).setRuntimeHandler(s.runtimeHandler())
                .build();
    }

    /**
     * PodSandboxStatus' verbose {@code info} (crictl inspectp), under containerd's keys: the infra's pid (0 once it
     * stopped), {@code processStatus} and {@code runtimeHandler}.
     */
    static Map<String, Object> info(PodSandbox s) {
        boolean ready = s.state() == PodSandbox.State.SANDBOX_READY;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", ready ? s.infraPid() : 0);
        m.put("processStatus", ready ? "running" : "stopped");
        m.put("runtimeHandler", s.runtimeHandler());
        return m;
    }

    static dev.jdock.daemon.cri.v1.PodSandbox item(PodSandbox s) {
        return dev.jdock.daemon.cri.v1.PodSandbox.newBuilder().setId(s.id()).setMetadata(metadata(s))
                .setState(state(s)).setCreatedAt(s.createdAtNanos()).putAllLabels(s.labels())
                .putAllAnnotations(s.annotations()).setRuntimeHandler(s.runtimeHandler()).build();
    }

    static PodSandboxes.Filter filter(PodSandboxFilter f) {
        PodSandbox.State st = !f.hasState() ? null : f.getState().getState() == PodSandboxState.SANDBOX_READY
                ? PodSandbox.State.SANDBOX_READY : PodSandbox.State.SANDBOX_NOTREADY;
        return new PodSandboxes.Filter(f.getId(), st, f.getLabelSelectorMap());
    }
}
