package dev.jdock.cli.command;

import dev.jdock.cli.format.GoFields;
import dev.jdock.cli.format.GoZero;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What docker 28's {@code inspect} template sees in its typed pass over the Go structs it decodes a container, an
 * image, a network or a volume into (container.InspectResponse, image.InspectResponse, network.Inspect,
 * volume.Volume): a field the daemon's JSON leaves out ({@code omitempty}) is its zero value, and a JSON {@code null}
 * in a map or slice field is a nil map or slice, which prints {@code map[]} or {@code []} where the raw JSON's null
 * prints {@code <nil>}. Checked against docker 28.2.2 on one jdockd: {@code {{.State.Health}}} {@code <nil>},
 * {@code {{.HostConfig.Binds}}} {@code []}, {@code {{.Config.ExposedPorts}}} {@code map[]}, {@code {{len
 * .HostConfig.Mounts}}} 0, {@code {{.Config.StopSignal}}} empty. Paths are dotted; {@code *} is every value of a map.
 */
final class TypedZeros {
    private static final String[] CONTAINER_SLICES = {"ExecIDs", "Mounts", "HostConfig.Binds", "HostConfig.VolumesFrom",
        "HostConfig.CapAdd", "HostConfig.CapDrop", "HostConfig.ExtraHosts", "HostConfig.GroupAdd", "HostConfig.Links",
        "HostConfig.SecurityOpt", "HostConfig.DeviceCgroupRules", "HostConfig.DeviceRequests", "HostConfig.Dns",
        "HostConfig.DnsOptions", "HostConfig.DnsSearch", "HostConfig.Devices", "HostConfig.Ulimits",
        "HostConfig.BlkioWeightDevice", "HostConfig.BlkioDeviceReadBps", "HostConfig.BlkioDeviceWriteBps",
        "HostConfig.BlkioDeviceReadIOps", "HostConfig.BlkioDeviceWriteIOps", "HostConfig.MaskedPaths",
        "HostConfig.ReadonlyPaths", "HostConfig.Mounts", "Config.Env", "Config.Cmd", "Config.Entrypoint",
        "Config.OnBuild", "Config.Shell", "NetworkSettings.SecondaryIPAddresses",
        "NetworkSettings.SecondaryIPv6Addresses", "NetworkSettings.Networks.*.Links",
        "NetworkSettings.Networks.*.Aliases", "NetworkSettings.Networks.*.DNSNames"};
    private static final String[] CONTAINER_MAPS = {"HostConfig.PortBindings", "HostConfig.LogConfig.Config",
        "HostConfig.StorageOpt", "HostConfig.Tmpfs", "HostConfig.Sysctls", "HostConfig.Annotations",
        "Config.ExposedPorts", "Config.Volumes", "Config.Labels", "NetworkSettings.Ports",
        "NetworkSettings.Networks", "NetworkSettings.Networks.*.DriverOpts", "GraphDriver.Data"};
    private static final String[] CONTAINER_POINTERS = {"SizeRw", "SizeRootFs", "Node", "ImageManifestDescriptor",
        "State.Health", "Config.Healthcheck", "Config.StopTimeout", "HostConfig.Init"};
    private static final Object[][] CONTAINER_SCALARS = {{"Config.ArgsEscaped", false},
        {"Config.NetworkDisabled", false}, {"Config.MacAddress", ""}, {"Config.StopSignal", ""},
        {"HostConfig.KernelMemoryTCP", 0L}};

    private static final String[] IMAGE_SLICES = {"RepoTags", "RepoDigests", "Manifests", "RootFS.Layers", "Config.Env",
        "Config.Entrypoint", "Config.Cmd", "Config.OnBuild", "Config.Shell"};
    private static final String[] IMAGE_MAPS = {"Config.ExposedPorts", "Config.Volumes", "Config.Labels",
        "GraphDriver.Data"};
    private static final String[] IMAGE_POINTERS = {"Descriptor", "Config.Healthcheck"};
    private static final Object[][] IMAGE_SCALARS = {{"Variant", ""}, {"OsVersion", ""}, {"Config.User", ""},
        {"Config.WorkingDir", ""}, {"Config.StopSignal", ""}, {"Config.ArgsEscaped", false}};

