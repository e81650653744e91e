package dev.jdock.api.types.swarm;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The fields of a {@code POST /swarm/init} or {@code /swarm/join} body that dockerd checks before it refuses swarm
 * mode (jdockd has none): the listen address, and for a join the managers to reach. Other fields are ignored.
 */
public record SwarmJoinRequest(
        @JsonProperty("ListenAddr") String listenAddr,
        @JsonProperty("RemoteAddrs") List<String> remoteAddrs) {
}
