package dev.jdock.daemon.container;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.Ulimit;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.logging.LogAttrs;
import dev.jdock.daemon.logging.LogOptions;
import dev.jdock.daemon.logging.LogTag;
import dev.jdock.runtime.caps.CapabilitySetsPlan;
import dev.jdock.runtime.spec.CapabilitySets;
import dev.jdock.runtime.spec.DockerDefaults;
import dev.jdock.runtime.spec.LogSpec;
import dev.jdock.runtime.spec.MountSpec;
import dev.jdock.runtime.spec.ProcessSpec;
import dev.jdock.runtime.spec.Rlimit;
import dev.jdock.runtime.spec.RootfsSpec;
import dev.jdock.runtime.spec.RuntimeSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Translates a Docker container (Config + HostConfig) into the runtime's spec: Docker's default mounts, masked and
 * read-only paths, devices and namespaces, the container's files, capabilities, rlimits (clamped to what this host
 * allows) and the init binary.
 */
final class SpecFactory {
    static final String INIT_PATH = "/sbin/docker-init";

    /** Docker's default mounts, unprivileged and privileged: the host's mountinfo is read once, at start-up. */
    private final List<MountSpec> defaultMounts;
    private final List<MountSpec> privilegedMounts;
    private final long hostBounding;
    private final HostLimits hostLimits;
    private final Path initBinary;
    /** daemon.json's log-opts and default-ulimits in force when a container starts. */
    private final Supplier<ContainerDefaults> defaults;
    /** The namespace a container joins (host, container:ID) and the legacy links' variables: the network feature. */
    private final ContainerNetworking networking;
    /** Volumes, binds and tmpfs mounts of the container: the volume feature. */
    private final ContainerMounts volumeMounts;
    /** /dev/shm by IpcMode (shareable and container:<x> need the daemon's host-side tmpfs). */
    private final IpcShm ipc;
    /**
     * Containers by name or ID: the donors of {@code container:<x>} namespace modes; a {@code container:<x>}
     * network mode takes x's hostname, hosts and resolv.conf.
     */
    private final java.util.function.Function<String, Optional<Container>> containers;
    /** The AppArmor profile of a container's process (none where the host has no AppArmor). */
    private final AppArmorProfiles appArmor;

    SpecFactory(RuntimeHost host, Path initBinary, Supplier<ContainerDefaults> defaults,
            ContainerNetworking networking, ContainerMounts volumeMounts, IpcShm ipc,
            java.util.function.Function<String, Optional<Container>> containers) {
        this.containers = containers;
        this.appArmor = host.appArmor();
        this.defaultMounts = DockerDefaults.mounts(false, host.mountinfo());
        this.privilegedMounts = DockerDefaults.mounts(true, host.mountinfo());
        this.hostBounding = host.boundingSet();
        this.hostLimits = host.limits();
        this.initBinary = initBinary;
        this.defaults = defaults;
        this.networking = networking;
        this.volumeMounts = volumeMounts;
        this.ipc = ipc;
    }

    /** Replaces the new "net" namespace by a join when the network feature says so. */
    private List<dev.jdock.runtime.spec.NamespaceSpec> withNet(List<dev.jdock.runtime.spec.NamespaceSpec> base,
            Container c, JoinedNamespaces joined) {
        Optional<Path> join = networking.joinNetns(c, joined);
        if (join.isEmpty()) {
            return base;
        }
        List<dev.jdock.runtime.spec.NamespaceSpec> out = new ArrayList<>();
        for (dev.jdock.runtime.spec.NamespaceSpec ns : base) {
            out.add(ns.type().equals("net") ? dev.jdock.runtime.spec.NamespaceSpec.join("net", join.get()) : ns);
        }
        return out;
    }

