package dev.jdock.daemon.container;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.jdock.api.Json;
import dev.jdock.api.types.container.ContainerSummary;
import dev.jdock.api.types.container.EndpointIpamConfig;
import dev.jdock.api.types.container.EndpointSettings;
import dev.jdock.api.types.container.MountPoint;
import dev.jdock.api.types.container.Port;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /containers/json}: the bytes {@code Json.mapper()} writes for the list (then a newline, as
 * every JSON response), written field by field through Jackson's streaming generator (the same escaping and
 * numbers) instead of through databind's bean serializers. Databind reaches each field by reflection and looks up
 * its serializer: a daemon that has not compiled those paths yet (the first lists after a start) spent a third of a
 * 100-container list there. The field order and inclusion are the records' ({@link ContainerSummary},
 * {@link Port}, {@link EndpointSettings}, {@link EndpointIpamConfig}, {@link MountPoint}): {@code ContainerListJsonTest}
 * compares the two writers on every component of those records, so a field added there fails it until it is here.
 */
final class ContainerListJson {
    // the field names, quoted and encoded once (as databind's property writers hold them)
    private static final SerializedString N_ALIASES = new SerializedString("Aliases");
    private static final SerializedString N_ANNOTATIONS = new SerializedString("Annotations");
    private static final SerializedString N_COMMAND = new SerializedString("Command");
    private static final SerializedString N_CREATED = new SerializedString("Created");
    private static final SerializedString N_DESTINATION = new SerializedString("Destination");
    private static final SerializedString N_DNSNAMES = new SerializedString("DNSNames");
    private static final SerializedString N_DRIVER = new SerializedString("Driver");
    private static final SerializedString N_DRIVER_OPTS = new SerializedString("DriverOpts");
    private static final SerializedString N_ENDPOINT_ID = new SerializedString("EndpointID");
    private static final SerializedString N_GATEWAY = new SerializedString("Gateway");
    private static final SerializedString N_GLOBAL_IPV6_ADDRESS = new SerializedString("GlobalIPv6Address");
    private static final SerializedString N_GLOBAL_IPV6_PREFIX_LEN = new SerializedString("GlobalIPv6PrefixLen");
    private static final SerializedString N_GW_PRIORITY = new SerializedString("GwPriority");
    private static final SerializedString N_HOST_CONFIG = new SerializedString("HostConfig");
    private static final SerializedString N_ID = new SerializedString("Id");
    private static final SerializedString N_IMAGE = new SerializedString("Image");
    private static final SerializedString N_IMAGE_ID = new SerializedString("ImageID");
    private static final SerializedString N_IP = new SerializedString("IP");
    private static final SerializedString N_IPADDRESS = new SerializedString("IPAddress");
    private static final SerializedString N_IPAMCONFIG = new SerializedString("IPAMConfig");
    private static final SerializedString N_IPPREFIX_LEN = new SerializedString("IPPrefixLen");
    private static final SerializedString N_IPV4_ADDRESS = new SerializedString("IPv4Address");
    private static final SerializedString N_IPV6_ADDRESS = new SerializedString("IPv6Address");
    private static final SerializedString N_IPV6_GATEWAY = new SerializedString("IPv6Gateway");
    private static final SerializedString N_LABELS = new SerializedString("Labels");
    private static final SerializedString N_LINKS = new SerializedString("Links");
    private static final SerializedString N_LINK_LOCAL_IPS = new SerializedString("LinkLocalIPs");
    private static final SerializedString N_MAC_ADDRESS = new SerializedString("MacAddress");
    private static final SerializedString N_MODE = new SerializedString("Mode");
    private static final SerializedString N_MOUNTS = new SerializedString("Mounts");
    private static final SerializedString N_NAME = new SerializedString("Name");
    private static final SerializedString N_NAMES = new SerializedString("Names");
    private static final SerializedString N_NETWORKS = new SerializedString("Networks");
    private static final SerializedString N_NETWORK_ID = new SerializedString("NetworkID");
    private static final SerializedString N_NETWORK_MODE = new SerializedString("NetworkMode");
    private static final SerializedString N_NETWORK_SETTINGS = new SerializedString("NetworkSettings");
    private static final SerializedString N_PORTS = new SerializedString("Ports");
    private static final SerializedString N_PRIVATE_PORT = new SerializedString("PrivatePort");
    private static final SerializedString N_PROPAGATION = new SerializedString("Propagation");
    private static final SerializedString N_PUBLIC_PORT = new SerializedString("PublicPort");
    private static final SerializedString N_RW = new SerializedString("RW");
    private static final SerializedString N_SIZE_ROOT_FS = new SerializedString("SizeRootFs");
    private static final SerializedString N_SIZE_RW = new SerializedString("SizeRw");
    private static final SerializedString N_SOURCE = new SerializedString("Source");
    private static final SerializedString N_STATE = new SerializedString("State");
    private static final SerializedString N_STATUS = new SerializedString("Status");
    private static final SerializedString N_TYPE = new SerializedString("Type");

    private ContainerListJson() {
    }

