package dev.jdock.daemon.container;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.HealthConfig;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.store.ConfigSize;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code POST /containers/create}: validates the request, merges it with the image's defaults as Docker does, makes
 * the root fs and the container's files, and stores the new container.
 */
final class ContainerCreator {
    private static final Pattern VALID_NAME = Pattern.compile("^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$");
    private static final ContainerConfig NO_CONFIG = noConfig();
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final ContainerStore store;
    private final ImageSource images;
    private final HostConfigValidator validator;
    private final ContainerFiles files;
    private final NameGenerator names = new NameGenerator();

    ContainerCreator(ContainerStore store, ImageSource images, HostConfigValidator validator, ContainerFiles files) {
        this.store = store;
        this.images = images;
        this.validator = validator;
        this.files = files;
    }

    Container create(String requestedName, ContainerCreateRequest req) {
        return create(requestedName, null, req);
    }

    /** The container, its image checked against {@code platform} first when one is given (moby's GetImage). */
    Container create(String requestedName, String platform, ContainerCreateRequest req) {
        return create(requestedName, platform, req, null);
    }

    /** {@link #create(String, String, ContainerCreateRequest)} of a container in a pod sandbox ({@code link}). */
    Container create(String requestedName, String platform, ContainerCreateRequest req, PodLink link) {
        if (req == null) {
            throw EngineException.invalid("Config cannot be empty in order to create a container");
        }
        String name = chooseName(requestedName);
        if (req.image() == null || req.image().isEmpty()) {
            // moby: a body without any Config field (only HostConfig, or {}) has no Config at all
            throw EngineException.invalid(req.toConfig().equals(NO_CONFIG) ? "Config cannot be empty in order to "
                    + "create a container" : "No image specified");
        }
        // moby's verifyContainerSettings comes before the image lookup: a bad request is a 400, not a 404 (pull)
        MobyCreateChecks.workingDir(req.workingDir());
        MobyCreateChecks.stopSignal(req.stopSignal());
        HealthcheckRules.validate(req.healthcheck());
        HostConfig hc = req.hostConfig() == null ? HostConfig.builder().build() : req.hostConfig();
        validator.validate(hc);
        ImageSource.ResolvedImage image = images.resolve(req.image());
        if (platform != null && !platform.isEmpty()) { // the image's config is read again only for a platform
            ImagePlatforms.check(req.image(), platform, images.platform(image.id()));
        }
        hc = RestartPolicies.withDefault(hc);
        hc = ContainerRuntimes.withRuntime(hc);
        hc = ExtraResources.withSystemPaths(hc);
        hc = withDefaultSwap(withUnsetLimits(hc));
        hc = withSharedNamespaceIds(hc, store::find);
        NamespaceModes.checkDonorsExist(hc, store::find);
        SysctlNamespaces.checkCreate(hc, store::find, SysctlNamespaces.PROC);
        hc = IpcShm.withDefaults(hc);
        hc = withInspectDefaults(hc);
        ContainerConfig config = merge(req.toConfig(), image.config());
        config = config.toBuilder().workingDir(MobyCreateChecks.cleanWorkingDir(config.workingDir()))
                .networkDisabled(Boolean.TRUE.equals(config.networkDisabled()) ? Boolean.TRUE : null).build();
        List<String> command = new ArrayList<>();
        if (config.entrypoint() != null && !config.entrypoint().equals(List.of(""))) {
            command.addAll(config.entrypoint());
        }
        if (config.cmd() != null) {
            command.addAll(config.cmd());
        }
        if (command.isEmpty()) {
            throw EngineException.invalid("No command specified");
        }
        String id = ContainerIds.generate();
        if (config.hostname().isEmpty()) {
            config = config.toBuilder().hostname(defaultHostname(id, hc, ContainerCreator::hostHostname)).build();
        }
        checkSize(config, hc);
        ContainerRecord rec = new ContainerRecord(id, name, Instant.now().toString(), command.get(0),
                command.subList(1, command.size()), image.id(), config, hc, link);
        try {
            String workdir = config.workingDir();
            return store.add(rec, c -> {
                ImageSource.Rootfs fs = images.prepareRootfs(id, image);
                WorkingDirs.check(fs, workdir);
                if (link == null) { // a pod's containers get the sandbox's files (PodSpecs.etcMounts)
                    files.writeInitial(c);
                    InitFiles.write(fs); // and no /.dockerenv, as containerd's
                }
            });
        } catch (RuntimeException e) {
            images.removeRootfs(id);
            throw e;
        }
    }

