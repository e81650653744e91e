package dev.jdock.cli.command.container;

import dev.jdock.api.client.DockerHost;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.Mount;
import dev.jdock.cli.command.CredentialStore;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code --use-api-socket}, as docker 28: the engine's socket bind-mounted at {@code /var/run/docker.sock} in the
 * container (a {@code HostConfig.Mounts} entry of type bind), and, unless the container's environment names a
 * {@code DOCKER_CONFIG} already, the client's registry credentials written to
 * {@code /run/secrets/docker/config.json} in it after the create, with {@code DOCKER_CONFIG=/run/secrets/docker}.
 * docker names the socket's source {@code /var/run/docker.sock} whatever daemon it talks to; jdock mounts the socket
 * it is talking to when that is a local UNIX socket (jdockd's is {@code /run/jdock.sock}), and docker's path
 * otherwise (a TCP or SSH daemon's host).
 */
final class ApiSocket {
    static final String TARGET = "/var/run/docker.sock";
    static final String CONFIG = "/run/secrets/docker/config.json";

    private ApiSocket() {
    }

    /** The request to send, and the config.json to copy in once the container exists (null for none). */
    record Prepared(ContainerCreateRequest request, String configJson) {
    }

    static Prepared prepare(Cli cli, ContainerCreateRequest req, Map<String, String> env) {
        DockerHost host = cli.client().host();
        String source = host.scheme().equals("unix") && host.socketPath() != null
                ? host.socketPath().toAbsolutePath().toString() : TARGET;
        List<Mount> mounts = new ArrayList<>();
        if (req.hostConfig().mounts() != null) {
            mounts.addAll(req.hostConfig().mounts());
        }
        mounts.add(new Mount("bind", source, TARGET, null, null, new Mount.BindOptions(null, null, null, null, null),
                null, null));
        ContainerCreateRequest.Builder b = req.toBuilder()
                .hostConfig(req.hostConfig().toBuilder().mounts(mounts).build());
        List<String> containerEnv = req.env() == null ? List.of() : req.env();
        if (containerEnv.stream().anyMatch(e -> e.startsWith("DOCKER_CONFIG="))) {
            return new Prepared(b.build(), null);
        }
        Map<String, CredentialStore.Credentials> creds;
        try {
            creds = CredentialStore.fromEnv(env).all();
        } catch (IOException | RuntimeException e) {
            throw new CliException(125, "jdock: resolving credentials failed: " + e.getMessage());
        }
        if (creds.isEmpty()) {
            return new Prepared(b.build(), null);
        }
        List<String> withConfig = new ArrayList<>(containerEnv);
        withConfig.add("DOCKER_CONFIG=" + CONFIG.substring(0, CONFIG.lastIndexOf('/')));
        try {
            return new Prepared(b.env(withConfig).build(), CredentialStore.configJson(creds));
        } catch (IOException e) {
            throw new CliException(125, "jdock: resolving credentials failed: " + e.getMessage());
        }
    }

    /** Copies the config into the created container ({@code PUT /containers/ID/archive?path=/}, mode 0600). */
    static void inject(Cli cli, String id, String configJson) throws IOException {
        byte[] data = configJson.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        tar.write(TarCodec.header(CONFIG, '0', data.length, 0600, 0, 0, 0, ""));
        tar.write(data);
        tar.write(new byte[(512 - data.length % 512) % 512]);
        TarCodec.finish(tar);
        try {
            cli.client().call(HttpRequest.put("/containers/" + id + "/archive").query("path", "/")
                    .body(tar.toByteArray(), "application/x-tar"));
        } catch (IOException e) {
            throw new CliException(125, "jdock: injecting docker config.json into container failed: copying "
                    + "config.json into container failed: " + e.getMessage());
        }
    }
}
