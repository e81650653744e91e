package dev.jdock.api.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.jdock.api.MiniJson;
import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.ContainerCreateResponse;
import dev.jdock.api.types.container.DeviceMapping;
import dev.jdock.api.types.container.DeviceRequest;
import dev.jdock.api.types.container.EndpointIpamConfig;
import dev.jdock.api.types.container.EndpointSettings;
import dev.jdock.api.types.container.HealthConfig;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.LogConfig;
import dev.jdock.api.types.container.Mount;
import dev.jdock.api.types.container.NetworkingConfig;
import dev.jdock.api.types.container.PortBinding;
import dev.jdock.api.types.container.RestartPolicy;
import dev.jdock.api.types.container.ThrottleDevice;
import dev.jdock.api.types.container.Ulimit;
import dev.jdock.api.types.container.WaitResponse;
import dev.jdock.api.types.container.WeightDevice;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON of {@code run}'s requests and replies without databind: the create body, the create reply and the wait
 * reply. A short-lived CLI that serialises one {@link ContainerCreateRequest} with {@code Json.mapper()} spends
 * about 100 ms building Jackson's serializers, and a reflective walk over the record components about 60 ms
 * (both measured on the CLI's start path); these plain calls take about a millisecond.
 *
 * <p>The writers below were generated from the records' components (name from {@code @JsonProperty}, null
 * omitted where the component is {@code @JsonInclude(NON_NULL)}, declaration order) and are checked against the
 * mapper's output, byte for byte, on filled and empty requests by {@code CreateBodyTest}: a component added to a
 * record without a line here fails that test.
 */
public final class CreateBody {
    private static final JsonFactory FACTORY = new JsonFactory();

    private CreateBody() {
    }

