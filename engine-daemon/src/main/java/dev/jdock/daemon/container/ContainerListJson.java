package dev.jdock.daemon.container;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
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
        g.writeStringField("Id", s.id());
        g.writeFieldName("Names");
        strings(g, s.names());
        g.writeStringField("Image", s.image());
        g.writeStringField("ImageID", s.imageId());
        g.writeStringField("Command", s.command());
        g.writeNumberField("Created", s.created());
        g.writeFieldName("Ports");
        ports(g, s.ports());
        if (s.sizeRw() != null) {
            g.writeNumberField("SizeRw", s.sizeRw().longValue());
        }
        if (s.sizeRootFs() != null) {
            g.writeNumberField("SizeRootFs", s.sizeRootFs().longValue());
        }
        g.writeFieldName("Labels");
        stringMap(g, s.labels());
        g.writeStringField("State", s.state());
        g.writeStringField("Status", s.status());
        g.writeFieldName("HostConfig");
        if (s.hostConfig() == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            g.writeStringField("NetworkMode", s.hostConfig().networkMode());
            if (s.hostConfig().annotations() != null) {
                g.writeFieldName("Annotations");
                stringMap(g, s.hostConfig().annotations());
            }
            g.writeEndObject();
        }
        g.writeFieldName("NetworkSettings");
        if (s.networkSettings() == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            g.writeFieldName("Networks");
            networks(g, s.networkSettings().networks());
            g.writeEndObject();
        }
        g.writeFieldName("Mounts");
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
                g.writeStringField("IP", p.ip());
            }
            g.writeNumberField("PrivatePort", p.privatePort());
            if (p.publicPort() != null) {
                g.writeNumberField("PublicPort", p.publicPort().intValue());
            }
            g.writeStringField("Type", p.type());
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
        g.writeFieldName("IPAMConfig");
        EndpointIpamConfig ipam = e.ipamConfig();
        if (ipam == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            if (ipam.ipv4Address() != null) {
                g.writeStringField("IPv4Address", ipam.ipv4Address());
            }
            if (ipam.ipv6Address() != null) {
                g.writeStringField("IPv6Address", ipam.ipv6Address());
            }
            if (ipam.linkLocalIps() != null) {
                g.writeFieldName("LinkLocalIPs");
                strings(g, ipam.linkLocalIps());
            }
            g.writeEndObject();
        }
        g.writeFieldName("Links");
        strings(g, e.links());
        g.writeFieldName("Aliases");
        strings(g, e.aliases());
        g.writeStringField("MacAddress", e.macAddress());
        g.writeFieldName("DriverOpts");
        stringMap(g, e.driverOpts());
        g.writeNumberField("GwPriority", e.gwPriority());
        g.writeStringField("NetworkID", e.networkId());
        g.writeStringField("EndpointID", e.endpointId());
        g.writeStringField("Gateway", e.gateway());
        g.writeStringField("IPAddress", e.ipAddress());
        g.writeNumberField("IPPrefixLen", e.ipPrefixLen());
        g.writeStringField("IPv6Gateway", e.ipv6Gateway());
        g.writeStringField("GlobalIPv6Address", e.globalIpv6Address());
        g.writeNumberField("GlobalIPv6PrefixLen", e.globalIpv6PrefixLen());
        g.writeFieldName("DNSNames");
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
                g.writeStringField("Type", m.type());
            }
            if (m.name() != null) {
                g.writeStringField("Name", m.name());
            }
            g.writeStringField("Source", m.source());
            g.writeStringField("Destination", m.destination());
            if (m.driver() != null) {
                g.writeStringField("Driver", m.driver());
            }
            g.writeStringField("Mode", m.mode());
            g.writeBooleanField("RW", m.rw());
            g.writeStringField("Propagation", m.propagation());
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
}