    /**
     * Everything about one launch that is not in the container's record; {@code joined} takes the other containers'
     * namespaces the spec names, which the caller holds open until the start is decided.
     */
    record Inputs(ImageSource.Rootfs rootfs, Path runDir, List<Path> cgroupProcs, Optional<Path> seccompBpf,
            long capabilityMask, JoinedNamespaces joined) {
    }

    RuntimeSpec build(Container c, Inputs in) {
        ContainerConfig cfg = c.record().config();
        HostConfig hc = c.record().hostConfig();
        IpcShm.Plan shm = ipc.plan(c); // first: moby checks the IPC donor first
        boolean privileged = hc.privileged();
        PodLink pod = c.record().podLink();
        if (pod != null) {
            shm = ipc.plan(pod, shm);
        }
        List<dev.jdock.runtime.spec.NamespaceSpec> namespaces =
                withNet(NamespaceModes.apply(DockerDefaults.namespaces(), hc, containers, in.joined()), c,
                        in.joined());
        if (pod != null) {
            namespaces = PodSpecs.namespaces(namespaces, pod);
        }
        SysctlNamespaces.checkLaunch(hc.sysctls() == null ? Map.of() : hc.sysctls(), namespaces,
                SysctlNamespaces.PROC);
        List<MountSpec> mounts = new ArrayList<>(privileged ? privilegedMounts : defaultMounts);
        List<MountSpec> networkFiles = new ArrayList<>();
        if (pod != null) {
            networkFiles.addAll(PodSpecs.etcMounts(pod, hc.readonlyRootfs()));
        } else {
            Container files = networkDonor(c, containers).orElse(c);
            networkFiles.add(MountSpec.bind(ContainerFiles.hostname(files).toString(), "/etc/hostname", false, true));
            networkFiles.add(MountSpec.bind(ContainerFiles.hosts(files).toString(), "/etc/hosts", false, true));
            networkFiles.add(MountSpec.bind(ContainerFiles.resolvConf(files).toString(), "/etc/resolv.conf", false,
                    true));
        }
        List<String> args = new ArrayList<>();
        if (Boolean.TRUE.equals(hc.init())) {
            mounts.add(MountSpec.bind(initBinary.toString(), INIT_PATH, true, true));
            args.add(INIT_PATH);
            args.add("--");
        }
        args.add(c.record().path());
        args.addAll(c.record().args());
        SecurityOptions sec = SecurityOptions.parse(HostConfigValidator.orEmpty(hc.securityOpt()));
        CapabilitySetsPlan plan = CapabilitySetsPlan.forUser(in.capabilityMask(), isRootUser(cfg.user()));
        String apparmor = appArmor.forContainer(hc);
        if (apparmor.equals(AppArmorProfiles.DEFAULT)) {
            appArmor.ensureDefault(); // moby's WithApparmor: reloaded if something unloaded it
        }
        List<Integer> consoleSize = hc.consoleSize();
        int h = consoleSize != null && consoleSize.size() == 2 ? consoleSize.get(0) : 0;
        int w = consoleSize != null && consoleSize.size() == 2 ? consoleSize.get(1) : 0;
        ProcessSpec process = new ProcessSpec(args, env(cfg, networking.linkEnv(c)), cfg.workingDir().isEmpty() ? "/" : cfg.workingDir(),
                cfg.user(), GroupNames.resolve(HostConfigValidator.orEmpty(hc.groupAdd()), in.rootfs()), cfg.tty(), cfg.openStdin(), cfg.stdinOnce(), h, w,
                sec.noNewPrivileges(),
                new CapabilitySets(plan.bounding(), plan.effective(), plan.permitted(), plan.inheritable(),
                        plan.ambient()),
                rlimits(hc), PodSpecs.imageGroups(pod), pod != null, apparmor);
        ImageSource.Rootfs fs = in.rootfs();
        List<MountSpec> requested = TmpfsMounts.requested(hc);
        requested.addAll(volumeMounts.prepare(c, fs));
        LogSpec logSpec = pod != null ? PodSpecs.log(pod) : log(c, hc);
        RootfsSpec root = new RootfsSpec.Overlay(fs.lowerTopFirst(), fs.upper(), fs.work(), c.dir().resolve("rootfs"));
        Optional<Integer> oom = hc.oomScoreAdj() > hostLimits.oomScoreAdj() ? Optional.of((int) hc.oomScoreAdj())
                : Optional.empty();
        RuntimeSpec spec = new RuntimeSpec(c.id(), c.dir(), in.runDir(), root, process, cfg.hostname(), namespaces,
                MountOrder.stack(TmpfsMounts.withShm(mounts, shm), networkFiles, requested),
                DeviceAccess.nodes(DockerDefaults.devices(), hc),
                ExtraResources.maskedPaths(hc), ExtraResources.readonlyPaths(hc),
                hc.readonlyRootfs(), in.seccompBpf(), in.cgroupProcs(), logSpec, oom,
                sysctls(hc, cfg, namespaces));
        // a pod in its own user namespace: joined first, the rootfs and binds idmapped to it (the runtime's)
        return pod != null && pod.userns() != null ? spec.withUserns(pod.userns().spec()) : spec;
    }

