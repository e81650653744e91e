package dev.jdock.api.types.system;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code Swarm} of {@code /info}; jdock has no swarm: {@link #inactive()}.
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record SwarmInfo(
        @JsonProperty("NodeID") String nodeId,
        @JsonProperty("NodeAddr") String nodeAddr,
        @JsonProperty("LocalNodeState") String localNodeState,
        @JsonProperty("ControlAvailable") boolean controlAvailable,
        @JsonProperty("Error") String error,
        @JsonProperty("RemoteManagers") List<Object> remoteManagers) {

    public SwarmInfo {
        nodeId = nodeId == null ? "" : nodeId;
        nodeAddr = nodeAddr == null ? "" : nodeAddr;
        localNodeState = localNodeState == null ? "" : localNodeState;
        error = error == null ? "" : error;
    }

    public static SwarmInfo inactive() {
        return new SwarmInfo("", "", "inactive", false, "", null);
    }

}