    private static final String[] NETWORK_SLICES = {"Peers", "IPAM.Config"};
    private static final String[] NETWORK_MAPS = {"Services", "IPAM.Options", "Options", "Labels", "Containers"};

    private static final String[] VOLUME_MAPS = {"Labels", "Options", "Status"};
    private static final String[] VOLUME_POINTERS = {"UsageData", "ClusterVolume"};

    private static final String[] HEALTH_CONFIG = {"Test:s", "Interval:d", "Timeout:d", "StartPeriod:d",
        "StartInterval:d", "Retries:i"};
    private static final String[] PORT_BINDING = {"HostIp", "HostPort"};
    /** container.Config (a container's; an image's is another type, not laid out). */
    private static final String[] CONTAINER_CONFIG = {"Hostname", "Domainname", "User", "AttachStdin:b",
        "AttachStdout:b", "AttachStderr:b", "ExposedPorts:m", "Tty:b", "OpenStdin:b", "StdinOnce:b", "Env:s", "Cmd:s",
        "Healthcheck:p", "ArgsEscaped:b", "Image", "Volumes:m", "WorkingDir", "Entrypoint:s", "NetworkDisabled:b",
        "MacAddress", "OnBuild:s", "Labels:m", "StopSignal", "StopTimeout:p", "Shell:s"};
    /** container.HostConfig with its embedded Resources. */
    private static final String[] HOST_CONFIG = {"Binds:s", "ContainerIDFile", "LogConfig", "NetworkMode",
        "PortBindings:m", "RestartPolicy", "AutoRemove:b", "VolumeDriver", "VolumesFrom:s", "ConsoleSize:s",
        "Annotations:m", "CapAdd:s", "CapDrop:s", "CgroupnsMode", "Dns:s", "DnsOptions:s", "DnsSearch:s",
        "ExtraHosts:s", "GroupAdd:s", "IpcMode", "Cgroup", "Links:s", "OomScoreAdj:i", "PidMode", "Privileged:b",
        "PublishAllPorts:b", "ReadonlyRootfs:b", "SecurityOpt:s", "StorageOpt:m", "Tmpfs:m", "UTSMode", "UsernsMode",
        "ShmSize:i", "Sysctls:m", "Runtime", "Isolation",
        "Resources{CpuShares:i Memory:i NanoCpus:i CgroupParent BlkioWeight:i BlkioWeightDevice:[p] "
            + "BlkioDeviceReadBps:[p] BlkioDeviceWriteBps:[p] BlkioDeviceReadIOps:[p] BlkioDeviceWriteIOps:[p] "
            + "CpuPeriod:i CpuQuota:i CpuRealtimePeriod:i CpuRealtimeRuntime:i CpusetCpus CpusetMems Devices:s "
            + "DeviceCgroupRules:s DeviceRequests:s KernelMemory:i KernelMemoryTCP:i MemoryReservation:i "
            + "MemorySwap:i MemorySwappiness:p OomKillDisable:p PidsLimit:p Ulimits:[p] CpuCount:i CpuPercent:i "
            + "IOMaximumIOps:i IOMaximumBandwidth:i}",
        "Mounts:s", "MaskedPaths:s", "ReadonlyPaths:s", "Init:p"};
    /** container.NetworkSettings: two embedded structs and the networks. */
    private static final String[] NETWORK_SETTINGS = {
        "NetworkSettingsBase{Bridge SandboxID SandboxKey Ports:m HairpinMode:b LinkLocalIPv6Address "
            + "LinkLocalIPv6PrefixLen:i SecondaryIPAddresses:s SecondaryIPv6Addresses:s}",
        "DefaultNetworkSettings{EndpointID Gateway GlobalIPv6Address GlobalIPv6PrefixLen:i IPAddress IPPrefixLen:i "
            + "IPv6Gateway MacAddress}",
        "Networks:m"};
    /** container.InspectResponse: the embedded *ContainerJSONBase (an address when printed) and the rest. */
    private static final String[] CONTAINER = {"*ContainerJSONBase{Id Created Path Args:s State:p Image "
        + "ResolvConfPath HostnamePath HostsPath LogPath Node:p Name RestartCount:i Driver Platform MountLabel "
        + "ProcessLabel AppArmorProfile ExecIDs:s HostConfig:p GraphDriver SizeRw:p SizeRootFs:p}", "Mounts:s",
        "Config:p", "NetworkSettings:p", "ImageManifestDescriptor:p"};
    private static final String[] THROTTLE_DEVICE = {"Path", "Rate:i"};
    /**
     * The Go structs of the typed pass that a template commonly prints whole ({@code {{.State}}}, {@code {{.Mounts}}},
     * {@code {{.NetworkSettings.Ports}}}, {@code {{.IPAM.Config}}}): path to the struct (dotted; {@code *} is every
     * value of a map or element of a slice, the empty path the object itself) and its fields as
     * {@link GoFields#struct} takes them. Docker 28.2.2's outputs for each: InspectTypedZerosTest.
     */
    private static final Map<String, String[]> CONTAINER_STRUCTS = Map.ofEntries(
            Map.entry("", CONTAINER),
            Map.entry("Config", CONTAINER_CONFIG),
            Map.entry("HostConfig", HOST_CONFIG),
            Map.entry("NetworkSettings", NETWORK_SETTINGS),
            Map.entry("State", new String[] {"Status", "Running:b", "Paused:b", "Restarting:b", "OOMKilled:b",
                "Dead:b", "Pid:i", "ExitCode:i", "Error", "StartedAt", "FinishedAt", "Health:p"}),
            Map.entry("State.Health", new String[] {"Status", "FailingStreak:i", "Log:[p]"}),
            Map.entry("State.Health.Log.*", new String[] {"Start:T", "End:T", "ExitCode:i", "Output"}),
            Map.entry("Mounts.*", new String[] {"Type", "Name", "Source", "Destination", "Driver", "Mode", "RW:b",
                "Propagation"}),
            Map.entry("HostConfig.Mounts.*", new String[] {"Type", "Source", "Target", "ReadOnly:b", "Consistency",
                "BindOptions:p", "VolumeOptions:p", "ImageOptions:p", "TmpfsOptions:p", "ClusterOptions:p"}),
            Map.entry("HostConfig.RestartPolicy", new String[] {"Name", "MaximumRetryCount:i"}),
            Map.entry("HostConfig.LogConfig", new String[] {"Type", "Config:m"}),
            Map.entry("HostConfig.PortBindings.*.*", PORT_BINDING),
            Map.entry("NetworkSettings.Ports.*.*", PORT_BINDING),
            Map.entry("Config.ExposedPorts.*", new String[0]),
            Map.entry("Config.Volumes.*", new String[0]),
            Map.entry("Config.Healthcheck", HEALTH_CONFIG),
            Map.entry("HostConfig.Ulimits.*", new String[] {"Name", "Hard:i", "Soft:i"}),
            Map.entry("HostConfig.Devices.*", new String[] {"PathOnHost", "PathInContainer", "CgroupPermissions"}),
            Map.entry("HostConfig.DeviceRequests.*", new String[] {"Driver", "Count:i", "DeviceIDs:s",
                "Capabilities:s", "Options:m"}),
            Map.entry("HostConfig.BlkioWeightDevice.*", new String[] {"Path", "Weight:i"}),
            Map.entry("HostConfig.BlkioDeviceReadBps.*", THROTTLE_DEVICE),
            Map.entry("HostConfig.BlkioDeviceWriteBps.*", THROTTLE_DEVICE),
            Map.entry("HostConfig.BlkioDeviceReadIOps.*", THROTTLE_DEVICE),
            Map.entry("HostConfig.BlkioDeviceWriteIOps.*", THROTTLE_DEVICE),
            Map.entry("NetworkSettings.Networks.*", new String[] {"IPAMConfig:p", "Links:s", "Aliases:s",
                "MacAddress", "DriverOpts:m", "GwPriority:i", "NetworkID", "EndpointID", "Gateway", "IPAddress",
                "IPPrefixLen:i", "IPv6Gateway", "GlobalIPv6Address", "GlobalIPv6PrefixLen:i", "DNSNames:s"}),
            Map.entry("NetworkSettings.Networks.*.IPAMConfig", new String[] {"IPv4Address", "IPv6Address",
                "LinkLocalIPs:s"}),
            Map.entry("GraphDriver", new String[] {"Data:m", "Name"}));
    /** The structs above that their parents hold through pointers. */
    private static final String[] CONTAINER_POINTER_STRUCTS = {"State", "State.Health", "State.Health.Log.*",
        "Config", "HostConfig", "NetworkSettings", "Config.Healthcheck", "NetworkSettings.Networks.*",
        "NetworkSettings.Networks.*.IPAMConfig"};
    private static final String[] IMAGE_POINTER_STRUCTS = {"Config.Healthcheck"};
    private static final String[] VOLUME_POINTER_STRUCTS = {"UsageData"};
    /** Go maps of strings: {@code index} of a missing key is "" (the raw JSON's map: no value). */
    private static final String[] CONTAINER_STRING_MAPS = {"Config.Labels", "HostConfig.LogConfig.Config",
        "HostConfig.Sysctls", "HostConfig.StorageOpt", "HostConfig.Tmpfs", "HostConfig.Annotations",
        "NetworkSettings.Networks.*.DriverOpts", "GraphDriver.Data"};
    private static final String[] IMAGE_STRING_MAPS = {"Config.Labels", "GraphDriver.Data"};
    private static final String[] NETWORK_STRING_MAPS = {"Labels", "Options", "IPAM.Options",
        "IPAM.Config.*.AuxiliaryAddresses"};
    private static final String[] VOLUME_STRING_MAPS = {"Labels", "Options"};
    /** Go maps keyed by nat.Port: docker's typed pass fails {@code index} with a string, its raw fallback runs. */
    private static final String[] CONTAINER_PORT_MAPS = {"HostConfig.PortBindings", "NetworkSettings.Ports",
        "Config.ExposedPorts"};
    private static final String[] IMAGE_PORT_MAPS = {"Config.ExposedPorts"};
    private static final Map<String, String[]> IMAGE_STRUCTS = Map.of(
            "RootFS", new String[] {"Type", "Layers:s"},
            "Metadata", new String[] {"LastTagTime:T"},
            "GraphDriver", new String[] {"Data:m", "Name"},
            "Config.Healthcheck", HEALTH_CONFIG,
            "Config.ExposedPorts.*", new String[0],
            "Config.Volumes.*", new String[0]);
    private static final Map<String, String[]> NETWORK_STRUCTS = Map.of(
            "IPAM", new String[] {"Driver", "Options:m", "Config:s"},
            "IPAM.Config.*", new String[] {"Subnet", "IPRange", "Gateway", "AuxiliaryAddresses:m"},
            "Containers.*", new String[] {"Name", "EndpointID", "MacAddress", "IPv4Address", "IPv6Address"},
            "ConfigFrom", new String[] {"Network"},
            "Peers.*", new String[] {"Name", "IP"});
    private static final Map<String, String[]> VOLUME_STRUCTS = Map.of(
            "", new String[] {"ClusterVolume:p", "CreatedAt", "Driver", "Labels:m", "Mountpoint", "Name", "Options:m",
                "Scope", "Status:m", "UsageData:p"},
            "UsageData", new String[] {"Size:i", "RefCount:i"});