    /**
     * The running container whose network namespace {@code c} joins ({@code container:<x>}): moby gives the joiner
     * x's hostname, domain name, /etc/hostname, /etc/hosts and /etc/resolv.conf (its embedded DNS too).
     */
    static Optional<Container> networkDonor(Container c,
            java.util.function.Function<String, Optional<Container>> containers) {
        String mode = c.record().hostConfig() == null ? null : c.record().hostConfig().networkMode();
        if (mode == null || !mode.startsWith("container:") || mode.length() == "container:".length()) {
            return Optional.empty();
        }
        return containers.apply(mode.substring("container:".length())).filter(Container::isRunning);
    }

    /**
     * The sysctls to write in the container's namespaces; {@code Config.Domainname} among them as
     * {@code kernel.domainname} in a new UTS namespace (runc's setdomainname for moby's spec.Domainname), unless a
     * {@code --sysctl kernel.domainname} names it already.
     */
    static Map<String, String> sysctls(HostConfig hc, ContainerConfig cfg,
            List<dev.jdock.runtime.spec.NamespaceSpec> namespaces) {
        Map<String, String> given = hc.sysctls() == null ? Map.of() : hc.sysctls();
        boolean newUts = namespaces.stream().anyMatch(n -> n.type().equals("uts") && n.joinPath().isEmpty());
        if (cfg.domainname() == null || cfg.domainname().isEmpty() || !newUts
                || given.containsKey("kernel.domainname")) {
            return given;
        }
        Map<String, String> out = new java.util.LinkedHashMap<>(given);
        out.put("kernel.domainname", cfg.domainname());
        return out;
    }

    private static List<String> env(ContainerConfig cfg, List<String> links) {
        List<String> env = new ArrayList<>(LinkedEnv.merge(links, cfg.env()));
        env.removeIf(e -> e.indexOf('=') < 0); // a bare KEY stays in Config.Env only (moby unsets it)
        if (env.stream().noneMatch(e -> e.startsWith("HOSTNAME="))) {
            env.add(0, "HOSTNAME=" + cfg.hostname());
        }
        if (cfg.tty() && env.stream().noneMatch(e -> e.startsWith("TERM="))) {
            env.add("TERM=xterm");
        }
        return env;
    }

    static boolean isRootUser(String user) {
        if (user == null || user.isEmpty()) {
            return true;
        }
        String u = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        return u.equals("root") || u.equals("0");
    }

    private List<Rlimit> rlimits(HostConfig hc) {
        List<Rlimit> out = new ArrayList<>();
        for (Ulimit u : withDefaults(HostConfigValidator.orEmpty(hc.ulimits()), defaults.get().ulimits())) {
            String type = "RLIMIT_" + u.name().toUpperCase(Locale.ROOT);
            long hostHard = hostLimits.hard(type);
            long hard = clamp(u.hard(), hostHard);
            long soft = clamp(u.soft(), hard);
            out.add(new Rlimit(type, soft, hard));
        }
        return out;
    }