    static byte[] write(List<ContainerSummary> list) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + list.size() * 1024);
        try (JsonGenerator g = Json.mapper().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartArray();
            for (ContainerSummary s : list) {
                summary(g, s);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static void summary(JsonGenerator g, ContainerSummary s) throws IOException {
        g.writeStartObject();
        string(g, N_ID, s.id());
        g.writeFieldName(N_NAMES);
        strings(g, s.names());
        string(g, N_IMAGE, s.image());
        string(g, N_IMAGE_ID, s.imageId());
        string(g, N_COMMAND, s.command());
        number(g, N_CREATED, s.created());
        g.writeFieldName(N_PORTS);
        ports(g, s.ports());
        if (s.sizeRw() != null) {
            number(g, N_SIZE_RW, s.sizeRw().longValue());
        }
        if (s.sizeRootFs() != null) {
            number(g, N_SIZE_ROOT_FS, s.sizeRootFs().longValue());
        }
        g.writeFieldName(N_LABELS);
        stringMap(g, s.labels());
        string(g, N_STATE, s.state());
        string(g, N_STATUS, s.status());
        g.writeFieldName(N_HOST_CONFIG);
        if (s.hostConfig() == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            string(g, N_NETWORK_MODE, s.hostConfig().networkMode());
            if (s.hostConfig().annotations() != null) {
                g.writeFieldName(N_ANNOTATIONS);
                stringMap(g, s.hostConfig().annotations());
            }
            g.writeEndObject();
        }
        g.writeFieldName(N_NETWORK_SETTINGS);
        if (s.networkSettings() == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            g.writeFieldName(N_NETWORKS);
            networks(g, s.networkSettings().networks());
            g.writeEndObject();
        }
        g.writeFieldName(N_MOUNTS);
        mounts(g, s.mounts());
        g.writeEndObject();
    }

    private static void ports(JsonGenerator g, List<Port> ports) throws IOException {
        if (ports == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (Port p : ports) {
            if (p == null) {
                g.writeNull();
                continue;
            }
            g.writeStartObject();
            if (p.ip() != null) {
                string(g, N_IP, p.ip());
            }
            number(g, N_PRIVATE_PORT, p.privatePort());
            if (p.publicPort() != null) {
                number(g, N_PUBLIC_PORT, p.publicPort().intValue());
            }
            string(g, N_TYPE, p.type());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void networks(JsonGenerator g, Map<String, EndpointSettings> networks) throws IOException {
        if (networks == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        for (Map.Entry<String, EndpointSettings> e : networks.entrySet()) {
            g.writeFieldName(e.getKey());
            endpoint(g, e.getValue());
        }
        g.writeEndObject();
    }

    private static void endpoint(JsonGenerator g, EndpointSettings e) throws IOException {
        if (e == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeFieldName(N_IPAMCONFIG);
        EndpointIpamConfig ipam = e.ipamConfig();
        if (ipam == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            if (ipam.ipv4Address() != null) {
                string(g, N_IPV4_ADDRESS, ipam.ipv4Address());
            }
            if (ipam.ipv6Address() != null) {
                string(g, N_IPV6_ADDRESS, ipam.ipv6Address());
            }
            if (ipam.linkLocalIps() != null) {
                g.writeFieldName(N_LINK_LOCAL_IPS);
                strings(g, ipam.linkLocalIps());
            }
            g.writeEndObject();
        }
        g.writeFieldName(N_LINKS);
        strings(g, e.links());
        g.writeFieldName(N_ALIASES);
        strings(g, e.aliases());
        string(g, N_MAC_ADDRESS, e.macAddress());
        g.writeFieldName(N_DRIVER_OPTS);
        stringMap(g, e.driverOpts());
        number(g, N_GW_PRIORITY, e.gwPriority());
        string(g, N_NETWORK_ID, e.networkId());
        string(g, N_ENDPOINT_ID, e.endpointId());
        string(g, N_GATEWAY, e.gateway());
        string(g, N_IPADDRESS, e.ipAddress());
        number(g, N_IPPREFIX_LEN, e.ipPrefixLen());
        string(g, N_IPV6_GATEWAY, e.ipv6Gateway());
        string(g, N_GLOBAL_IPV6_ADDRESS, e.globalIpv6Address());
        number(g, N_GLOBAL_IPV6_PREFIX_LEN, e.globalIpv6PrefixLen());
        g.writeFieldName(N_DNSNAMES);
        strings(g, e.dnsNames());
        g.writeEndObject();
    }

    private static void mounts(JsonGenerator g, List<MountPoint> mounts) throws IOException {
        if (mounts == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (MountPoint m : mounts) {
            if (m == null) {
                g.writeNull();
                continue;
            }
            g.writeStartObject();
            if (m.type() != null) {
                string(g, N_TYPE, m.type());
            }
            if (m.name() != null) {
                string(g, N_NAME, m.name());
            }
            string(g, N_SOURCE, m.source());
            string(g, N_DESTINATION, m.destination());
            if (m.driver() != null) {
                string(g, N_DRIVER, m.driver());
            }
            string(g, N_MODE, m.mode());
            bool(g, N_RW, m.rw());
            string(g, N_PROPAGATION, m.propagation());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** A {@code List<String>} as databind writes it: null as null, null elements as null. */
    private static void strings(JsonGenerator g, List<String> l) throws IOException {
        if (l == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (String s : l) {
            g.writeString(s); // null: writeNull
        }
        g.writeEndArray();
    }

    /** A {@code Map<String, String>} as databind writes it: in the map's order, null values as null. */
    private static void stringMap(JsonGenerator g, Map<String, String> m) throws IOException {
        if (m == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        for (Map.Entry<String, String> e : m.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    /** A string field; null: null (writeString writes it). */
    private static void string(JsonGenerator g, SerializedString name, String value) throws IOException {
        g.writeFieldName(name);
        g.writeString(value);
    }

    private static void number(JsonGenerator g, SerializedString name, long value) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(value);
    }

    private static void bool(JsonGenerator g, SerializedString name, boolean value) throws IOException {
        g.writeFieldName(name);
        g.writeBoolean(value);
    }
}