    /** The {@code POST /containers/create} body, exactly as {@code Json.mapper()} writes it. */
    public static byte[] toJson(ContainerCreateRequest req) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, req);
        }
        return out.toByteArray();
    }

    /**
     * The 201 reply of create: {@code {"Id": ..., "Warnings": [...]}}, unknown names skipped. Read with
     * {@link MiniJson}, not jackson-core's parser: that parser's first use initializes {@code BigDecimal}, whose
     * static initializer computes 5^65536 on JDK 25 (~20 ms of an interpreted CLI start).
     */
    public static ContainerCreateResponse readCreated(byte[] json) throws IOException {
        Map<String, Object> o = object(json);
        List<String> warnings = null;
        if (o.get("Warnings") instanceof List<?> list) {
            warnings = new ArrayList<>();
            for (Object w : list) {
                warnings.add(asString(w));
            }
        }
        return new ContainerCreateResponse(asString(o.get("Id")), warnings);
    }

    /** The wait reply: {@code {"StatusCode": n, "Error": null | {"Message": ...}}}, unknown names skipped. */
    public static WaitResponse readWait(byte[] json) throws IOException {
        Map<String, Object> o = object(json);
        WaitResponse.WaitError error = null;
        if (o.get("Error") instanceof Map<?, ?> e) {
            error = new WaitResponse.WaitError(asString(e.get("Message")));
        }
        return new WaitResponse(asLong(o.get("StatusCode")), error);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(byte[] json) throws IOException {
        if (MiniJson.parse(json) instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new IOException("expected a JSON object, got: " + new String(json, 0, Math.min(json.length, 200),
                java.nio.charset.StandardCharsets.UTF_8));
    }

    /** As jackson's {@code getValueAsString}: a string, a scalar's text, null for null, objects and arrays. */
    private static String asString(Object v) {
        return v instanceof String s ? s : v instanceof Number || v instanceof Boolean ? String.valueOf(v) : null;
    }

    /** As jackson's {@code getValueAsLong}: a number (truncated), a numeric string, else 0. */
    private static long asLong(Object v) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return v instanceof Boolean b && b ? 1 : 0;
    }

    /** A component the mapper always writes (null as {@code null}). */
    private static void field(JsonGenerator g, String name, Object value) throws IOException {
        g.writeFieldName(name);
        any(g, value);
    }

    /** A {@code NON_NULL} component: left out when null. */
    private static void optional(JsonGenerator g, String name, Object value) throws IOException {
        if (value != null) {
            field(g, name, value);
        }
    }

    private static void any(JsonGenerator g, Object x) throws IOException {
        if (x == null) {
            g.writeNull();
        } else if (x instanceof String s) {
            g.writeString(s);
        } else if (x instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (x instanceof Long || x instanceof Integer) {
            g.writeNumber(((Number) x).longValue());
        } else if (x instanceof List<?> l) {
            g.writeStartArray();
            for (Object e : l) {
                any(g, e);
            }
            g.writeEndArray();
        } else if (x instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName((String) e.getKey());
                any(g, e.getValue());
            }
            g.writeEndObject();
        } else if (x instanceof ContainerCreateRequest r) {
            write(g, r);
        } else if (x instanceof HealthConfig r) {
            write(g, r);
        } else if (x instanceof HostConfig r) {
            write(g, r);
        } else if (x instanceof LogConfig r) {
            write(g, r);
        } else if (x instanceof PortBinding r) {
            write(g, r);
        } else if (x instanceof RestartPolicy r) {
            write(g, r);
        } else if (x instanceof WeightDevice r) {
            write(g, r);
        } else if (x instanceof ThrottleDevice r) {
            write(g, r);
        } else if (x instanceof DeviceMapping r) {
            write(g, r);
        } else if (x instanceof DeviceRequest r) {
            write(g, r);
        } else if (x instanceof Ulimit r) {
            write(g, r);
        } else if (x instanceof Mount r) {
            write(g, r);
        } else if (x instanceof Mount.BindOptions r) {
            write(g, r);
        } else if (x instanceof Mount.VolumeOptions r) {
            write(g, r);
        } else if (x instanceof Mount.Driver r) {
            write(g, r);
        } else if (x instanceof Mount.TmpfsOptions r) {
            write(g, r);
        } else if (x instanceof Mount.ImageOptions r) {
            write(g, r);
        } else if (x instanceof NetworkingConfig r) {
            write(g, r);
        } else if (x instanceof EndpointSettings r) {
            write(g, r);
        } else if (x instanceof EndpointIpamConfig r) {
            write(g, r);
        } else {
            throw new IllegalArgumentException("not a create-body value: " + x.getClass());
        }
    }

    private static void write(JsonGenerator g, ContainerCreateRequest v) throws IOException {
        g.writeStartObject();
        field(g, "Hostname", v.hostname());
        field(g, "Domainname", v.domainname());
        field(g, "User", v.user());
        field(g, "AttachStdin", v.attachStdin());
        field(g, "AttachStdout", v.attachStdout());
        field(g, "AttachStderr", v.attachStderr());
        optional(g, "ExposedPorts", v.exposedPorts());
        field(g, "Tty", v.tty());
        field(g, "OpenStdin", v.openStdin());
        field(g, "StdinOnce", v.stdinOnce());
        field(g, "Env", v.env());
        field(g, "Cmd", v.cmd());
        optional(g, "Healthcheck", v.healthcheck());
        optional(g, "ArgsEscaped", v.argsEscaped());
        field(g, "Image", v.image());
        field(g, "Volumes", v.volumes());
        field(g, "WorkingDir", v.workingDir());
        field(g, "Entrypoint", v.entrypoint());
        optional(g, "NetworkDisabled", v.networkDisabled());
        optional(g, "MacAddress", v.macAddress());
        field(g, "OnBuild", v.onBuild());
        field(g, "Labels", v.labels());
        optional(g, "StopSignal", v.stopSignal());
        optional(g, "StopTimeout", v.stopTimeout());
        optional(g, "Shell", v.shell());
        field(g, "HostConfig", v.hostConfig());
        field(g, "NetworkingConfig", v.networkingConfig());
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, HealthConfig v) throws IOException {
        g.writeStartObject();
        optional(g, "Test", v.test());
        optional(g, "Interval", v.interval());
        optional(g, "Timeout", v.timeout());
        optional(g, "StartPeriod", v.startPeriod());
        optional(g, "StartInterval", v.startInterval());
        optional(g, "Retries", v.retries());
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, HostConfig v) throws IOException {
        g.writeStartObject();
        field(g, "Binds", v.binds());
        field(g, "ContainerIDFile", v.containerIdFile());
        field(g, "LogConfig", v.logConfig());
        field(g, "NetworkMode", v.networkMode());
        field(g, "PortBindings", v.portBindings());
        field(g, "RestartPolicy", v.restartPolicy());
        field(g, "AutoRemove", v.autoRemove());
        field(g, "VolumeDriver", v.volumeDriver());
        field(g, "VolumesFrom", v.volumesFrom());
        field(g, "ConsoleSize", v.consoleSize());
        optional(g, "Annotations", v.annotations());
        field(g, "CapAdd", v.capAdd());
        field(g, "CapDrop", v.capDrop());
        field(g, "CgroupnsMode", v.cgroupnsMode());
        field(g, "Dns", v.dns());
        field(g, "DnsOptions", v.dnsOptions());
        field(g, "DnsSearch", v.dnsSearch());
        field(g, "ExtraHosts", v.extraHosts());
        field(g, "GroupAdd", v.groupAdd());
        field(g, "IpcMode", v.ipcMode());
        field(g, "Cgroup", v.cgroup());
        field(g, "Links", v.links());
        field(g, "OomScoreAdj", v.oomScoreAdj());
        field(g, "PidMode", v.pidMode());
        field(g, "Privileged", v.privileged());
        field(g, "PublishAllPorts", v.publishAllPorts());
        field(g, "ReadonlyRootfs", v.readonlyRootfs());
        field(g, "SecurityOpt", v.securityOpt());
        optional(g, "StorageOpt", v.storageOpt());
        optional(g, "Tmpfs", v.tmpfs());
        field(g, "UTSMode", v.utsMode());
        field(g, "UsernsMode", v.usernsMode());
        field(g, "ShmSize", v.shmSize());
        optional(g, "Sysctls", v.sysctls());
        optional(g, "Runtime", v.runtime());
        field(g, "Isolation", v.isolation());
        field(g, "CpuShares", v.cpuShares());
        field(g, "Memory", v.memory());
        field(g, "NanoCpus", v.nanoCpus());
        field(g, "CgroupParent", v.cgroupParent());
        field(g, "BlkioWeight", v.blkioWeight());
        field(g, "BlkioWeightDevice", v.blkioWeightDevice());
        field(g, "BlkioDeviceReadBps", v.blkioDeviceReadBps());
        field(g, "BlkioDeviceWriteBps", v.blkioDeviceWriteBps());
        field(g, "BlkioDeviceReadIOps", v.blkioDeviceReadIOps());
        field(g, "BlkioDeviceWriteIOps", v.blkioDeviceWriteIOps());
        field(g, "CpuPeriod", v.cpuPeriod());
        field(g, "CpuQuota", v.cpuQuota());
        field(g, "CpuRealtimePeriod", v.cpuRealtimePeriod());
        field(g, "CpuRealtimeRuntime", v.cpuRealtimeRuntime());
        field(g, "CpusetCpus", v.cpusetCpus());
        field(g, "CpusetMems", v.cpusetMems());
        field(g, "Devices", v.devices());
        field(g, "DeviceCgroupRules", v.deviceCgroupRules());
        field(g, "DeviceRequests", v.deviceRequests());
        optional(g, "KernelMemoryTCP", v.kernelMemoryTcp());
        field(g, "MemoryReservation", v.memoryReservation());
        field(g, "MemorySwap", v.memorySwap());
        field(g, "MemorySwappiness", v.memorySwappiness());
        field(g, "OomKillDisable", v.oomKillDisable());
        field(g, "PidsLimit", v.pidsLimit());
        field(g, "Ulimits", v.ulimits());
        field(g, "CpuCount", v.cpuCount());
        field(g, "CpuPercent", v.cpuPercent());
        field(g, "IOMaximumIOps", v.ioMaximumIops());
        field(g, "IOMaximumBandwidth", v.ioMaximumBandwidth());
        optional(g, "Mounts", v.mounts());
        field(g, "MaskedPaths", v.maskedPaths());
        field(g, "ReadonlyPaths", v.readonlyPaths());
        optional(g, "Init", v.init());
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, LogConfig v) throws IOException {
        g.writeStartObject();
        field(g, "Type", v.type());
        field(g, "Config", v.config());
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, PortBinding v) throws IOException {
        g.writeStartObject();
        field(g, "HostIp", v.hostIp());
        field(g, "HostPort", v.hostPort());
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, RestartPolicy v) throws IOException {
        g.writeStartObject();
        field(g, "Name", v.name());
        field(g, "MaximumRetryCount", v.maximumRetryCount());
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, WeightDevice v) throws IOException {
        g.writeStartObject();
        field(g, "Path", v.path());
        field(g, "Weight", v.weight());
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, ThrottleDevice v) throws IOException {
        g.writeStartObject();
        field(g, "Path", v.path());
        field(g, "Rate", v.rate());
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, DeviceMapping v) throws IOException {
        g.writeStartObject();
        field(g, "PathOnHost", v.pathOnHost());
        field(g, "PathInContainer", v.pathInContainer());
        field(g, "CgroupPermissions", v.cgroupPermissions());
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, DeviceRequest v) throws IOException {
        g.writeStartObject();
        field(g, "Driver", v.driver());
        field(g, "Count", v.count());
        field(g, "DeviceIDs", v.deviceIds());
        field(g, "Capabilities", v.capabilities());
        field(g, "Options", v.options());
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, Ulimit v) throws IOException {
        g.writeStartObject();
        field(g, "Name", v.name());
        field(g, "Hard", v.hard());
        field(g, "Soft", v.soft());
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, Mount v) throws IOException {
        g.writeStartObject();
        field(g, "Type", v.type());
        optional(g, "Source", v.source());
        optional(g, "Target", v.target());
        optional(g, "ReadOnly", v.readOnly());
        optional(g, "Consistency", v.consistency());
        optional(g, "BindOptions", v.bindOptions());
        optional(g, "VolumeOptions", v.volumeOptions());
        optional(g, "TmpfsOptions", v.tmpfsOptions());
        optional(g, "ImageOptions", v.imageOptions());
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, Mount.ImageOptions v) throws IOException {
        g.writeStartObject();
        optional(g, "Subpath", v.subpath());
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, Mount.BindOptions v) throws IOException {
        g.writeStartObject();
        optional(g, "Propagation", v.propagation());
        optional(g, "NonRecursive", v.nonRecursive());
        optional(g, "CreateMountpoint", v.createMountpoint());
        optional(g, "ReadOnlyNonRecursive", v.readOnlyNonRecursive());
        optional(g, "ReadOnlyForceRecursive", v.readOnlyForceRecursive());
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, Mount.VolumeOptions v) throws IOException {
        g.writeStartObject();
        optional(g, "NoCopy", v.noCopy());
        optional(g, "Labels", v.labels());
        optional(g, "DriverConfig", v.driverConfig());
        optional(g, "Subpath", v.subpath());
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, Mount.Driver v) throws IOException {
        g.writeStartObject();
        optional(g, "Name", v.name());
        optional(g, "Options", v.options());
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, Mount.TmpfsOptions v) throws IOException {
        g.writeStartObject();
        optional(g, "SizeBytes", v.sizeBytes());
        optional(g, "Mode", v.mode());
        optional(g, "Options", v.options());
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, NetworkingConfig v) throws IOException {
        g.writeStartObject();
        field(g, "EndpointsConfig", v.endpointsConfig());
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, EndpointSettings v) throws IOException {
        g.writeStartObject();
        field(g, "IPAMConfig", v.ipamConfig());
        field(g, "Links", v.links());
        field(g, "Aliases", v.aliases());
        field(g, "MacAddress", v.macAddress());
        field(g, "DriverOpts", v.driverOpts());
        field(g, "GwPriority", v.gwPriority());
        field(g, "NetworkID", v.networkId());
        field(g, "EndpointID", v.endpointId());
        field(g, "Gateway", v.gateway());
        field(g, "IPAddress", v.ipAddress());
        field(g, "IPPrefixLen", v.ipPrefixLen());
        field(g, "IPv6Gateway", v.ipv6Gateway());
        field(g, "GlobalIPv6Address", v.globalIpv6Address());
        field(g, "GlobalIPv6PrefixLen", v.globalIpv6PrefixLen());
        field(g, "DNSNames", v.dnsNames());
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, EndpointIpamConfig v) throws IOException {
        g.writeStartObject();
        optional(g, "IPv4Address", v.ipv4Address());
        optional(g, "IPv6Address", v.ipv6Address());
        optional(g, "LinkLocalIPs", v.linkLocalIps());
        g.writeEndObject();
    }
}
