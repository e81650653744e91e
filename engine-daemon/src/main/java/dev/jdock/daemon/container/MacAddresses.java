package dev.jdock.daemon.container;

import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.EndpointSettings;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.NetworkingConfig;
import dev.jdock.daemon.errors.EngineException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The MAC address of a create request, as moby's handleMACAddressBC: below API 1.44 the container-wide
 * {@code Config.MacAddress} is moved to the main network's endpoint (and endpoint addresses are ignored, as the old
 * API did); from 1.44 it is the endpoint's {@code MacAddress}, and a container-wide one must match it (with a
 * deprecation warning). The record keeps the main network's address in Config.MacAddress, which inspect shows for
 * every version (moby fills it from the endpoint's desired address).
 */
public final class MacAddresses {
    /** Go's net.ParseMAC, 48-bit forms: {@code 02:42:ac:11:00:02} or {@code 02-42-ac-11-00-02}. */
    private static final Pattern MAC48 = Pattern.compile("[0-9a-fA-F]{2}([:-])[0-9a-fA-F]{2}(\\1[0-9a-fA-F]{2}){4}");
    static final String DEPRECATED = "The container-wide MacAddress field is now deprecated. It should be specified "
            + "in EndpointsConfig instead.";

    private MacAddresses() {
    }

    /** The request to create, with its create warnings. */
    record Migrated(ContainerCreateRequest request, List<String> warnings) {
    }

    static Migrated migrate(ContainerCreateRequest req, boolean atLeast144) {
        HostConfig hc = req.hostConfig() == null ? HostConfig.builder().build() : req.hostConfig();
        String mode = hc.networkMode() == null || hc.networkMode().isEmpty() ? "default" : hc.networkMode();
        boolean ownEndpoint = !mode.equals("host") && !mode.equals("none") && !mode.startsWith("container:");
        Map<String, EndpointSettings> eps = new LinkedHashMap<>();
        if (req.networkingConfig() != null && req.networkingConfig().endpointsConfig() != null) {
            eps.putAll(req.networkingConfig().endpointsConfig());
        }
        String wide = req.macAddress() == null ? "" : req.macAddress();
        List<String> warnings = new ArrayList<>();
        if (!atLeast144) {
            eps.replaceAll((k, v) -> v == null ? null : v.toBuilder().macAddress("").build());
            if (!wide.isEmpty()) {
                if (!ownEndpoint) {
                    throw EngineException.invalid("conflicting options: mac-address and the network mode");
                }
                put(eps, mainKey(eps, mode, "HostConfig.NetworkMode must match the identity of a network in "
                        + "NetworkSettings.Networks"), wide);
            }
        } else if (!wide.isEmpty()) {
            if (ownEndpoint) {
                String key = mainKey(eps, mode, "if a container-wide MAC address is supplied, HostConfig.NetworkMode "
                        + "must match the identity of a network in NetworkSettings.Networks");
                String ep = mac(eps.get(key));
                if (!ep.isEmpty() && !ep.equals(wide)) {
                    throw EngineException.invalid("the container-wide MAC address must match the endpoint-specific "
                            + "MAC address for the main network, or be left empty");
                }
                put(eps, key, wide);
            }
            warnings.add(DEPRECATED);
        }
        eps.values().forEach(e -> check(mac(e)));
        String main = "";
        if (ownEndpoint) {
            String key = eps.containsKey(mode) ? mode : isDefault(mode) ? defaultKey(eps) : null;
            main = key == null ? "" : mac(eps.get(key));
        }
        var config = req.toConfig().toBuilder().macAddress(main.isEmpty() ? null : main).build();
        return new Migrated(ContainerCreateRequest.of(config, req.hostConfig(),
                eps.isEmpty() && req.networkingConfig() == null ? null : new NetworkingConfig(eps)), warnings);
    }

    /** 400 {@code invalid MAC address X} for an address Go's ParseMAC refuses (48-bit forms); empty is none. */
    public static void check(String mac) {
        if (mac != null && !mac.isEmpty() && !MAC48.matcher(mac).matches()) {
            throw EngineException.invalid("invalid MAC address " + mac);
        }
    }

    private static boolean isDefault(String mode) {
        return mode.equals("default") || mode.equals("bridge");
    }

    private static String defaultKey(Map<String, EndpointSettings> eps) {
        return eps.containsKey("bridge") ? "bridge" : eps.containsKey("default") ? "default" : null;
    }

    /** The main network's key in EndpointsConfig: made when there is none (moby's epConfigForNetMode). */
    private static String mainKey(Map<String, EndpointSettings> eps, String mode, String mismatch) {
        if (eps.isEmpty()) {
            return isDefault(mode) ? "bridge" : mode;
        }
        String key = eps.containsKey(mode) ? mode : isDefault(mode) ? defaultKey(eps) : null;
        if (key == null) {
            throw EngineException.invalid(mismatch);
        }
        return key;
    }

    private static void put(Map<String, EndpointSettings> eps, String key, String mac) {
        EndpointSettings e = eps.get(key);
        eps.put(key, (e == null ? EndpointSettings.builder() : e.toBuilder()).macAddress(mac).build());
    }

    private static String mac(EndpointSettings e) {
        return e == null || e.macAddress() == null ? "" : e.macAddress();
    }
}
