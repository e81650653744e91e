package dev.jdock.daemon.container;

import dev.jdock.api.types.container.ContainerSummary;
import dev.jdock.api.types.container.EndpointIpamConfig;
import dev.jdock.api.types.container.EndpointSettings;
import dev.jdock.api.types.container.MountPoint;
import dev.jdock.api.types.container.Port;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /containers/json}: the bytes {@code Json.mapper().writeValueAsBytes} writes for the list
 * (then a newline, as every JSON response), written here by hand: the fixed parts (braces, field names, commas) as
 * constants, each string escaped as Jackson's UTF-8 generator escapes it ({@code \"}, {@code \\}, {@code \b \t \n \f
 * \r}, other controls and every surrogate as {@code \\uXXXX}, the rest as UTF-8). Databind reaches each field by
 * reflection, looks up its serializer and tracks the generator's context for every token: a daemon that has not
 * compiled those paths yet (the first lists after a start) spent a third of a 100-container list there. The field
 * order and inclusion are the records' ({@link ContainerSummary}, {@link Port}, {@link EndpointSettings},
 * {@link EndpointIpamConfig}, {@link MountPoint}): {@code ContainerListJsonTest} compares the two writers on every
 * component of those records and on every UTF-16 unit, so a field added there fails it until it is here.
 */
final class ContainerListJson {
    private static final byte[] NULL = ascii("null");
    private static final byte[] EMPTY_LIST = ascii("[]");
    private static final byte[] EMPTY_MAP = ascii("{}");
    // ContainerSummary
    private static final byte[] ID = ascii("{\"Id\":");
    private static final byte[] NAMES = ascii(",\"Names\":");
    private static final byte[] IMAGE = ascii(",\"Image\":");
    private static final byte[] IMAGE_ID = ascii(",\"ImageID\":");
    private static final byte[] COMMAND = ascii(",\"Command\":");
    private static final byte[] CREATED = ascii(",\"Created\":");
    private static final byte[] PORTS = ascii(",\"Ports\":");
    private static final byte[] SIZE_RW = ascii(",\"SizeRw\":");
    private static final byte[] SIZE_ROOT_FS = ascii(",\"SizeRootFs\":");
    private static final byte[] LABELS = ascii(",\"Labels\":");
    private static final byte[] STATE = ascii(",\"State\":");
    private static final byte[] STATUS = ascii(",\"Status\":");
    private static final byte[] HOST_CONFIG = ascii(",\"HostConfig\":");
    private static final byte[] NETWORK_MODE = ascii("{\"NetworkMode\":");
    private static final byte[] ANNOTATIONS = ascii(",\"Annotations\":");
    private static final byte[] NETWORK_SETTINGS = ascii(",\"NetworkSettings\":");
    private static final byte[] NETWORKS = ascii("{\"Networks\":");
    private static final byte[] MOUNTS = ascii(",\"Mounts\":");
    // Port
    private static final byte[] IP = ascii("{\"IP\":");
    private static final byte[] PRIVATE_PORT_AFTER_IP = ascii(",\"PrivatePort\":");
    private static final byte[] PRIVATE_PORT = ascii("{\"PrivatePort\":");
    private static final byte[] PUBLIC_PORT = ascii(",\"PublicPort\":");
    private static final byte[] TYPE = ascii(",\"Type\":");
    // EndpointSettings
    private static final byte[] IPAM_CONFIG = ascii("{\"IPAMConfig\":");
    private static final byte[] IPV4_ADDRESS = ascii("\"IPv4Address\":");
    private static final byte[] IPV6_ADDRESS = ascii("\"IPv6Address\":");
    private static final byte[] LINK_LOCAL_IPS = ascii("\"LinkLocalIPs\":");
    private static final byte[] LINKS = ascii(",\"Links\":");
    private static final byte[] ALIASES = ascii(",\"Aliases\":");
    private static final byte[] MAC_ADDRESS = ascii(",\"MacAddress\":");
    private static final byte[] DRIVER_OPTS = ascii(",\"DriverOpts\":");
    private static final byte[] GW_PRIORITY = ascii(",\"GwPriority\":");
    private static final byte[] NETWORK_ID = ascii(",\"NetworkID\":");
    private static final byte[] ENDPOINT_ID = ascii(",\"EndpointID\":");
    private static final byte[] GATEWAY = ascii(",\"Gateway\":");
    private static final byte[] IP_ADDRESS = ascii(",\"IPAddress\":");
    private static final byte[] IP_PREFIX_LEN = ascii(",\"IPPrefixLen\":");
    private static final byte[] IPV6_GATEWAY = ascii(",\"IPv6Gateway\":");
    private static final byte[] GLOBAL_IPV6_ADDRESS = ascii(",\"GlobalIPv6Address\":");
    private static final byte[] GLOBAL_IPV6_PREFIX_LEN = ascii(",\"GlobalIPv6PrefixLen\":");
    private static final byte[] DNS_NAMES = ascii(",\"DNSNames\":");
    // MountPoint
    private static final byte[] MOUNT_TYPE = ascii("\"Type\":");
    private static final byte[] MOUNT_NAME = ascii("\"Name\":");
    private static final byte[] SOURCE = ascii("\"Source\":");
    private static final byte[] DESTINATION = ascii(",\"Destination\":");
    private static final byte[] DRIVER = ascii(",\"Driver\":");
    private static final byte[] MODE = ascii(",\"Mode\":");
    private static final byte[] RW_TRUE = ascii(",\"RW\":true");
    private static final byte[] RW_FALSE = ascii(",\"RW\":false");
    private static final byte[] PROPAGATION = ascii(",\"Propagation\":");

