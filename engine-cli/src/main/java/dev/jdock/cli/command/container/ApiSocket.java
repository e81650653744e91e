package dev.jdock.cli.command.container;

import dev.jdock.api.client.DockerHost;
import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.Mount;
import dev.jdock.cli.core.Cli;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --use-api-socket}: docker 28 bind-mounts the engine's socket at {@code /var/run/docker.sock} in the
 * container (a {@code HostConfig.Mounts} entry of type bind). docker names the source {@code /var/run/docker.sock}
 * whatever daemon it talks to; jdock mounts the socket it is talking to when that is a local UNIX socket (jdockd's
 * is {@code /run/jdock.sock}), and docker's path otherwise (a TCP or SSH daemon's host).
 */
final class ApiSocket {
    static final String TARGET = "/var/run/docker.sock";

    private ApiSocket() {
    }

    static ContainerCreateRequest mount(Cli cli, ContainerCreateRequest req) {
        DockerHost host = cli.client().host();
        String source = host.scheme().equals("unix") && host.socketPath() != null
                ? host.socketPath().toAbsolutePath().toString() : TARGET;
        List<Mount> mounts = new ArrayList<>();
        if (req.hostConfig().mounts() != null) {
            mounts.addAll(req.hostConfig().mounts());
        }
        mounts.add(new Mount("bind", source, TARGET, null, null, new Mount.BindOptions(null, null, null, null, null),
                null, null));
        return req.toBuilder().hostConfig(req.hostConfig().toBuilder().mounts(mounts).build()).build();
    }
}
