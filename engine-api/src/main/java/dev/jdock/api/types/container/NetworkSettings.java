package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * {@code NetworkSettings} of a container inspect (with the deprecated top-level default-bridge fields).
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
@com.fasterxml.jackson.annotation.JsonPropertyOrder({"Bridge", "SandboxID", "SandboxKey", "Ports", "HairpinMode",
    "LinkLocalIPv6Address", "LinkLocalIPv6PrefixLen", "SecondaryIPAddresses", "SecondaryIPv6Addresses"}) // moby 25+
public record NetworkSettings(
        @JsonProperty("Bridge") String bridge,
        @JsonProperty("SandboxID") String sandboxId,
        @JsonProperty("HairpinMode") boolean hairpinMode,
        @JsonProperty("LinkLocalIPv6Address") String linkLocalIpv6Address,
        @JsonProperty("LinkLocalIPv6PrefixLen") int linkLocalIpv6PrefixLen,
        @JsonProperty("Ports") Map<String,List<PortBinding>> ports,
        @JsonProperty("SandboxKey") String sandboxKey,
        @JsonProperty("SecondaryIPAddresses") List<Object> secondaryIpAddresses,
        @JsonProperty("SecondaryIPv6Addresses") List<Object> secondaryIpv6Addresses,
        @JsonProperty("EndpointID") String endpointId,
        @JsonProperty("Gateway") String gateway,
        @JsonProperty("GlobalIPv6Address") String globalIpv6Address,
        @JsonProperty("GlobalIPv6PrefixLen") int globalIpv6PrefixLen,
        @JsonProperty("IPAddress") String ipAddress,
        @JsonProperty("IPPrefixLen") int ipPrefixLen,
        @JsonProperty("IPv6Gateway") String ipv6Gateway,
        @JsonProperty("MacAddress") String macAddress,
        @JsonProperty("Networks") Map<String,EndpointSettings> networks) {

    public NetworkSettings {
        bridge = bridge == null ? "" : bridge;
        sandboxId = sandboxId == null ? "" : sandboxId;
        linkLocalIpv6Address = linkLocalIpv6Address == null ? "" : linkLocalIpv6Address;
        sandboxKey = sandboxKey == null ? "" : sandboxKey;
        endpointId = endpointId == null ? "" : endpointId;
        gateway = gateway == null ? "" : gateway;
        globalIpv6Address = globalIpv6Address == null ? "" : globalIpv6Address;
        ipAddress = ipAddress == null ? "" : ipAddress;
        ipv6Gateway = ipv6Gateway == null ? "" : ipv6Gateway;
        macAddress = macAddress == null ? "" : macAddress;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.bridge = bridge;
        b.sandboxId = sandboxId;
        b.hairpinMode = hairpinMode;
        b.linkLocalIpv6Address = linkLocalIpv6Address;
        b.linkLocalIpv6PrefixLen = linkLocalIpv6PrefixLen;
        b.ports = ports;
        b.sandboxKey = sandboxKey;
        b.secondaryIpAddresses = secondaryIpAddresses;
        b.secondaryIpv6Addresses = secondaryIpv6Addresses;
        b.endpointId = endpointId;
        b.gateway = gateway;
        b.globalIpv6Address = globalIpv6Address;
        b.globalIpv6PrefixLen = globalIpv6PrefixLen;
        b.ipAddress = ipAddress;
        b.ipPrefixLen = ipPrefixLen;
        b.ipv6Gateway = ipv6Gateway;
        b.macAddress = macAddress;
        b.networks = networks;
        return b;
    }

    /** Mutable builder; unset fields keep Java defaults (null / false / 0). */
    public static final class Builder {
        private String bridge;
        private String sandboxId;
        private boolean hairpinMode;
        private String linkLocalIpv6Address;
        private int linkLocalIpv6PrefixLen;
        private Map<String,List<PortBinding>> ports;
        private String sandboxKey;
        private List<Object> secondaryIpAddresses;
        private List<Object> secondaryIpv6Addresses;
        private String endpointId;
        private String gateway;
        private String globalIpv6Address;
        private int globalIpv6PrefixLen;
        private String ipAddress;
        private int ipPrefixLen;
        private String ipv6Gateway;
        private String macAddress;
        private Map<String,EndpointSettings> networks;

        private Builder() {
        }

        public Builder bridge(String bridge) {
            this.bridge = bridge;
            return this;
        }

        public Builder sandboxId(String sandboxId) {
            this.sandboxId = sandboxId;
            return this;
        }

        public Builder hairpinMode(boolean hairpinMode) {
            this.hairpinMode = hairpinMode;
            return this;
        }

        public Builder linkLocalIpv6Address(String linkLocalIpv6Address) {
            this.linkLocalIpv6Address = linkLocalIpv6Address;
            return this;
        }

        public Builder linkLocalIpv6PrefixLen(int linkLocalIpv6PrefixLen) {
            this.linkLocalIpv6PrefixLen = linkLocalIpv6PrefixLen;
            return this;
        }

        public Builder ports(Map<String,List<PortBinding>> ports) {
            this.ports = ports;
            return this;
        }

        public Builder sandboxKey(String sandboxKey) {
            this.sandboxKey = sandboxKey;
            return this;
        }

        public Builder secondaryIpAddresses(List<Object> secondaryIpAddresses) {
            this.secondaryIpAddresses = secondaryIpAddresses;
            return this;
        }

        public Builder secondaryIpv6Addresses(List<Object> secondaryIpv6Addresses) {
            this.secondaryIpv6Addresses = secondaryIpv6Addresses;
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

        public Builder globalIpv6Address(String globalIpv6Address) {
            this.globalIpv6Address = globalIpv6Address;
            return this;
        }

        public Builder globalIpv6PrefixLen(int globalIpv6PrefixLen) {
            this.globalIpv6PrefixLen = globalIpv6PrefixLen;
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

        public Builder macAddress(String macAddress) {
            this.macAddress = macAddress;
            return this;
        }

        public Builder networks(Map<String,EndpointSettings> networks) {
            this.networks = networks;
            return this;
        }

        public NetworkSettings build() {
            return new NetworkSettings(bridge, sandboxId, hairpinMode, linkLocalIpv6Address, linkLocalIpv6PrefixLen, ports, sandboxKey, secondaryIpAddresses, secondaryIpv6Addresses, endpointId, gateway, globalIpv6Address, globalIpv6PrefixLen, ipAddress, ipPrefixLen, ipv6Gateway, macAddress, networks);
        }
    }
}
