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
 * An IPv6 network ({@code enableIpv6}) has an IPv6 pool besides its IPv4 one: {@code subnet6}, {@code gateway6} and
 * an optional {@code ipRange6} (its aux addresses are in {@code auxAddresses} with the IPv4 ones), and whether the
 * client gave the subnet ({@code userDefinedSubnet6}, else taken from the default pool); left out when empty, as the
 * three above.
 */
public record NetworkRecord(String id, String name, String driver, String created, String bridge, String subnet,
        String gateway, String ipRange, Map<String, String> auxAddresses, boolean internal, boolean attachable,
        Map<String, String> labels, Map<String, String> options, int mtu, boolean icc, boolean userDefinedSubnet,
        String bridgeCreator, @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> ipamOptions,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean configOnly,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String configFrom,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean enableIpv6,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String subnet6,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String gateway6,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String ipRange6,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean userDefinedSubnet6) {
    /** {@link #bridgeCreator}: jdock made the Linux bridge; it may set its addresses and delete it. */
    public static final String BY_JDOCK = "jdock";
    /** {@link #bridgeCreator}: the bridge existed before the network; jdock adds its gateway, strips and deletes nothing. */
    public static final String BY_USER = "user";

    public NetworkRecord {
        auxAddresses = auxAddresses == null ? Map.of() : Map.copyOf(auxAddresses);
        labels = labels == null ? Map.of() : labels;
        options = options == null ? Map.of() : options;
        configFrom = configFrom == null ? "" : configFrom;
        subnet6 = subnet6 == null ? "" : subnet6;
        gateway6 = gateway6 == null ? "" : gateway6;
        ipRange6 = ipRange6 == null ? "" : ipRange6;
    }

    /** A network without IPv6 (every field of it at its default). */
    public NetworkRecord(String id, String name, String driver, String created, String bridge, String subnet,
            String gateway, String ipRange, Map<String, String> auxAddresses, boolean internal, boolean attachable,
            Map<String, String> labels, Map<String, String> options, int mtu, boolean icc, boolean userDefinedSubnet,
            String bridgeCreator, Map<String, String> ipamOptions, boolean configOnly, String configFrom) {
        this(id, name, driver, created, bridge, subnet, gateway, ipRange, auxAddresses, internal, attachable, labels,
                options, mtu, icc, userDefinedSubnet, bridgeCreator, ipamOptions, configOnly, configFrom, false, "", "",
                "", false);
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
                attachable, labels, options, mtu, icc, userDefinedSubnet, creator, ipamOptions, configOnly, configFrom,
                enableIpv6, subnet6, gateway6, ipRange6, userDefinedSubnet6);
    }

    /** This network with its IPAM options, config-only flag and config network. */
    public NetworkRecord withConfig(Map<String, String> newIpamOptions, boolean newConfigOnly, String newConfigFrom) {
        return new NetworkRecord(id, name, driver, created, bridge, subnet, gateway, ipRange, auxAddresses, internal,
                attachable, labels, options, mtu, icc, userDefinedSubnet, bridgeCreator, newIpamOptions,
                newConfigOnly, newConfigFrom, enableIpv6, subnet6, gateway6, ipRange6, userDefinedSubnet6);
    }

    /** This network with IPv6 on ({@code subnet6} not empty) or off (all empty). */
    public NetworkRecord withIpv6(boolean enable, String newSubnet6, String newGateway6, String newIpRange6,
            boolean userSubnet6) {
        return new NetworkRecord(id, name, driver, created, bridge, subnet, gateway, ipRange, auxAddresses, internal,
                attachable, labels, options, mtu, icc, userDefinedSubnet, bridgeCreator, ipamOptions, configOnly,
                configFrom, enable, newSubnet6, newGateway6, newIpRange6, userSubnet6);
    }

    /** Whether containers get an IPv6 address here: IPv6 enabled, with its pool (a bridge or macvlan network). */
    @JsonIgnore
    public boolean hasIpv6() {
        return enableIpv6 && !subnet6.isEmpty() && hasIpam();
    }

    @JsonIgnore
    public Subnet6 subnet6Value() {
        return Subnet6.parse(subnet6);
    }

    /** The IPv6 pool's address management; call only when {@link #hasIpv6}. */
    @JsonIgnore
    public Ipam6 ipam6() {
        return new Ipam6(subnet6Value(), Ip6.parse(gateway6), ipRange6.isEmpty() ? null : Subnet6.parse(ipRange6),
                auxAddresses);
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
