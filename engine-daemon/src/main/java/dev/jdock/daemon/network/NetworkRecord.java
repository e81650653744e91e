package dev.jdock.daemon.network;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * A network as stored in {@code <data-root>/network/networks/<id>.json}. Driver is "bridge", "macvlan", "host" or
 * "null". Bridge and macvlan networks have a subnet (CIDR), gateway, optional ip-range and aux addresses; a bridge
 * network has its Linux bridge ({@code bridge}), a macvlan network its parent link (option {@code parent}).
 * {@code ipamOptions} are the request's IPAM.Options, as given (null when it sent none). A config-only network
 * ({@code configOnly}, driver "null") only holds a configuration (subnet, gateway, range, aux addresses, options,
 * labels, IPAM options) for the networks created with {@code configFrom} naming it; it has no bridge and no endpoint.
 * The three are left out of the state file at their defaults, so such a network is stored as before they existed.
 */
public record NetworkRecord(String id, String name, String driver, String created, String bridge, String subnet,
        String gateway, String ipRange, Map<String, String> auxAddresses, boolean internal, boolean attachable,
        Map<String, String> labels, Map<String, String> options, int mtu, boolean icc, boolean userDefinedSubnet,
        String bridgeCreator, @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> ipamOptions,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean configOnly,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String configFrom) {
    /** {@link #bridgeCreator}: jdock made the Linux bridge; it may set its addresses and delete it. */
    public static final String BY_JDOCK = "jdock";
    /** {@link #bridgeCreator}: the bridge existed before the network; jdock adds its gateway, strips and deletes nothing. */
    public static final String BY_USER = "user";

    public NetworkRecord {
        auxAddresses = auxAddresses == null ? Map.of() : Map.copyOf(auxAddresses);
        labels = labels == null ? Map.of() : labels;
        options = options == null ? Map.of() : options;
        configFrom = configFrom == null ? "" : configFrom;
    }

    public NetworkRecord(String id, String name, String driver, String created, String bridge, String subnet,
            String gateway, String ipRange, Map<String, String> auxAddresses, boolean internal, boolean attachable,
            Map<String, String> labels, Map<String, String> options, int mtu, boolean icc, boolean userDefinedSubnet,
            String bridgeCreator) {
        this(id, name, driver, created, bridge, subnet, gateway, ipRange, auxAddresses, internal, attachable, labels,
                options, mtu, icc, userDefinedSubnet, bridgeCreator, null, false, "");
    }

    /** A network whose bridge's creator is not known yet (decided when the bridge is claimed). */
    public NetworkRecord(String id, String name, String driver, String created, String bridge, String subnet,
            String gateway, String ipRange, Map<String, String> auxAddresses, boolean internal, boolean attachable,
            Map<String, String> labels, Map<String, String> options, int mtu, boolean icc, boolean userDefinedSubnet) {
        this(id, name, driver, created, bridge, subnet, gateway, ipRange, auxAddresses, internal, attachable, labels,
                options, mtu, icc, userDefinedSubnet, null);
    }

    public NetworkRecord withBridgeCreator(String creator) {
        return new NetworkRecord(id, name, driver, created, bridge, subnet, gateway, ipRange, auxAddresses, internal,
                attachable, labels, options, mtu, icc, userDefinedSubnet, creator, ipamOptions, configOnly, configFrom);
    }

    /** This network with its IPAM options, config-only flag and config network. */
    public NetworkRecord withConfig(Map<String, String> newIpamOptions, boolean newConfigOnly, String newConfigFrom) {
        return new NetworkRecord(id, name, driver, created, bridge, subnet, gateway, ipRange, auxAddresses, internal,
                attachable, labels, options, mtu, icc, userDefinedSubnet, bridgeCreator, newIpamOptions,
                newConfigOnly, newConfigFrom);
    }

    /**
     * Whether jdock made this network's bridge. Records written before the creator was kept: only the bridges whose
     * name jdock chose (the default network's, {@code jd-<id>}); a bridge named by the user is never presumed ours.
     */
    @JsonIgnore
    public boolean ownsBridge() {
        if (bridgeCreator != null) {
            return BY_JDOCK.equals(bridgeCreator);
        }
        return isBridge() && ("true".equals(options.get("com.docker.network.bridge.default_bridge"))
                || bridge.equals("jd-" + id.substring(0, Math.min(12, id.length()))));
    }

    @JsonIgnore
    public boolean isBridge() {
        return "bridge".equals(driver);
    }

    @JsonIgnore
    public boolean isMacvlan() {
        return "macvlan".equals(driver);
    }

    /** A network whose containers get an address of its own subnet (bridge, macvlan). */
    @JsonIgnore
    public boolean hasIpam() {
        return isBridge() || isMacvlan();
    }

    /** The default network ("bridge") has no embedded DNS and fills inspect's top-level fields. */
    @JsonIgnore
    public boolean isDefaultBridge() {
        return "bridge".equals(name) && isBridge();
    }

    @JsonIgnore
    public Subnet subnetValue() {
        return Subnet.parse(subnet);
    }

    @JsonIgnore
    public Ipam ipam() {
        return new Ipam(subnetValue(), Ipv4.parse(gateway), ipRange == null || ipRange.isEmpty() ? null
                : Subnet.parse(ipRange), auxAddresses);
    }
}