    /**
     * Go field names whose JSON keys differ, by the struct's path: what docker's typed pass reads by the Go name
     * ({@code {{.ID}}}, {@code {{.HostConfig.NanoCPUs}}}). A template naming the JSON key fails that pass
     * ({@link #JSON_ONLY}).
     */
    private static final Map<String, Map<String, String>> CONTAINER_ALIASES = Map.of(
            "", Map.of("ID", "Id"),
            "HostConfig", Map.ofEntries(Map.entry("NanoCPUs", "NanoCpus"), Map.entry("CPUShares", "CpuShares"),
                    Map.entry("CPUPeriod", "CpuPeriod"), Map.entry("CPUQuota", "CpuQuota"),
                    Map.entry("CPURealtimePeriod", "CpuRealtimePeriod"),
                    Map.entry("CPURealtimeRuntime", "CpuRealtimeRuntime"), Map.entry("CPUCount", "CpuCount"),
                    Map.entry("CPUPercent", "CpuPercent"), Map.entry("DNS", "Dns"),
                    Map.entry("DNSOptions", "DnsOptions"), Map.entry("DNSSearch", "DnsSearch")));
    private static final Map<String, Map<String, String>> IMAGE_ALIASES = Map.of("", Map.of("ID", "Id"));
    private static final Map<String, Map<String, String>> NETWORK_ALIASES = Map.of("", Map.of("ID", "Id"),
            "IPAM.Config.*", Map.of("AuxAddress", "AuxiliaryAddresses"));

