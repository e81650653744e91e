package dev.jdock.cli.command;

import dev.jdock.cli.format.GoFields;
import dev.jdock.cli.format.GoZero;
import java.util.List;
import java.util.Map;

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

    private TypedZeros() {
    }

    /** The object as docker's typed pass sees it (a copy where something is added; {@code doc} itself is kept). */
    static Object fill(Map<String, Object> doc, String kind) {
        GoFields top = new GoFields(doc);
        switch (kind) {
            case "container" -> apply(top, CONTAINER_SLICES, CONTAINER_MAPS, CONTAINER_POINTERS, CONTAINER_SCALARS);
            case "image" -> apply(top, IMAGE_SLICES, IMAGE_MAPS, IMAGE_POINTERS, IMAGE_SCALARS);
            case "network" -> apply(top, NETWORK_SLICES, NETWORK_MAPS, new String[0], new Object[0][]);
            case "volume" -> apply(top, new String[0], VOLUME_MAPS, VOLUME_POINTERS, new Object[0][]);
            default -> {
                return doc;
            }
        }
        return top;
    }

    private static void apply(GoFields top, String[] slices, String[] maps, String[] pointers, Object[][] scalars) {
        for (String p : slices) {
            zero(top, List.of(p.split("\\.")), GoZero.SLICE, true);
        }
        for (String p : maps) {
            zero(top, List.of(p.split("\\.")), GoZero.MAP, true);
        }
        for (String p : pointers) {
            zero(top, List.of(p.split("\\.")), GoZero.NIL, false);
        }
        for (Object[] s : scalars) {
            zero(top, List.of(((String) s[0]).split("\\.")), s[1], false);
        }
    }

    /**
     * At {@code path} below {@code o}: a missing last field gets {@code zero} (left out of json: omitempty); a null
     * one becomes it when {@code nullToo} (a nil map or slice: json still writes null). Objects on the way are
     * copied into {@link GoFields} and put back in their parent.
     */
    @SuppressWarnings("unchecked")
    private static void zero(GoFields o, List<String> path, Object zero, boolean nullToo) {
        String key = path.get(0);
        if (path.size() == 1) {
            if (!o.containsKey(key)) {
                o.zero(key, zero);
            } else if (nullToo && o.get(key) == null) {
                o.put(key, zero);
            }
            return;
        }
        if (key.equals("*")) {
            for (Map.Entry<String, Object> e : o.entrySet()) {
                if (e.getValue() instanceof Map<?, ?> m) {
                    GoFields child = m instanceof GoFields g ? g : new GoFields((Map<String, Object>) m);
                    e.setValue(child);
                    zero(child, path.subList(1, path.size()), zero, nullToo);
                }
            }
        } else if (o.get(key) instanceof Map<?, ?> m) {
            GoFields child = m instanceof GoFields g ? g : new GoFields((Map<String, Object>) m);
            o.put(key, child);
            zero(child, path.subList(1, path.size()), zero, nullToo);
        }
    }
}
