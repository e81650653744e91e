package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A container's settings on one network ({@code EndpointsConfig} values, {@code NetworkSettings.Networks} values).
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record EndpointSettings(
        @JsonProperty("IPAMConfig") EndpointIpamConfig ipamConfig,
        @JsonProperty("Links") List<String> links,
        @JsonProperty("Aliases") List<String> aliases,
        @JsonProperty("MacAddress") String macAddress,
        @JsonProperty("DriverOpts") Map<String,String> driverOpts,
        @JsonProperty("GwPriority") long gwPriority,
        @JsonProperty("NetworkID") String networkId,
        @JsonProperty("EndpointID") String endpointId,
        @JsonProperty("Gateway") String gateway,
        @JsonProperty("IPAddress") String ipAddress,
        @JsonProperty("IPPrefixLen") int ipPrefixLen,
        @JsonProperty("IPv6Gateway") String ipv6Gateway,
        @JsonProperty("GlobalIPv6Address") String globalIpv6Address,
        @JsonProperty("GlobalIPv6PrefixLen") int globalIpv6PrefixLen,
        @JsonProperty("DNSNames") List<String> dnsNames) {

    public EndpointSettings {
        macAddress = macAddress == null ? "" : macAddress;
        networkId = networkId == null ? "" : networkId;
        endpointId = endpointId == null ? "" : endpointId;
        gateway = gateway == null ? "" : gateway;
        ipAddress = ipAddress == null ? "" : ipAddress;
        ipv6Gateway = ipv6Gateway == null ? "" : ipv6Gateway;
        globalIpv6Address = globalIpv6Address == null ? "" : globalIpv6Address;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.ipamConfig = ipamConfig;
        b.links = links;
        b.aliases = aliases;
        b.macAddress = macAddress;
        b.driverOpts = driverOpts;
        b.gwPriority = gwPriority;
        b.networkId = networkId;
        b.endpointId = endpointId;
        b.gateway = gateway;
        b.ipAddress = ipAddress;
        b.ipPrefixLen = ipPrefixLen;
        b.ipv6Gateway = ipv6Gateway;
        b.globalIpv6Address = globalIpv6Address;
        b.globalIpv6PrefixLen = globalIpv6PrefixLen;
        b.dnsNames = dnsNames;
        return b;
    }

    /** Mutable builder; unset fields keep Java defaults (null / false / 0). */
    public static final class Builder {
        private EndpointIpamConfig ipamConfig;
        private List<String> links;
        private List<String> aliases;
        private String macAddress;
        private Map<String,String> driverOpts;
        private long gwPriority;
        private String networkId;
        private String endpointId;
        private String gateway;
        private String ipAddress;
        private int ipPrefixLen;
        private String ipv6Gateway;
        private String globalIpv6Address;
        private int globalIpv6PrefixLen;
        private List<String> dnsNames;

        private Builder() {
        }

        public Builder ipamConfig(EndpointIpamConfig ipamConfig) {
            this.ipamConfig = ipamConfig;
            return this;
        }

        public Builder links(List<String> links) {
            this.links = links;
            return this;
        }

        public Builder aliases(List<String> aliases) {
            this.aliases = aliases;
            return this;
        }

        public Builder macAddress(String macAddress) {
            this.macAddress = macAddress;
            return this;
        }

        public Builder driverOpts(Map<String,String> driverOpts) {
            this.driverOpts = driverOpts;
            return this;
        }

        /** API 1.48: the endpoint with the highest priority gives the container its default gateway. */
        public Builder gwPriority(long gwPriority) {
            this.gwPriority = gwPriority;
            return this;
        }

        public Builder networkId(String networkId) {
            this.networkId = networkId;
            return this;
        }

        public Builder endpointId(String endpointId) {
            this.endpointId = endpointId;
            return this;
        }

        public Builder gateway(String gateway) {
            this.gateway = gateway;
            return this;
        }

        public Builder ipAddress(String ipAddress) {
            this.ipAddress = ipAddress;
            return this;
        }

        public Builder ipPrefixLen(int ipPrefixLen) {
            this.ipPrefixLen = ipPrefixLen;
            return this;
        }

        public Builder ipv6Gateway(String ipv6Gateway) {
            this.ipv6Gateway = ipv6Gateway;
            return this;
        }

        public Builder globalIpv6Address(String globalIpv6Address) {
            this.globalIpv6Address = globalIpv6Address;
            return this;
        }

        public Builder globalIpv6PrefixLen(int globalIpv6PrefixLen) {
            this.globalIpv6PrefixLen = globalIpv6PrefixLen;
            return this;
        }

        public Builder dnsNames(List<String> dnsNames) {
            this.dnsNames = dnsNames;
            return this;
        }

        public EndpointSettings build() {
            return new EndpointSettings(ipamConfig, links, aliases, macAddress, driverOpts, gwPriority, networkId, endpointId, gateway, ipAddress, ipPrefixLen, ipv6Gateway, globalIpv6Address, globalIpv6PrefixLen, dnsNames);
        }
    }
}