    /** Jackson's escapes of ASCII: 0 none, a letter for {@code \X}, -1 for {@code \\u00XX}. */
    private static final byte[] ESCAPES = new byte[128];
    private static final byte[] HEX = ascii("0123456789ABCDEF");

    static {
        Arrays.fill(ESCAPES, 0, 32, (byte) -1);
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
    }

    private ContainerListJson() {
    }

    static byte[] write(List<ContainerSummary> list) {
        Out o = new Out(256 + list.size() * 1024);
        list(o, list, ContainerListJson::summary);
        o.ascii('\n');
        return o.bytes();
    }

    private static void summary(Out o, ContainerSummary s) {
        o.raw(ID);
        o.string(s.id());
        o.raw(NAMES);
        list(o, s.names(), Out::string);
        o.raw(IMAGE);
        o.string(s.image());
        o.raw(IMAGE_ID);
        o.string(s.imageId());
        o.raw(COMMAND);
        o.string(s.command());
        o.raw(CREATED);
        o.number(s.created());
        o.raw(PORTS);
        list(o, s.ports(), ContainerListJson::port);
        if (s.sizeRw() != null && s.sizeRw() != 0) { // Go's omitempty: a container that changed nothing has none
            o.raw(SIZE_RW);
            o.number(s.sizeRw());
        }
        if (s.sizeRootFs() != null && s.sizeRootFs() != 0) {
            o.raw(SIZE_ROOT_FS);
            o.number(s.sizeRootFs());
        }
        o.raw(LABELS);
        map(o, s.labels(), Out::string);
        o.raw(STATE);
        o.string(s.state());
        o.raw(STATUS);
        o.string(s.status());
        o.raw(HOST_CONFIG);
        if (s.hostConfig() == null) {
            o.raw(NULL);
        } else {
            o.raw(NETWORK_MODE);
            o.string(s.hostConfig().networkMode());
            if (s.hostConfig().annotations() != null) {
                o.raw(ANNOTATIONS);
                map(o, s.hostConfig().annotations(), Out::string);
            }
            o.ascii('}');
        }
        o.raw(NETWORK_SETTINGS);
        if (s.networkSettings() == null) {
            o.raw(NULL);
        } else {
            o.raw(NETWORKS);
            map(o, s.networkSettings().networks(), ContainerListJson::endpoint);
            o.ascii('}');
        }
        o.raw(MOUNTS);
        list(o, s.mounts(), ContainerListJson::mount);
        o.ascii('}');
    }

    private static void port(Out o, Port p) {
        if (p.ip() != null) {
            o.raw(IP);
            o.string(p.ip());
            o.raw(PRIVATE_PORT_AFTER_IP);
        } else {
            o.raw(PRIVATE_PORT);
        }
        o.number(p.privatePort());
        if (p.publicPort() != null) {
            o.raw(PUBLIC_PORT);
            o.number(p.publicPort());
        }
        o.raw(TYPE);
        o.string(p.type());
        o.ascii('}');
    }

    private static void endpoint(Out o, EndpointSettings e) {
        o.raw(IPAM_CONFIG);
        EndpointIpamConfig ipam = e.ipamConfig();
        if (ipam == null) {
            o.raw(NULL);
        } else {
            char sep = '{';
            if (ipam.ipv4Address() != null) {
                o.ascii(sep);
                sep = ',';
                o.raw(IPV4_ADDRESS);
                o.string(ipam.ipv4Address());
            }
            if (ipam.ipv6Address() != null) {
                o.ascii(sep);
                sep = ',';
                o.raw(IPV6_ADDRESS);
                o.string(ipam.ipv6Address());
            }
            if (ipam.linkLocalIps() != null) {
                o.ascii(sep);
                sep = ',';
                o.raw(LINK_LOCAL_IPS);
                list(o, ipam.linkLocalIps(), Out::string);
            }
            if (sep == '{') {
                o.raw(EMPTY_MAP);
            } else {
                o.ascii('}');
            }
        }
        o.raw(LINKS);
        list(o, e.links(), Out::string);
        o.raw(ALIASES);
        list(o, e.aliases(), Out::string);
        o.raw(MAC_ADDRESS);
        o.string(e.macAddress());
        o.raw(DRIVER_OPTS);
        map(o, e.driverOpts(), Out::string);
        o.raw(GW_PRIORITY);
        o.number(e.gwPriority());
        o.raw(NETWORK_ID);
        o.string(e.networkId());
        o.raw(ENDPOINT_ID);
        o.string(e.endpointId());
        o.raw(GATEWAY);
        o.string(e.gateway());
        o.raw(IP_ADDRESS);
        o.string(e.ipAddress());
        o.raw(IP_PREFIX_LEN);
        o.number(e.ipPrefixLen());
        o.raw(IPV6_GATEWAY);
        o.string(e.ipv6Gateway());
        o.raw(GLOBAL_IPV6_ADDRESS);
        o.string(e.globalIpv6Address());
        o.raw(GLOBAL_IPV6_PREFIX_LEN);
        o.number(e.globalIpv6PrefixLen());
        o.raw(DNS_NAMES);
        list(o, e.dnsNames(), Out::string);
        o.ascii('}');
    }

