package dev.jdock.daemon.cri.cni;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * A plugin's ADD result (SPEC "Result", 0.3.0 to 1.1.0): the interfaces it made, the IP configurations (each
 * pointing into {@code interfaces} by index), routes and DNS. Unknown fields (0.3.x's per-IP {@code version}) are
 * ignored; the exact JSON a plugin printed is what the next plugin gets as prevResult, not this record.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CniResult(String cniVersion, List<Interface> interfaces, List<IpConfig> ips, List<Route> routes,
        Dns dns) {
    public CniResult {
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
        ips = ips == null ? List.of() : List.copyOf(ips);
        routes = routes == null ? List.of() : List.copyOf(routes);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Interface(String name, String mac, Integer mtu, String sandbox, String socketPath,
            @JsonProperty("pciID") String pciId) {
    }

    /** {@code address} in CIDR form; {@code interfaceIndex} is the SPEC's {@code interface}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IpConfig(String address, String gateway, @JsonProperty("interface") Integer interfaceIndex) {
        /** The address without its prefix length. */
        public String ip() {
            int slash = address == null ? -1 : address.indexOf('/');
            return slash < 0 ? address : address.substring(0, slash);
        }

        boolean isV4() {
            return address != null && address.indexOf(':') < 0;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Route(String dst, String gw, Integer mtu, Integer advmss, Integer priority, Integer table,
            Integer scope) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Dns(List<String> nameservers, String domain, List<String> search, List<String> options) {
    }

    /**
     * The pod's IPs as containerd picks them: the addresses on the interface named {@code ifName} that lives in a
     * sandbox (the pod's netns), IPv4 first; the first one is the pod's IP, the others its additional IPs.
     */
    public List<String> podIps(String ifName) {
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        for (IpConfig ip : ips) {
            Integer i = ip.interfaceIndex();
            if (i == null || i < 0 || i >= interfaces.size()) {
                continue;
            }
            Interface itf = interfaces.get(i);
            if (ifName.equals(itf.name()) && itf.sandbox() != null && !itf.sandbox().isEmpty()) {
                (ip.isV4() ? v4 : v6).add(ip.ip());
            }
        }
        v4.addAll(v6);
        return v4;
    }
}
