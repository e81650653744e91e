package dev.jdock.api.types.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.jdock.api.Json;
import dev.jdock.api.types.Golden;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NetworkGoldenTest {
    private static final String NET_ID = "1111111111111111111111111111111111111111111111111111111111111111";
    private static final String CTR_ID = "2222222222222222222222222222222222222222222222222222222222222222";

    @Test
    void inspect_withARunningContainer_asDockerd() {
        Network n = Golden.assertRoundTrip("network-inspect.json", Network.class);
        EndpointResource e = n.containers().get(CTR_ID);
        assertEquals("172.31.5.128/24", e.ipv4Address());
        assertEquals("172.31.5.128/25", n.ipam().config().get(0).ipRange());
        assertNull(n.ipam().options());
    }

    @Test
    void inspect_builtFromValues_writesTheGoldenBytes() {
        Network n = Network.local("gnet", NET_ID, "2026-01-02T03:00:00.123456789Z", "bridge",
                new Ipam(Ipam.DEFAULT_DRIVER, null, List.of(new IpamConfig("172.31.5.0/24", "172.31.5.128/25",
                        "172.31.5.1", Map.of("host1", "172.31.5.5")))), false, false,
                Map.of(CTR_ID, new EndpointResource("gc", "3".repeat(64), "02:42:ac:1f:05:80", "172.31.5.128/24", "")),
                Map.of("com.docker.network.bridge.name", "gbr0"), new TreeMap<>(Map.of("a", "1", "b", "2")));
        assertEquals(Golden.load("network-inspect.json"), Golden.write(n));
    }

    @Test
    void list_builtinAndUserNetworks_emptyPoolsAndOmittedRangeAsDockerd() {
        List<Network> l = Golden.assertRoundTrip("network-list.json", new TypeReference<List<Network>>() { });
        assertEquals(List.of("none", "host", "gnet", "gnet2"), l.stream().map(Network::name).toList());
        assertEquals(List.of(), l.get(0).ipam().config());
        assertTrue(l.get(2).containers().isEmpty());
        IpamConfig plain = l.get(3).ipam().config().get(0);
        assertNull(plain.ipRange());
        assertNull(plain.auxiliaryAddresses());
    }

    @Test
    void ipamConfig_emptyRangeAndAux_leftOut() {
        assertEquals("{\"Subnet\":\"10.0.0.0/8\",\"Gateway\":\"10.0.0.1\"}\n",
                Golden.write(new IpamConfig("10.0.0.0/8", "", "10.0.0.1", Map.of())));
    }

    @Test
    void create_responseAndRequest() throws Exception {
        NetworkCreateResponse r = Golden.assertRoundTrip("network-create.json", NetworkCreateResponse.class);
        assertEquals("", r.warning());
        assertEquals(Golden.load("network-create.json"), Golden.write(new NetworkCreateResponse(NET_ID, null)));
        // the docker CLI's body; fields jdockd does not read (CheckDuplicate, Scope, ConfigFrom...) are ignored
        NetworkCreateRequest req = Json.requestMapper().readValue("{\"Name\":\"gnet\",\"CheckDuplicate\":true,"
                + "\"Driver\":\"bridge\",\"Scope\":\"\",\"EnableIPv6\":false,\"IPAM\":{\"Driver\":\"default\","
                + "\"Options\":{},\"Config\":[{\"Subnet\":\"172.31.5.0/24\",\"IPRange\":\"172.31.5.128/25\","
                + "\"Gateway\":\"172.31.5.1\",\"AuxiliaryAddresses\":{\"host1\":\"172.31.5.5\"}}]},"
                + "\"Internal\":true,\"Attachable\":false,\"Ingress\":false,\"ConfigOnly\":false,"
                + "\"ConfigFrom\":null,\"Options\":{\"com.docker.network.bridge.name\":\"gbr0\"},"
                + "\"Labels\":{\"a\":\"1\"}}", NetworkCreateRequest.class);
        assertEquals(Boolean.FALSE, req.enableIpv6());
        assertTrue(req.internal());
        assertEquals(Map.of("host1", "172.31.5.5"), req.ipam().config().get(0).auxiliaryAddresses());
        assertNull(Json.requestMapper().readValue("{\"name\":\"n\"}", NetworkCreateRequest.class).enableIpv6());
    }

    @Test
    void connectAndDisconnect_bodies() throws Exception {
        NetworkConnectRequest c = Json.requestMapper().readValue("{\"Container\":\"gc\",\"EndpointConfig\":"
                + "{\"Aliases\":[\"x\"],\"IPAMConfig\":{\"IPv4Address\":\"172.31.5.9\"}}}",
                NetworkConnectRequest.class);
        assertEquals(List.of("x"), c.endpointConfig().aliases());
        assertEquals("172.31.5.9", c.endpointConfig().ipamConfig().ipv4Address());
        assertNull(Json.requestMapper().readValue("{\"container\":\"gc\"}", NetworkConnectRequest.class)
                .endpointConfig());
        NetworkDisconnectRequest d = Json.requestMapper().readValue("{\"Container\":\"gc\",\"Force\":true}",
                NetworkDisconnectRequest.class);
        assertTrue(d.force());
        assertFalse(Json.requestMapper().readValue("{\"Container\":\"gc\"}", NetworkDisconnectRequest.class).force());
        assertEquals("{\"Container\":\"gc\",\"Force\":false}\n",
                Golden.write(new NetworkDisconnectRequest("gc", false)));
    }

    @Test
    void prune_nullWhenNothingDeleted() {
        assertEquals(List.of("gnet2"), Golden.assertRoundTrip("network-prune.json", NetworkPruneResponse.class)
                .networksDeleted());
        assertEquals(Golden.load("network-prune-none.json"), Golden.write(NetworkPruneResponse.of(List.of())));
        assertEquals(Golden.load("network-prune.json"), Golden.write(NetworkPruneResponse.of(List.of("gnet2"))));
    }
}
