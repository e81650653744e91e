package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.EndpointSettings;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.NetworkingConfig;
import dev.jdock.daemon.errors.EngineException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MacAddressesTest {
    private static final String MAC = "02:42:ac:11:00:55";

    private static ContainerCreateRequest req(String wide, String mode, Map<String, EndpointSettings> eps) {
        return ContainerCreateRequest.builder().image("busybox").macAddress(wide)
                .hostConfig(HostConfig.builder().networkMode(mode).build())
                .networkingConfig(eps == null ? null : new NetworkingConfig(eps)).build();
    }

    private static EndpointSettings ep(String mac) {
        return EndpointSettings.builder().macAddress(mac).build();
    }

    @Test
    void below144_containerWideAddress_movesToTheMainEndpoint() {
        MacAddresses.Migrated m = MacAddresses.migrate(req(MAC, "bridge", null), false);
        assertEquals(MAC, m.request().networkingConfig().endpointsConfig().get("bridge").macAddress());
        assertEquals(MAC, m.request().macAddress());
        assertEquals(List.of(), m.warnings());
    }

    @Test
    void below144_endpointAddress_isIgnored_andHostModeConflicts() {
        MacAddresses.Migrated m = MacAddresses.migrate(req(null, "mynet", Map.of("mynet", ep(MAC))), false);
        assertEquals("", m.request().networkingConfig().endpointsConfig().get("mynet").macAddress());
        EngineException e = assertThrows(EngineException.class,
                () -> MacAddresses.migrate(req(MAC, "host", null), false));
        assertEquals("conflicting options: mac-address and the network mode", e.getMessage());
    }

    @Test
    void from144_endpointAddress_isKept_containerWideOneWarnsOrMustMatch() {
        MacAddresses.Migrated m = MacAddresses.migrate(req(null, "default", Map.of("default", ep(MAC))), true);
        assertEquals(MAC, m.request().macAddress());
        assertEquals(List.of(), m.warnings());
        m = MacAddresses.migrate(req(MAC, "bridge", null), true);
        assertEquals(List.of(MacAddresses.DEPRECATED), m.warnings());
        assertEquals(MAC, m.request().networkingConfig().endpointsConfig().get("bridge").macAddress());
        EngineException e = assertThrows(EngineException.class, () -> MacAddresses.migrate(
                req(MAC, "bridge", Map.of("bridge", ep("02:42:ac:11:00:56"))), true));
        assertEquals("the container-wide MAC address must match the endpoint-specific MAC address for the main "
                + "network, or be left empty", e.getMessage());
    }

    @Test
    void invalidAddress_is400() {
        EngineException e = assertThrows(EngineException.class,
                () -> MacAddresses.migrate(req(null, "bridge", Map.of("bridge", ep("02:42:zz:11:00:55"))), true));
        assertEquals("invalid MAC address 02:42:zz:11:00:55", e.getMessage());
        MacAddresses.check("02-42-AC-11-00-55");
    }
}