    private static void mount(Out o, MountPoint m) {
        o.ascii('{');
        if (m.type() != null) {
            o.raw(MOUNT_TYPE);
            o.string(m.type());
            o.ascii(',');
        }
        if (m.name() != null) {
            o.raw(MOUNT_NAME);
            o.string(m.name());
            o.ascii(',');
        }
        o.raw(SOURCE);
        o.string(m.source());
        o.raw(DESTINATION);
        o.string(m.destination());
        if (m.driver() != null) {
            o.raw(DRIVER);
            o.string(m.driver());
        }
        o.raw(MODE);
        o.string(m.mode());
        o.raw(m.rw() ? RW_TRUE : RW_FALSE);
        o.raw(PROPAGATION);
        o.string(m.propagation());
        o.ascii('}');
    }

    /** How one non-null element or value is written. */
    private interface Writer<T> {
        void write(Out o, T value);
    }

    /** A list as databind writes it: null as null, null elements as null. */
    private static <T> void list(Out o, List<T> l, Writer<T> each) {
        if (l == null) {
            o.raw(NULL);
            return;
        }
        if (l.isEmpty()) {
            o.raw(EMPTY_LIST);
            return;
        }
        char sep = '[';
        for (T t : l) {
            o.ascii(sep);
            sep = ',';
            if (t == null) {
                o.raw(NULL);
            } else {
                each.write(o, t);
            }
        }
        o.ascii(']');
    }

    /** A {@code Map<String, V>} as databind writes it: in the map's order, null values as null, a null key refused. */
    private static <V> void map(Out o, Map<String, V> m, Writer<V> each) {
        if (m == null) {
            o.raw(NULL);
            return;
        }
        if (m.isEmpty()) {
            o.raw(EMPTY_MAP);
            return;
        }
        char sep = '{';
        for (Map.Entry<String, V> e : m.entrySet()) {
            o.ascii(sep);
            sep = ',';
            if (e.getKey() == null) { // as databind: a JSON object has no null name
                throw new IllegalArgumentException("Null key for a Map not allowed in JSON");
            }
            o.string(e.getKey());
            o.ascii(':');
            if (e.getValue() == null) {
                o.raw(NULL);
            } else {
                each.write(o, e.getValue());
            }
        }
        o.ascii('}');
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A growing byte buffer. */
    private static final class Out {
        private byte[] buf;
        private int len;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        private void ensure(int more) {
            if (len + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
            }
        }

        void ascii(char c) {
            ensure(1);
            buf[len++] = (byte) c;
        }

        void raw(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }

        void number(long v) {
            String t = Long.toString(v);
            ensure(t.length());
            for (int i = 0; i < t.length(); i++) {
                buf[len++] = (byte) t.charAt(i);
            }
        }

        /** A JSON string as Jackson's UTF8JsonGenerator writes it (the defaults: no ASCII-only output); null: null. */
        void string(String s) {
            if (s == null) {
                raw(NULL);
                return;
            }
            int n = s.length();
            ensure(n * 6 + 2); // at most \\uXXXX per UTF-16 unit
            byte[] b = buf;
            int p = len;
            b[p++] = '"';
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    byte e = ESCAPES[c];
                    if (e == 0) {
                        b[p++] = (byte) c;
                    } else if (e > 0) {
                        b[p++] = '\\';
                        b[p++] = e;
                    } else {
                        p = unicodeEscape(b, p, c);
                    }
                } else if (c < 0x800) {
                    b[p++] = (byte) (0xC0 | (c >> 6));
                    b[p++] = (byte) (0x80 | (c & 0x3F));
                } else if (c >= 0xD800 && c <= 0xDFFF) { // Jackson escapes each half of a pair, and a lone one
                    p = unicodeEscape(b, p, c);
                } else {
                    b[p++] = (byte) (0xE0 | (c >> 12));
                    b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    b[p++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            b[p++] = '"';
            len = p;
        }

        private static int unicodeEscape(byte[] b, int p, char c) {
            b[p++] = '\\';
            b[p++] = 'u';
            b[p++] = HEX[(c >> 12) & 0xF];
            b[p++] = HEX[(c >> 8) & 0xF];
            b[p++] = HEX[(c >> 4) & 0xF];
            b[p++] = HEX[c & 0xF];
            return p;
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, len);
        }
    }
}
