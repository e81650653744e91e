package dev.jdock.daemon.cri.cni;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The capability arguments a runtime offers (CNI CONVENTIONS.md): each goes into a plugin's {@code runtimeConfig}
 * only when the plugin declares that capability true in its {@code capabilities}, as libcni does. containerd sends
 * {@code portMappings} (portmap), {@code bandwidth} (from the pod's bandwidth annotations) and {@code dns} (the pod's
 * DNS config); null or empty ones are not offered.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RuntimeConfig(List<PortMapping> portMappings, Bandwidth bandwidth, Dns dns) {
    public static final RuntimeConfig NONE = new RuntimeConfig(List.of(), null, null);

    public RuntimeConfig {
        portMappings = portMappings == null ? List.of() : List.copyOf(portMappings);
    }

    /** One host port (portmap's {@code portMappings} entry). {@code hostIP} empty: every host address. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record PortMapping(int hostPort, int containerPort, String protocol,
            @JsonProperty("hostIP") String hostIp) {
        public PortMapping {
            hostIp = hostIp == null ? "" : hostIp; // left out when empty: read back as null
        }

        /**
         * The CRI's port mappings as containerd passes them on: those without a host port are dropped (0 means
         * "not exposed"), the protocol lower-cased ({@code tcp}, {@code udp}, {@code sctp}).
         */
        public static List<PortMapping> fromCri(List<dev.jdock.daemon.cri.v1.PortMapping> cri) {
            List<PortMapping> out = new ArrayList<>();
            for (dev.jdock.daemon.cri.v1.PortMapping p : cri) {
                if (p.getHostPort() <= 0) {
                    continue;
                }
                out.add(new PortMapping(p.getHostPort(), p.getContainerPort(),
                        p.getProtocol().name().toLowerCase(Locale.ROOT), p.getHostIp()));
            }
            return out;
        }
    }

    /** The bandwidth plugin's capability: rates in bits per second, bursts in bits. */
    public record Bandwidth(long ingressRate, long ingressBurst, long egressRate, long egressBurst) {
    }

    /** The {@code dns} capability. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Dns(List<String> servers, List<String> searches, List<String> options) {
    }

    /** The capability arguments by name, only those that carry something. */
    Map<String, Object> offered() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!portMappings.isEmpty()) {
            m.put("portMappings", portMappings);
        }
        if (bandwidth != null) {
            m.put("bandwidth", bandwidth);
        }
        if (dns != null) {
            m.put("dns", dns);
        }
        return m;
    }
}