    /**
     * The merged Config (image defaults and request) and the HostConfig each hold at most
     * {@link ConfigSize#MAX_ENTRIES} entries of {@link ConfigSize#MAX_CHARS} characters, as an image's container
     * config does (moby has no bound): the container holds them for its life, and a create of 150,000 labels, the 2
     * MiB a request may take, held 14 MB of the daemon's 128 MiB heap. What all containers hold together is bounded
     * by the store ({@link RecordWeights}).
     */
    static void checkSize(ContainerConfig config, HostConfig hc) {
        ConfigSize c = ConfigSize.of(config);
        if (c.exceeds()) {
            throw EngineException.invalid("invalid container config: its Config (labels, env, ports, volumes,"
                    + " commands) " + c.describe());
        }
        ConfigSize h = ConfigSize.of(hc);
        if (h.exceeds()) {
            throw EngineException.invalid("invalid container config: its HostConfig (binds, mounts, devices, hosts,"
                    + " DNS, options) " + h.describe());
        }
    }

    /**
     * What moby's HostConfig shows for fields a client left out: ConsoleSize is Go's {@code [2]uint}, {@code [0, 0]};
     * OomKillDisable {@code false} and CgroupnsMode the mode the container gets (adaptContainerSettings: jdockd's
     * default is {@code private} on every cgroup version, where moby's is {@code host} on v1). NetworkDisabled
     * {@code false} is omitted (omitempty).
     */
    static HostConfig withInspectDefaults(HostConfig hc) {
        boolean noCgroupns = hc.cgroupnsMode() == null || hc.cgroupnsMode().isEmpty();
        if (hc.consoleSize() != null && hc.oomKillDisable() != null && !noCgroupns) {
            return hc;
        }
        return hc.toBuilder().consoleSize(hc.consoleSize() == null ? List.of(0, 0) : hc.consoleSize())
                .oomKillDisable(hc.oomKillDisable() == null ? Boolean.FALSE : hc.oomKillDisable())
                .cgroupnsMode(noCgroupns ? "private" : hc.cgroupnsMode()).build();
    }

    /** moby's newContainer: the host's name for {@code --network host}, else the short ID. */
    static String defaultHostname(String id, HostConfig hc, java.util.function.Supplier<String> hostName) {
        return "host".equals(hc.networkMode()) ? hostName.get() : ContainerIds.shortId(id);
    }

