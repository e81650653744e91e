package dev.jdock.cli.context;

import dev.jdock.api.client.DockerHost;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.core.GlobalOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The docker CLI's precedence for where to connect: {@code --context}; else {@code -H} or
 * {@code $JDOCK_HOST}/{@code $DOCKER_HOST} (the default context); else {@code $DOCKER_CONTEXT}; else config.json's
 * {@code currentContext}; else the default context. {@code -H} with {@code --context} is an error. The default
 * context's TLS comes from {@code --tls}, {@code --tlsverify} (or {@code $DOCKER_TLS_VERIFY}), {@code --tlscacert},
 * {@code --tlscert}, {@code --tlskey} and {@code $DOCKER_CERT_PATH} (default: the config directory); a stored
 * context's from its TLS files and {@code SkipTLSVerify}. Nothing is read from disk when {@code -H} or a host
 * variable is set.
 */
public final class EndpointResolver {
    private final GlobalOptions options;
    private final Map<String, String> env;
    private ContextStore store;

    public EndpointResolver(GlobalOptions options, Map<String, String> env) {
        this.options = options;
        this.env = env;
    }

    /** The context store of the config directory (made on first use: {@code -H} needs none). */
    public ContextStore store() {
        if (store == null) {
            store = new ContextStore(ContextStore.configDir(options.configDir(), env));
        }
        return store;
    }

    /** {@code $JDOCK_HOST}, else {@code $DOCKER_HOST}; null when neither is set (or both are empty). */
    public String hostFromEnv() {
        String h = env.get("JDOCK_HOST");
        if (h == null || h.isEmpty()) {
            h = env.get("DOCKER_HOST");
        }
        return h == null || h.isEmpty() ? null : h;
    }

    /** The name of the context to use (not checked to exist). */
    public String contextName() throws IOException {
        if (options.context() != null && !options.context().isEmpty()) {
            return options.context();
        }
        if (options.host() != null || hostFromEnv() != null) {
            return ContextStore.DEFAULT;
        }
        String fromEnv = env.get("DOCKER_CONTEXT");
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        String current = store().currentContext();
        return current.isEmpty() ? ContextStore.DEFAULT : current;
    }

    /** The endpoint to use; a bad host is an {@link IllegalArgumentException}, a missing context an IOException. */
    public Endpoint resolve() throws IOException {
        if (options.context() != null && options.host() != null) {
            throw new CliException(1, "conflicting options: cannot specify both --host and --context");
        }
        String name = contextName();
        return ContextStore.DEFAULT.equals(name) ? defaultEndpoint() : contextEndpoint(name);
    }

    /** The default context: {@code -H}, the host variables or unix:///run/jdock.sock, TLS from flags and env. */
    public Endpoint defaultEndpoint() {
        String spec = options.host() != null ? options.host() : hostFromEnv();
        if (spec == null) {
            spec = DockerHost.DEFAULT;
        }
        String verifyEnv = env.get("DOCKER_TLS_VERIFY");
        boolean verify = options.tlsVerify() != null ? options.tlsVerify() : verifyEnv != null && !verifyEnv.isEmpty();
        boolean tls = Boolean.TRUE.equals(options.tls()) || options.tlsVerify() != null || verify
                || spec.trim().startsWith("https://");
        DockerHost host = DockerHost.parse(spec, tls);
        if (!tls || !host.isTcp()) {
            return Endpoint.plain(host);
        }
        String certPath = env.get("DOCKER_CERT_PATH");
        Path dir = certPath != null && !certPath.isEmpty() ? Path.of(certPath) : store().configDir();
        Path ca = options.tlsCaCert() != null ? Path.of(options.tlsCaCert()) : dir.resolve("ca.pem");
        return new Endpoint(ContextStore.DEFAULT, host, true, ca, givenOrPresent(options.tlsCert(), dir, "cert.pem"),
                givenOrPresent(options.tlsKey(), dir, "key.pem"), !verify);
    }

    /** A flag's file, else the default file when it exists (the docker CLI drops missing default key pairs). */
    private static Path givenOrPresent(String flag, Path dir, String name) {
        if (flag != null) {
            return Path.of(flag);
        }
        Path p = dir.resolve(name);
        return Files.exists(p) ? p : null;
    }

    /** A stored context's docker endpoint. */
    public Endpoint contextEndpoint(String name) throws IOException {
        ContextStore cs = store();
        DockerContext c = cs.load(name);
        List<String> files = cs.tlsFiles(name);
        String spec = c.dockerHost().isEmpty() ? DockerHost.DEFAULT : c.dockerHost();
        boolean tls = !files.isEmpty() || c.skipTlsVerify() || spec.startsWith("https://");
        DockerHost host = DockerHost.parse(spec, tls);
        boolean pair = files.contains("cert.pem") && files.contains("key.pem");
        return new Endpoint(name, host, tls,
                files.contains("ca.pem") ? cs.tlsFile(name, "ca.pem") : null,
                pair ? cs.tlsFile(name, "cert.pem") : null, pair ? cs.tlsFile(name, "key.pem") : null,
                c.skipTlsVerify());
    }
}
