package dev.jdock.api.types.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jdock.api.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwarmRequestTest {
    @Test
    void initAndJoinBodies_asTheDockerCliSendsThem() throws Exception {
        // docker swarm init / join (28.2): the fields dockerd checks before refusing swarm mode; the rest is ignored
        SwarmJoinRequest init = Json.requestMapper().readValue("{\"ListenAddr\":\"0.0.0.0:2377\","
                + "\"AdvertiseAddr\":\"\",\"DataPathAddr\":\"\",\"DataPathPort\":0,\"ForceNewCluster\":false,"
                + "\"Spec\":{\"Labels\":null,\"Orchestration\":{},\"Raft\":{\"ElectionTick\":0,\"HeartbeatTick\":0},"
                + "\"Dispatcher\":{},\"CAConfig\":{},\"TaskDefaults\":{},\"EncryptionConfig\":{\"AutoLockManagers\":false}},"
                + "\"AutoLockManagers\":false,\"Availability\":\"\",\"DefaultAddrPool\":null,\"SubnetSize\":0}",
                SwarmJoinRequest.class);
        assertEquals("0.0.0.0:2377", init.listenAddr());
        assertNull(init.remoteAddrs());
        SwarmJoinRequest join = Json.requestMapper().readValue("{\"ListenAddr\":\"0.0.0.0:2377\","
                + "\"RemoteAddrs\":[\"10.0.0.1:2377\"],\"JoinToken\":\"SWMTKN-1-x\",\"Availability\":\"\"}",
                SwarmJoinRequest.class);
        assertEquals(List.of("10.0.0.1:2377"), join.remoteAddrs());
    }
}