    /**
     * A template naming one of these JSON keys (a field whose Go name differs: the aliases above) fails docker's
     * typed pass, and its raw-map pass runs (docker 28.2.2: {@code {{printf "%T" .HostConfig.CpuShares}}} is
     * {@code json.Number}).
     */
    static final java.util.regex.Pattern JSON_ONLY = java.util.regex.Pattern.compile("\\.(Id|NanoCpus|CpuShares|"
            + "CpuPeriod|CpuQuota|CpuRealtimePeriod|CpuRealtimeRuntime|CpuCount|CpuPercent|Dns|DnsOptions|DnsSearch|"
            + "AuxiliaryAddresses)\\b");

    /** Structs with a {@code String()} method: units.Ulimit prints {@code NAME=SOFT:HARD}. */
    private static final Map<String, Function<GoFields, String>> CONTAINER_STRINGERS = Map.of(
            "HostConfig.Ulimits.*", u -> u.get("Name") + "=" + u.get("Soft") + ":" + u.get("Hard"));

    /** What the typed pass adds to one kind of object: the paths of each table above (none: an empty array). */
    private record Kind(String[] slices, String[] maps, String[] pointers, Object[][] scalars,
            Map<String, String[]> structs, String[] stringMaps, String[] portMaps, String[] pointerStructs,
            Map<String, Function<GoFields, String>> stringers, Map<String, Map<String, String>> aliases) {
    }

