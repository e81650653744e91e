package dev.jdock.api.types.network;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * {@code GET /networks/{id}} and each entry of {@code GET /networks} (moby's {@code NetworkResource}). List entries
 * carry an empty {@code Containers} map. Docker's {@code Peers} and {@code Services} (omitempty, swarm only) are
 * never set here and left out.
 *
 * <p>Non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value; {@code Options} and
 * {@code Labels} are written as given ({@code {}} for none, as jdockd's records hold them).
 */
public record Network(
        @JsonProperty("Name") String name,
        @JsonProperty("Id") String id,
        @JsonProperty("Created") String created,
        @JsonProperty("Scope") String scope,
        @JsonProperty("Driver") String driver,
        @JsonProperty("EnableIPv4") boolean enableIpv4,
        @JsonProperty("EnableIPv6") boolean enableIpv6,
        @JsonProperty("IPAM") Ipam ipam,
        @JsonProperty("Internal") boolean internal,
        @JsonProperty("Attachable") boolean attachable,
        @JsonProperty("Ingress") boolean ingress,
        @JsonProperty("ConfigFrom") ConfigReference configFrom,
        @JsonProperty("ConfigOnly") boolean configOnly,
        @JsonProperty("Containers") Map<String, EndpointResource> containers,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Labels") Map<String, String> labels) {

    /** The only scope a jdockd network has. */
    public static final String LOCAL_SCOPE = "local";

    public Network {
        name = name == null ? "" : name;
        id = id == null ? "" : id;
        created = created == null ? "" : created;
        scope = scope == null ? "" : scope;
        driver = driver == null ? "" : driver;
    }

    /**
     * A local network that is neither IPv6, ingress nor config-only, and takes its config from no other network
     * (every network jdockd has).
     */
    public static Network local(String name, String id, String created, String driver, Ipam ipam, boolean internal,
            boolean attachable, Map<String, EndpointResource> containers, Map<String, String> options,
            Map<String, String> labels) {
        return new Network(name, id, created, LOCAL_SCOPE, driver, true, false, ipam, internal, attachable, false,
                ConfigReference.NONE, false, containers, options, labels);
    }
}
