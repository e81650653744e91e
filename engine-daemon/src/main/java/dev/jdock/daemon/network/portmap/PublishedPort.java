package dev.jdock.daemon.network.portmap;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** One host port bound to a container port while the container runs: {@code 0.0.0.0:8080->80/tcp}. */
public record PublishedPort(String proto, String hostIp, int hostPort, int containerPort) {

    @JsonIgnore
    public String key() {
        return containerPort + "/" + proto;
    }

    @JsonIgnore
    public String display() {
        return hostIp + ":" + hostPort + "->" + containerPort + "/" + proto;
    }
}