    /** The daemon's own host name (it runs in the host's UTS namespace), as Go's os.Hostname reads it. */
    static String hostHostname() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (java.io.IOException e) {
            throw EngineException.system("reading the host name: " + e.getMessage(), e);
        }
    }

    private String chooseName(String requested) {
        if (requested == null || requested.isEmpty()) {
            return names.generate(store::nameTaken);
        }
        if (!VALID_NAME.matcher(requested).matches()) {
            throw EngineException.invalid("Invalid container name (" + requested
                    + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        return requested.startsWith("/") ? requested.substring(1) : requested;
    }

    /**
     * moby's adaptSharedNamespaceContainer: {@code container:<name>} in PidMode, IpcMode and NetworkMode is recorded
     * as {@code container:<ID>} when that container exists (so a rename of it keeps the sharing; a missing one is
     * left for the start to refuse).
     */
    static HostConfig withSharedNamespaceIds(HostConfig hc,
            java.util.function.Function<String, java.util.Optional<Container>> find) {
        java.util.function.UnaryOperator<String> byId = mode -> {
            if (mode == null || !mode.startsWith("container:") || mode.length() == "container:".length()) {
                return mode;
            }
            try {
                return find.apply(mode.substring("container:".length())).map(c -> "container:" + c.id())
                        .orElse(mode);
            } catch (EngineException e) { // an ambiguous prefix: as moby, left as given
                return mode;
            }
        };
        String pid = byId.apply(hc.pidMode());
        String ipc = byId.apply(hc.ipcMode());
        String net = byId.apply(hc.networkMode());
        if (java.util.Objects.equals(pid, hc.pidMode()) && java.util.Objects.equals(ipc, hc.ipcMode())
                && java.util.Objects.equals(net, hc.networkMode())) {
            return hc;
        }
        return hc.toBuilder().pidMode(pid).ipcMode(ipc).networkMode(net).build();
    }

    /**
     * What moby records as unset: a PidsLimit of 0 or below (the router's "no limit, or unlimited") and a
     * MemorySwappiness of -1 (fixMemorySwappiness; the docker CLI sends -1 when none is given) are {@code null}, as
     * inspect shows them.
     */
    static HostConfig withUnsetLimits(HostConfig hc) {
        boolean pids = hc.pidsLimit() != null && hc.pidsLimit() <= 0;
        boolean swappiness = hc.memorySwappiness() != null && hc.memorySwappiness() == -1;
        if (!pids && !swappiness) {
            return hc;
        }
        HostConfig.Builder b = hc.toBuilder();
        if (pids) {
            b.pidsLimit(null);
        }
        if (swappiness) {
            b.memorySwappiness(null);
        }
        return b.build();
    }

    /**
     * moby's adaptContainerSettings: a memory limit without a swap limit records MemorySwap as twice the memory
     * (what the cgroup gets either way), so inspect shows it and {@code docker update} checks a new memory limit
     * against it.
     */
    static HostConfig withDefaultSwap(HostConfig hc) {
        if (hc.memory() > 0 && hc.memorySwap() == 0) {
            return hc.toBuilder().memorySwap(hc.memory() > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : hc.memory() * 2)
                    .build();
        }
        return hc;
    }

    /** Docker's merge of the create request with the image config (moby daemon/create.go + image defaults). */
    static ContainerConfig merge(ContainerConfig req, ContainerConfig img) {
        ContainerConfig.Builder b = req.toBuilder();
        if (img == null) {
            return withDefaultEnv(b, mergeEnv(null, req.env())).build();
        }
        if (req.entrypoint() == null || req.entrypoint().isEmpty()) {
            if (req.cmd() == null || req.cmd().isEmpty()) {
                b.cmd(img.cmd());
            }
            if (req.entrypoint() == null) {
                b.entrypoint(img.entrypoint());
            }
        }
        if (req.user().isEmpty() && img.user() != null) {
            b.user(img.user());
        }
        if (req.workingDir().isEmpty() && img.workingDir() != null) {
            b.workingDir(img.workingDir());
        }
        if (req.stopSignal() == null) {
            b.stopSignal(img.stopSignal());
        }
        b.healthcheck(mergeHealth(req.healthcheck(), img.healthcheck()));
        if (req.shell() == null) {
            b.shell(img.shell());
        }
        Map<String, String> labels = mergeMaps(img.labels(), req.labels());
        b.labels(labels == null ? Map.of() : labels); // moby's merge: always a map, {} in inspect
        b.exposedPorts(mergeSet(img.exposedPorts(), req.exposedPorts()));
        b.volumes(mergeSet(img.volumes(), req.volumes()));
        b.onBuild(img.onBuild());
        List<String> env = mergeEnv(img.env(), req.env());
        return withDefaultEnv(b, env).build();
    }

    /** moby's merge: the request's healthcheck, its unset fields (Test, durations, retries) from the image's. */
    static HealthConfig mergeHealth(HealthConfig req, HealthConfig img) {
        if (req == null || img == null) {
            return req == null ? img : req;
        }
        return new HealthConfig(req.test() == null || req.test().isEmpty() ? img.test() : req.test(),
                zero(req.interval()) ? img.interval() : req.interval(),
                zero(req.timeout()) ? img.timeout() : req.timeout(),
                zero(req.startPeriod()) ? img.startPeriod() : req.startPeriod(),
                zero(req.startInterval()) ? img.startInterval() : req.startInterval(),
                req.retries() == null || req.retries() == 0 ? img.retries() : req.retries());
    }

    private static boolean zero(Long v) {
        return v == null || v == 0;
    }

    private static ContainerConfig.Builder withDefaultEnv(ContainerConfig.Builder b, List<String> env) {
        List<String> out = env == null ? new ArrayList<>() : new ArrayList<>(env);
        if (out.stream().noneMatch(e -> e.equals("PATH") || e.startsWith("PATH="))) { // a bare PATH unsets it
            out.add(0, "PATH=" + DEFAULT_PATH);
        }
        return b.env(out);
    }

    /**
     * moby's merge: the request's entries as given (a bare {@code KEY} too: kept in Config.Env, the process does not
     * get it), then each image entry whose key the request does not name. An empty key is refused, as moby.
     */
    static List<String> mergeEnv(List<String> image, List<String> request) {
        List<String> out = new ArrayList<>();
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (String e : request == null ? List.<String>of() : request) {
            int eq = e.indexOf('=');
            String key = eq < 0 ? e : e.substring(0, eq);
            if (key.isEmpty()) {
                throw EngineException.invalid("invalid environment variable: " + e);
            }
            keys.add(key);
            out.add(e);
        }
        for (String e : image == null ? List.<String>of() : image) {
            int eq = e.indexOf('=');
            if (!keys.contains(eq < 0 ? e : e.substring(0, eq))) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * moby's merge of ExposedPorts and Volumes: an empty request takes the image's as they are (null when it has none:
     * dockerd's inspect shows {@code "Volumes": null} for a create that sent {@code {}}), else the union.
     */
    private static <V> Map<String, V> mergeSet(Map<String, V> image, Map<String, V> request) {
        return request == null || request.isEmpty() ? image : mergeMaps(image, request);
    }

    private static <V> Map<String, V> mergeMaps(Map<String, V> base, Map<String, V> overrides) {
        if (base == null && overrides == null) {
            return null;
        }
        Map<String, V> m = new LinkedHashMap<>();
        if (base != null) {
            m.putAll(base);
        }
        if (overrides != null) {
            m.putAll(overrides);
        }
        return m;
    }

    /** The Config of a create request whose JSON has none of Config's fields. */
    private static ContainerConfig noConfig() {
        try {
            return dev.jdock.api.Json.mapper().readValue("{}", ContainerCreateRequest.class).toConfig();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
