package dev.jdock.cli.command.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.container.EndpointSettings;
import dev.jdock.api.types.container.NetworkingConfig;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.CliException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docker 28's --network: several networks, the long syntax (gw-priority included), its conflicts and errors. */
class NetworkFlagsTest {
    private static final Args.Spec SPEC = RunOptions.spec("run");

    private static Args args(String... a) {
        return Args.parse(SPEC, a, 0);
    }

    private static NetworkingConfig networking(String... a) {
        return NetworkFlags.networking(SPEC, args(a));
    }

    @Test
    void longSyntax_severalNetworks_firstIsTheMode() {
        Args a = args("--network", "name=front,gw-priority=5,alias=web,driver-opt=k=v", "--network", "back", "--ip",
                "10.0.0.5");
        assertEquals("front", NetworkFlags.networkMode(SPEC, a));
        Map<String, EndpointSettings> eps = NetworkFlags.networking(SPEC, a).endpointsConfig();
        assertEquals(List.of("front", "back"), List.copyOf(eps.keySet()));
        EndpointSettings front = eps.get("front");
        assertEquals(5, front.gwPriority());
        assertEquals(List.of("web"), front.aliases());
        assertEquals(Map.of("k", "v"), front.driverOpts());
        assertEquals("10.0.0.5", front.ipamConfig().ipv4Address(), "the plain flags go to the first network");
        assertEquals(EndpointSettings.builder().build(), eps.get("back"));
    }

    @Test
    void oneNetworkWithoutSettings_sendsNoEndpoint_theDefaultOneAlways() {
        assertEquals(Map.of(), networking("--network", "front").endpointsConfig());
        assertEquals(List.of("default"), List.copyOf(networking().endpointsConfig().keySet()));
        assertEquals(-3, networking("--network", "name=front,gw-priority=-3").endpointsConfig().get("front")
                .gwPriority());
    }

    @Test
    void errors_asTheDockerCli() {
        assertTrue(assertThrows(CliException.class, () -> networking("--network", "name=a,bogus=1")).getMessage()
                .contains("invalid argument \"name=a,bogus=1\" for \"--network\" flag: invalid field key bogus"));
        assertTrue(assertThrows(CliException.class, () -> networking("--network", "alias=x,ip=1.2.3.4"))
                .getMessage().contains("network name/id is not specified"));
        assertTrue(assertThrows(CliException.class, () -> networking("--network", "name=a,gw-priority=x"))
                .getMessage().contains("invalid gw-priority: strconv.Atoi: parsing \"x\": invalid syntax"));
        assertTrue(assertThrows(CliException.class, () -> networking("--network", "name=a,alias=x",
                "--network-alias", "y")).getMessage().contains("conflicting options: cannot specify both "
                        + "--network-alias and per-network alias"));
        assertTrue(assertThrows(CliException.class, () -> networking("--network", "bridge", "--network", "a"))
                .getMessage().contains("cannot attach both user-defined and non-user-defined network-modes"));
        assertTrue(assertThrows(CliException.class, () -> networking("--network", "a", "--network", "name=a"))
                .getMessage().contains("network \"a\" is specified multiple times"));
    }
}