    private static final String[] NONE = {};
    private static final Object[][] NO_SCALARS = {};
    private static final Map<String, Kind> KINDS = Map.of(
            "container", new Kind(CONTAINER_SLICES, CONTAINER_MAPS, CONTAINER_POINTERS, CONTAINER_SCALARS,
                    CONTAINER_STRUCTS, CONTAINER_STRING_MAPS, CONTAINER_PORT_MAPS, CONTAINER_POINTER_STRUCTS,
                    CONTAINER_STRINGERS, CONTAINER_ALIASES),
            "image", new Kind(IMAGE_SLICES, IMAGE_MAPS, IMAGE_POINTERS, IMAGE_SCALARS, IMAGE_STRUCTS,
                    IMAGE_STRING_MAPS, IMAGE_PORT_MAPS, IMAGE_POINTER_STRUCTS, Map.of(), IMAGE_ALIASES),
            "network", new Kind(NETWORK_SLICES, NETWORK_MAPS, NONE, NO_SCALARS, NETWORK_STRUCTS, NETWORK_STRING_MAPS,
                    NONE, NONE, Map.of(), NETWORK_ALIASES),
            "volume", new Kind(NONE, VOLUME_MAPS, VOLUME_POINTERS, NO_SCALARS, VOLUME_STRUCTS, VOLUME_STRING_MAPS,
                    NONE, VOLUME_POINTER_STRUCTS, Map.of(), Map.of()));

    private TypedZeros() {
    }

