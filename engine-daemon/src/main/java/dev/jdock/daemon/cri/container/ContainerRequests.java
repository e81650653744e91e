package dev.jdock.daemon.cri.container;

import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.ContainerUpdateRequest;
import dev.jdock.api.types.container.DeviceMapping;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.Mount;
import dev.jdock.daemon.container.AppArmorProfiles;
import dev.jdock.daemon.container.PodLink;
import dev.jdock.daemon.cri.pod.PodSandbox;
import dev.jdock.daemon.cri.pod.PodShm;
import dev.jdock.daemon.cri.pod.UsernsOptions;
import dev.jdock.daemon.cri.v1.Capability;
import dev.jdock.daemon.cri.v1.ContainerConfig;
import dev.jdock.daemon.cri.v1.KeyValue;
import dev.jdock.daemon.cri.v1.LinuxContainerResources;
import dev.jdock.daemon.cri.v1.LinuxContainerSecurityContext;
import dev.jdock.daemon.cri.v1.MountPropagation;
import dev.jdock.daemon.cri.v1.NamespaceMode;
import dev.jdock.daemon.cri.v1.SecurityProfile;
import dev.jdock.daemon.cri.v1.Signal;
import dev.jdock.daemon.cri.v1.SupplementalGroupsPolicy;
import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * A CRI ContainerConfig as a jdock create request in its pod sandbox, as containerd's CRI plugin builds its spec:
 * command overrides the image's entrypoint and args its cmd, the sandbox's network, IPC and UTS namespaces are
 * joined (the pid namespace as the container's namespace option says), the cgroups go under the sandbox's cgroup
 * parent, seccomp is unconfined unless a profile is asked for, the log is the CRI log at
 * {@code <log_directory>/<log_path>}.
 */
final class ContainerRequests {
    /** The label jdock adds to every CRI container (the Engine API can tell them apart by it). */
    static final String SANDBOX_LABEL = "dev.jdock.cri.sandbox-id";

    private ContainerRequests() {
    }

    /** What the engine is asked to create. */
    record Translated(String name, ContainerCreateRequest request, PodLink link) {
    }

    /**
     * What a translation needs of the host and the other containers; the host's hostname is read only for a pod that
     * takes it (host networking, or no hostname of its own).
     */
    record Context(java.util.function.Supplier<String> hostHostname, Path sandboxDir,
            Function<String, OptionalInt> runningPid,
            Function<String, String> readFile, AppArmorProfiles appArmor) {
    }

    /** containerd's container name: {@code <name>_<sandbox name>_<sandbox namespace>_<sandbox uid>_<attempt>}. */
    static String name(ContainerConfig c, PodSandbox s) {
        return c.getMetadata().getName() + "_" + s.metadata().name() + "_" + s.metadata().namespace() + "_"
                + s.metadata().uid() + "_" + c.getMetadata().getAttempt();
    }

    static Translated translate(ContainerConfig c, PodSandbox s, String imageId, Context ctx) {
        if (!c.hasMetadata() || c.getMetadata().getName().isEmpty()) {
            throw EngineException.invalid("container config must include metadata");
        }
        LinuxContainerSecurityContext sec = c.getLinux().getSecurityContext();
        if (sec.getPrivileged() && !s.linux().privileged()) {
            // containerd's check: a privileged container needs a privileged pod (the kubelet asks for both)
            throw EngineException.invalid("no privileged container allowed in sandbox");
        }
        dev.jdock.api.types.container.ContainerConfig.Builder cfg = dev.jdock.api.types.container.ContainerConfig
                .builder()
                .image(imageId)
                .hostname(s.hostNetwork() || s.hostname().isEmpty() ? ctx.hostHostname().get() : s.hostname())
                .user(user(sec))
                .env(c.getEnvsList().stream().map(ContainerRequests::env).toList())
                .entrypoint(c.getCommandCount() == 0 ? null : List.copyOf(c.getCommandList()))
                .cmd(c.getArgsCount() == 0 ? null : List.copyOf(c.getArgsList()))
                .workingDir(c.getWorkingDir())
                .tty(c.getTty())
                .openStdin(c.getStdin())
                .stdinOnce(c.getStdinOnce())
                .stopSignal(c.getStopSignal() == Signal.RUNTIME_DEFAULT ? null : CriSignals.toDocker(c.getStopSignal()))
                .labels(labels(c, s));
        HostConfig hc = hostConfig(c, s, sec, ctx);
        PodLink link = new PodLink(s.id(), namespaces(s, sec, ctx), logPath(c, s), ctx.sandboxDir().toString(),
                PodShm.source(s, ctx.sandboxDir()).toString(),
                new PodLink.Metadata(c.getMetadata().getName(), c.getMetadata().getAttempt(), c.getImage().getImage(),
                        c.getLabelsMap(), c.getAnnotationsMap()),
                strictGroups(sec), userns(c, s));
        return new Translated(name(c, s), ContainerCreateRequest.of(cfg.build(), hc, null), link);
    }

    /**
     * The pod's user namespace for a container of it (its infra's, joined), after containerd's checks: the
     * container's own userns_options, when given, are the pod's, and so are a mount's uid and gid mappings (every
     * bind is idmapped to the pod's range); no host pid namespace and no bidirectional mount in it (their mounts
     * would propagate across the idmapping) and not privileged (all the host's devices, the masked and read-only
     * paths gone). CAP_SYS_ADMIN is allowed: the container's mounts are made on the host's side and locked in the
     * user namespace (the init's helper, userns.c), so it can neither unmount nor remount them.
     */
    static PodLink.Userns userns(ContainerConfig c, PodSandbox s) {
        LinuxContainerSecurityContext sec = c.getLinux().getSecurityContext();
        UsernsOptions.container(sec.getNamespaceOptions(), s.userns());
        for (dev.jdock.daemon.cri.v1.Mount m : c.getMountsList()) {
            UsernsOptions.mount(m, s.userns());
        }
        if (s.userns() == null) {
            return null;
        }
        if (sec.getNamespaceOptions().getPid() == NamespaceMode.NODE) {
            throw EngineException.invalid("user namespaces are not supported with the host's pid namespace");
        }
        if (c.getMountsList().stream()
                .anyMatch(m -> m.getPropagation() == MountPropagation.PROPAGATION_BIDIRECTIONAL)) {
            throw EngineException.invalid("bidirectional mount propagation is not supported with user namespaces");
        }
        if (sec.getPrivileged()) {
            // privileged drops the masked and read-only paths and binds the host's devices: not in a user namespace
            throw EngineException.invalid("privileged containers are not supported with user namespaces");
        }
        return new PodLink.Userns("/proc/" + s.infraPid() + "/ns/user", s.userns().uids(), s.userns().gids());
    }

    /** SupplementalGroupsPolicy: Strict, or Merge (the default); a value this release does not know is refused. */
    static boolean strictGroups(LinuxContainerSecurityContext sec) {
        SupplementalGroupsPolicy p = sec.getSupplementalGroupsPolicy();
        if (p == SupplementalGroupsPolicy.UNRECOGNIZED) {
            throw EngineException.invalid("unsupported SupplementalGroupsPolicy "
                    + sec.getSupplementalGroupsPolicyValue());
        }
        return p == SupplementalGroupsPolicy.Strict;
    }

    private static Map<String, String> labels(ContainerConfig c, PodSandbox s) {
        Map<String, String> out = new LinkedHashMap<>(c.getLabelsMap());
        out.put(SANDBOX_LABEL, s.id());
        return out;
    }

    private static String env(KeyValue kv) {
        return kv.getKey() + "=" + kv.getValue().toStringUtf8();
    }

    /** run_as_user (numeric) or run_as_username, with run_as_group; empty: the image's user. */
    static String user(LinuxContainerSecurityContext sec) {
        String user = sec.hasRunAsUser() ? Long.toString(sec.getRunAsUser().getValue()) : sec.getRunAsUsername();
        if (sec.hasRunAsGroup()) {
            if (user.isEmpty()) {
                throw EngineException.invalid("user group \"" + sec.getRunAsGroup().getValue()
                        + "\" is specified without user");
            }
            return user + ":" + sec.getRunAsGroup().getValue();
        }
        return user;
    }

    /**
     * The CRI log file: the sandbox's log directory joined with the container's log_path, which must stay inside it
     * (relative, no {@code ..}); empty when either is not given.
     */
    static String logPath(ContainerConfig c, PodSandbox s) {
        String rel = c.getLogPath();
        if (rel.isEmpty() || s.logDirectory().isEmpty()) {
            return "";
        }
        Path p = Path.of(rel);
        if (p.isAbsolute() || rel.startsWith("/")) {
            throw EngineException.invalid("log path \"" + rel + "\" must be relative to the sandbox's log directory");
        }
        for (Path part : p) {
            if (part.toString().equals("..")) {
                throw EngineException.invalid("log path \"" + rel + "\" must not contain \"..\"");
            }
        }
        return Path.of(s.logDirectory()).resolve(p).normalize().toString();
    }

    /**
     * The namespaces: the sandbox's network (the host's for a NODE pod), its infra process's IPC (the host's for
     * NODE) and UTS (the host's with host networking); pid by the container's option: POD the infra's, CONTAINER a
     * new one, NODE the host's, TARGET another running container's.
     */
    static Map<String, String> namespaces(PodSandbox s, LinuxContainerSecurityContext sec, Context ctx) {
        Map<String, String> ns = new LinkedHashMap<>();
        String infra = "/proc/" + s.infraPid() + "/ns/";
        ns.put("net", s.hostNetwork() ? PodLink.HOST : s.netns());
        ns.put("ipc", s.namespaces().ipc() == PodSandbox.Mode.NODE ? PodLink.HOST : infra + "ipc");
        ns.put("uts", s.hostNetwork() ? PodLink.HOST : infra + "uts");
        NamespaceMode pid = sec.getNamespaceOptions().getPid();
        ns.put("pid", switch (pid) {
            case NODE -> PodLink.HOST;
            case POD -> s.namespaces().pid() == PodSandbox.Mode.NODE ? PodLink.HOST : infra + "pid";
            case TARGET -> {
                String target = sec.getNamespaceOptions().getTargetId();
                OptionalInt p = ctx.runningPid().apply(target);
                if (p.isEmpty()) {
                    throw EngineException.notFound("failed to get target container \"" + target
                            + "\" for its pid namespace: not found or not running");
                }
                yield "/proc/" + p.getAsInt() + "/ns/pid";
            }
            default -> PodLink.PRIVATE;
        });
        return ns;
    }

    static HostConfig hostConfig(ContainerConfig c, PodSandbox s, LinuxContainerSecurityContext sec,
            Context ctx) {
        LinuxContainerResources r = c.getLinux().getResources();
        Capability caps = sec.getCapabilities();
        List<String> secOpts = new ArrayList<>();
        if (sec.getNoNewPrivs()) {
            secOpts.add("no-new-privileges");
        }
        seccomp(sec, ctx).ifPresent(secOpts::add);
        apparmor(sec, ctx).ifPresent(secOpts::add);
        return HostConfig.builder()
                .networkMode("none") // the sandbox's namespace is joined through the pod link
                .ipcMode("private")
                .cgroupParent(s.cgroupParent())
                .privileged(sec.getPrivileged())
                .capAdd(caps.getAddCapabilitiesCount() == 0 ? null : List.copyOf(caps.getAddCapabilitiesList()))
                .capDrop(caps.getDropCapabilitiesCount() == 0 ? null : List.copyOf(caps.getDropCapabilitiesList()))
                .readonlyRootfs(sec.getReadonlyRootfs())
                .groupAdd(sec.getSupplementalGroupsCount() == 0 ? null
                        : sec.getSupplementalGroupsList().stream().map(g -> Long.toString(g)).toList())
                .securityOpt(secOpts.isEmpty() ? null : secOpts)
                .maskedPaths(sec.getMaskedPathsCount() == 0 ? null : List.copyOf(sec.getMaskedPathsList()))
                .readonlyPaths(sec.getReadonlyPathsCount() == 0 ? null : List.copyOf(sec.getReadonlyPathsList()))
                .mounts(c.getMountsCount() == 0 ? null : c.getMountsList().stream().map(ContainerRequests::mount)
                        .toList())
                .devices(c.getDevicesCount() == 0 ? null : c.getDevicesList().stream().map(d -> new DeviceMapping(
                        d.getHostPath(), d.getContainerPath(), d.getPermissions().isEmpty() ? "rwm"
                        : d.getPermissions())).toList())
                .cpuPeriod(r.getCpuPeriod())
                .cpuQuota(r.getCpuQuota())
                .cpuShares(r.getCpuShares())
                .memory(r.getMemoryLimitInBytes())
                .memorySwap(swap(r))
                .cpusetCpus(r.getCpusetCpus())
                .cpusetMems(r.getCpusetMems())
                .oomScoreAdj(r.getOomScoreAdj())
                .build();
    }

    /** containerd's swap limit: as given, else equal to the memory limit (no swapping by default). */
    private static long swap(LinuxContainerResources r) {
        return r.getMemorySwapLimitInBytes() != 0 ? r.getMemorySwapLimitInBytes() : r.getMemoryLimitInBytes();
    }

    /**
     * UpdateContainerResources as an Engine API update: the limits it sets replace the container's (a zero leaves
     * one as it is: Docker's update cannot lift a limit, where containerd's replaces the whole set).
     */
    static ContainerUpdateRequest update(LinuxContainerResources r) {
        return new ContainerUpdateRequest(r.getMemoryLimitInBytes(), swap(r), 0, 0, r.getCpuShares(),
                r.getCpuQuota(), r.getCpuPeriod(), 0, 0, r.getCpusetCpus(), r.getCpusetMems(), null, 0, null);
    }

    /**
     * A CRI mount as an Engine API mount: a bind (PRIVATE rprivate, HOST_TO_CONTAINER rslave, BIDIRECTIONAL rshared),
     * or an image volume (KEP-4639) as an image mount.
     */
    static Mount mount(dev.jdock.daemon.cri.v1.Mount m) {
        if (m.hasImage() && !m.getImage().getImage().isEmpty()) {
            return imageMount(m);
        }
        if (!m.getHostPath().startsWith("/") || !m.getContainerPath().startsWith("/")) {
            throw EngineException.invalid("mount paths must be absolute: " + m.getHostPath() + " -> "
                    + m.getContainerPath());
        }
        String propagation = switch (m.getPropagation()) {
            case PROPAGATION_HOST_TO_CONTAINER -> "rslave";
            case PROPAGATION_BIDIRECTIONAL -> "rshared";
            default -> "rprivate";
        };
        if (m.getRecursiveReadOnly()) {
            if (!m.getReadonly()) {
                throw EngineException.invalid("recursive read-only mount must be read-only: " + m.getContainerPath());
            }
            if (m.getPropagation() != dev.jdock.daemon.cri.v1.MountPropagation.PROPAGATION_PRIVATE) {
                throw EngineException.invalid("recursive read-only mount must have private propagation: "
                        + m.getContainerPath());
            }
        }
        // as containerd: read-only is the bind's top alone unless recursive_read_only asks for all of it
        Boolean nonRecursivelyRo = m.getReadonly() && !m.getRecursiveReadOnly() ? Boolean.TRUE : null;
        Boolean forceRecursive = m.getRecursiveReadOnly() ? Boolean.TRUE : null;
        return new Mount("bind", m.getHostPath(), m.getContainerPath(), m.getReadonly(), null,
                new Mount.BindOptions(propagation, null, null, nonRecursivelyRo, forceRecursive), null, null);
    }

    /**
     * An image volume (KEP-4639), as containerd 2.1 mounts one: the image the kubelet pulled first (its
     * {@code image_ref}: no pull here, an image not present is NOT_FOUND), read-only whatever {@code readonly} says,
     * {@code image_sub_path} inside it (relative, not climbing out: INVALID_ARGUMENT; certainly missing: refused after
     * the create, {@code CriContainers}; missing through a link or leading out through one: the start fails). The
     * Engine API's {@code type=image} mount, so both APIs share one mechanism.
     */
    private static Mount imageMount(dev.jdock.daemon.cri.v1.Mount m) {
        if (!m.getHostPath().isEmpty()) {
            throw EngineException.invalid("host_path must be empty for an image mount: " + m.getContainerPath());
        }
        if (!m.getContainerPath().startsWith("/")) {
            throw EngineException.invalid("mount paths must be absolute: " + m.getContainerPath());
        }
        String sub = m.getImageSubPath();
        return new Mount("image", m.getImage().getImage(), m.getContainerPath(), true, null, null, null, null,
                sub.isEmpty() ? null : new Mount.ImageOptions(sub));
    }

    /**
     * The seccomp security option: none (the default profile) for RuntimeDefault, {@code seccomp=unconfined} for
     * Unconfined or no profile at all (containerd's default), the file's JSON for Localhost.
     */
    static Optional<String> seccomp(LinuxContainerSecurityContext sec, Context ctx) {
        if (sec.getPrivileged()) {
            return Optional.empty();
        }
        if (sec.hasSeccomp()) {
            SecurityProfile p = sec.getSeccomp();
            return switch (p.getProfileType()) {
                case RuntimeDefault -> Optional.empty();
                case Localhost -> Optional.of("seccomp=" + localhost(p.getLocalhostRef(), ctx));
                default -> Optional.of("seccomp=unconfined");
            };
        }
        String path = sec.getSeccompProfilePath();
        if (path.equals("runtime/default") || path.equals("docker/default")) {
            return Optional.empty();
        }
        if (path.startsWith("localhost/")) {
            return Optional.of("seccomp=" + localhost(path.substring("localhost/".length()), ctx));
        }
        if (path.isEmpty() || path.equals("unconfined")) {
            return Optional.of("seccomp=unconfined");
        }
        throw EngineException.invalid("unsupported seccomp profile path \"" + path + "\"");
    }

    private static String localhost(String file, Context ctx) {
        if (!file.startsWith("/")) {
            throw EngineException.invalid("seccomp profile path \"" + file + "\" must be absolute");
        }
        return ctx.readFile().apply(file);
    }

    /**
     * The AppArmor security option, as containerd's CRI plugin chooses the profile ({@code generateApparmorSpecOpts})
     * on a host with AppArmor: {@code RuntimeDefault} (and none, and the deprecated {@code runtime/default}) is the
     * engine's default, {@code docker-default} (containerd loads its own copy as {@code cri-containerd.apparmor.d};
     * jdockd serves both APIs with one), which a privileged container does not get (it runs unconfined);
     * {@code Unconfined} is {@code apparmor=unconfined}; {@code Localhost} NAME (the deprecated
     * {@code localhost/NAME}) is {@code apparmor=NAME}, refused here when the kernel has not loaded it (critest's
     * "should fail with an unloaded apparmor_profile"). On a host without AppArmor a named profile is refused rather
     * than run without the confinement it asks for (containerd refuses it there too), the others mean none. The new
     * field wins over the deprecated one, as in containerd.
     */
    @SuppressWarnings("deprecation")
    static Optional<String> apparmor(LinuxContainerSecurityContext sec, Context ctx) {
        SecurityProfile.ProfileType type;
        String named = "";
        if (sec.hasApparmor()) {
            SecurityProfile p = sec.getApparmor();
            type = p.getProfileType();
            named = p.getLocalhostRef().startsWith("localhost/")
                    ? p.getLocalhostRef().substring("localhost/".length()) : p.getLocalhostRef();
        } else {
            String path = sec.getApparmorProfile();
            if (path.isEmpty() || path.equals("runtime/default")) {
                type = SecurityProfile.ProfileType.RuntimeDefault;
            } else if (path.equals("unconfined")) {
                type = SecurityProfile.ProfileType.Unconfined;
            } else if (path.startsWith("localhost/")) {
                type = SecurityProfile.ProfileType.Localhost;
                named = path.substring("localhost/".length());
            } else if (ctx.appArmor().supported()) {
                throw EngineException.invalid("invalid apparmor profile \"" + path + "\"");
            } else {
                type = SecurityProfile.ProfileType.Localhost;
                named = path;
            }
        }
        if (!ctx.appArmor().supported()) {
            if (type == SecurityProfile.ProfileType.Localhost) {
                throw EngineException.invalid("apparmor profile \"" + named
                        + "\" cannot be applied: AppArmor is not enabled on this host");
            }
            return Optional.empty();
        }
        return switch (type) {
            case RuntimeDefault -> Optional.empty();
            case Unconfined -> Optional.of("apparmor=" + AppArmorProfiles.UNCONFINED);
            case Localhost -> {
                if (named.isEmpty()) {
                    throw EngineException.invalid("apparmor profile of type Localhost needs a localhost_ref");
                }
                if (!ctx.appArmor().isLoaded(named)) {
                    throw EngineException.invalid("failed to generate apparmor spec opts: apparmor profile not found "
                            + named);
                }
                yield Optional.of("apparmor=" + named);
            }
            default -> throw EngineException.invalid("unsupported apparmor profile type");
        };
    }

    /** Reads a host file for a translation (a Localhost seccomp profile). */
    static String readFile(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw EngineException.invalid("failed to read seccomp profile \"" + file + "\": " + e.getMessage());
        }
    }
}