    /** The container's ulimits, then the daemon's defaults for the names it does not set (dockerd's mergeUlimits). */
    static List<Ulimit> withDefaults(List<Ulimit> own, List<Ulimit> daemon) {
        List<Ulimit> out = new ArrayList<>(own);
        for (Ulimit d : daemon) {
            if (own.stream().noneMatch(u -> u.name().equals(d.name()))) {
                out.add(d);
            }
        }
        return out;
    }

    /** Never above what this host gives us (raising past our hard limit needs CAP_SYS_RESOURCE). */
    private static long clamp(long wanted, long limit) {
        if (limit == Rlimit.UNLIMITED) {
            return wanted;
        }
        if (wanted == Rlimit.UNLIMITED || wanted > limit) {
            return limit;
        }
        return wanted;
    }

    /** The json-file attrs of {@code c} with these (merged) log options (see {@link LogAttrs}). */
    static String logAttrs(Container c, Map<String, String> opts) {
        return LogAttrs.json(opts, c.record().config().labels(), c.record().config().env(), tagInfo(c));
    }

    /**
     * moby's StartLogger for a read of a container that is not running: its json-file driver made with the options a
     * start would merge, whose errors are the driver's own words (500, {@link LogAttrs#checkLogger}).
     */
    void checkLogger(Container c) {
        HostConfig hc = c.record().hostConfig();
        String driver = hc.logConfig() == null || hc.logConfig().type() == null ? "" : hc.logConfig().type();
        if (driver.isEmpty() || driver.equals("json-file")) {
            LogAttrs.checkLogger(logOpts(hc), c.record().config().labels(), c.record().config().env(), tagInfo(c));
        }
    }

    /** At create: only whether the attrs fit (see {@link LogAttrs#checkSize}). */
    static void checkLogAttrs(Container c, Map<String, String> opts) {
        LogAttrs.checkSize(opts, c.record().config().labels(), c.record().config().env(), tagInfo(c));
    }

    private static LogTag.Info tagInfo(Container c) {
        ContainerRecord r = c.record();
        String image = r.config().image();
        return new LogTag.Info(c.id(), c.name(), r.imageId() == null ? "" : r.imageId(), image == null ? "" : image,
                r.path() == null ? "" : r.path(), r.args(), hostname());
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** The log options in force for {@code c}: its own over the daemon's defaults. */
    Map<String, String> logOpts(HostConfig hc) {
        return LogOptions.merge(hc.logConfig() == null ? null : hc.logConfig().config(), defaults.get().logOpts());
    }

    private LogSpec log(Container c, HostConfig hc) {
        String driver = hc.logConfig() == null || hc.logConfig().type() == null || hc.logConfig().type().isEmpty()
                ? "json-file" : hc.logConfig().type();
        Map<String, String> opts = logOpts(hc);
        return switch (driver) {
            case "json-file" -> {
                LogOptions.Rotation r = LogOptions.rotation(opts);
                yield LogSpec.jsonFile(ContainerFiles.logPath(c), Math.max(0, r.maxSize()), r.maxFile(),
                        r.compress()).withAttrs(logAttrs(c, opts));
            }
            case "local" -> {
                LogOptions.Rotation r = LogOptions.localRotation(opts);
                Path file = ContainerFiles.logPath(c);
                try {
                    Files.createDirectories(file.getParent());
                } catch (java.io.IOException e) {
                    throw EngineException.system("creating " + file.getParent() + ": " + e.getMessage(), e);
                }
                yield LogSpec.local(file, r.maxSize(), r.maxFile(), r.compress());
            }
            case "none" -> LogSpec.none();
            default -> throw EngineException.invalid("logger: no log driver named '" + driver + "' is registered");
        };
    }
}