    /** The object as docker's typed pass sees it (a copy where something is added; {@code doc} itself is kept). */
    static Object fill(Map<String, Object> doc, String kind) {
        Kind k = KINDS.get(kind);
        if (k == null) {
            return doc;
        }
        GoFields top = new GoFields(doc);
        zeros(top, k.slices(), GoZero.SLICE, true);
        zeros(top, k.maps(), GoZero.MAP, true);
        zeros(top, k.pointers(), GoZero.NIL, false);
        for (Object[] s : k.scalars()) {
            zeros(top, new String[] {(String) s[0]}, s[1], false);
        }
        k.structs().forEach((path, fields) -> at(top, path(path), g -> g.struct(List.of(fields))));
        each(top, k.stringMaps(), g -> g.elementZero(""));
        each(top, k.portMaps(), g -> g.keyType("nat.Port"));
        each(top, k.maps(), GoFields::goMap);
        each(top, k.pointerStructs(), GoFields::pointer);
        k.stringers().forEach((path, method) -> at(top, path(path), g -> g.stringer(method)));
        k.aliases().forEach((path, names) -> at(top, path(path), g -> g.aliases(names)));
        return top;
    }

    /**
     * At each path: a missing last field gets {@code zero} (left out of json: omitempty); a null one becomes it when
     * {@code nullToo} (a nil map or slice: json still writes null).
     */
    private static void zeros(GoFields top, String[] paths, Object zero, boolean nullToo) {
        for (String p : paths) {
            List<String> path = path(p);
            String key = path.get(path.size() - 1);
            at(top, path.subList(0, path.size() - 1), o -> {
                if (!o.containsKey(key)) {
                    o.zero(key, zero);
                } else if (nullToo && o.get(key) == null) {
                    o.put(key, zero);
                }
            });
        }
    }

    private static void each(GoFields top, String[] paths, Consumer<GoFields> what) {
        for (String p : paths) {
            at(top, path(p), what);
        }
    }

    private static List<String> path(String dotted) {
        return dotted.isEmpty() ? List.of() : List.of(dotted.split("\\."));
    }

    /**
     * {@code what} on every object at {@code path} below {@code o} ({@code *}: each value of a map, each element of
     * a list), each made a {@link GoFields} and put back in its parent.
     */
    private static void at(GoFields o, List<String> path, Consumer<GoFields> what) {
        if (path.isEmpty()) {
            what.accept(o);
            return;
        }
        String key = path.get(0);
        List<String> rest = path.subList(1, path.size());
        if (!key.equals("*")) {
            if (o.get(key) instanceof Map<?, ?> m) {
                GoFields child = fields(m);
                o.put(key, child);
                at(child, rest, what);
            } else if (o.get(key) instanceof List<?> l && !rest.isEmpty() && rest.get(0).equals("*")) {
                o.put(key, elements(l, rest.subList(1, rest.size()), what));
            }
            return;
        }
        for (Map.Entry<String, Object> e : o.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> m) {
                GoFields child = fields(m);
                e.setValue(child);
                at(child, rest, what);
            } else if (e.getValue() instanceof List<?> l && !rest.isEmpty() && rest.get(0).equals("*")) {
                e.setValue(elements(l, rest.subList(1, rest.size()), what));
            }
        }
    }

    /** A copy of list {@code l} whose objects went through {@link #at} with {@code path}. */
    private static List<Object> elements(List<?> l, List<String> path, Consumer<GoFields> what) {
        List<Object> out = new ArrayList<>(l.size());
        for (Object x : l) {
            if (x instanceof Map<?, ?> m) {
                GoFields child = fields(m);
                at(child, path, what);
                out.add(child);
            } else {
                out.add(x);
            }
        }
        return out;
    }

    /** An object of the JSON as a {@link GoFields} (a copy, once: an object made one already stays itself). */
    @SuppressWarnings("unchecked")
    private static GoFields fields(Map<?, ?> m) {
        return m instanceof GoFields g ? g : new GoFields((Map<String, Object>) m);
    }
}
