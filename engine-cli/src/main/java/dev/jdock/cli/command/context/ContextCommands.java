package dev.jdock.cli.command.context;

import dev.jdock.api.client.DockerHost;
import dev.jdock.cli.context.ContextStore;
import dev.jdock.cli.context.DockerContext;
import dev.jdock.cli.context.Endpoint;
import dev.jdock.cli.context.EndpointResolver;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jdock context create|use|rm|show}, with the docker CLI's store ({@link ContextStore}), output and messages:
 * a context made here works with {@code docker --context} and the other way round.
 */
public final class ContextCommands {
    public static final Args.Spec CREATE = endpointOptions("context create")
            .option(null, "from", "string", "create context from a named context");
    public static final Args.Spec UPDATE = endpointOptions("context update");
    public static final Args.Spec USE = new Args.Spec("context use");
    public static final Args.Spec RM = new Args.Spec("context rm")
            .flag("f", "force", "Force the removal of a context in use");
    public static final Args.Spec SHOW = new Args.Spec("context show");
    /** The keys of {@code --docker}, with what docker's help says of each. */
    private static final Map<String, String> DOCKER_KEYS = docKeys("from",
            "Copy named context's Docker endpoint configuration", "host", "Docker endpoint on which to connect", "ca",
            "Trust certs signed only by this CA", "cert", "Path to TLS certificate file", "key",
            "Path to TLS key file", "skip-tls-verify", "Skip TLS certificate validation");

    private ContextCommands() {
    }

    private static Args.Spec endpointOptions(String command) {
        return new Args.Spec(command)
                .option(null, "description", "string", "Description of the context")
                .option(null, "docker", "stringToString", "set the docker endpoint", "[]");
    }

    private static Map<String, String> docKeys(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return out;
    }

    /** The "Docker endpoint config" table of create's and update's help, in docker's columns. */
    public static String endpointConfigTable() {
        StringBuilder sb = new StringBuilder(String.format("%-20s%s%n", "NAME", "DESCRIPTION"));
        DOCKER_KEYS.forEach((k, v) -> sb.append(String.format("%-20s%s%n", k, v)));
        return sb.toString();
    }

    static EndpointResolver resolver(Cli cli) {
        return new EndpointResolver(cli.options(), cli.env());
    }

    public static int create(Cli cli, Args a) throws IOException {
        Map<String, String> docker = dockerOptions(CREATE, a.values("docker"));
        String name = a.positionals().get(0);
        EndpointResolver r = resolver(cli);
        ContextStore store = r.store();
        checkNameForCreation(store, name);
        String from = a.value("from");
        if (a.values("docker").isEmpty() || from != null && !from.isEmpty()) {
            if (!docker.isEmpty()) {
                throw new CliException(1, "cannot use --docker flag when --from is set");
            }
            Endpoint src = from != null && !from.isEmpty() ? endpointOf(r, from) : r.resolve();
            DockerContext c = DockerContext.of(name, a.value("description", description(store, src.context())),
                    src.host().toString(), src.tls() && src.skipVerify());
            store.create(c, tlsOf(src));
        } else {
            DockerEndpoint ep = dockerEndpoint(r, docker);
            store.create(DockerContext.of(name, a.value("description", ""), ep.host(), ep.skipTlsVerify()),
                    ep.tls());
        }
        cli.out().println(name);
        cli.err().println("Successfully created context \"" + name + "\"");
        return 0;
    }

    /** docker's checks of a new context's name: valid, and not taken. */
    static void checkNameForCreation(ContextStore store, String name) {
        String bad = ContextStore.nameError(name);
        if (bad != null) {
            throw new CliException(1, bad);
        }
        if (store.exists(name)) {
            throw new CliException(1, "context \"" + name + "\" already exists");
        }
    }

    /**
     * {@code jdock context update}: a new description (when not empty) and, with {@code --docker}, a new docker
     * endpoint whose TLS files replace the old ones (none with {@code from=}, which copies host and skip-tls-verify).
     */
    public static int update(Cli cli, Args a) throws IOException {
        Map<String, String> docker = dockerOptions(UPDATE, a.values("docker"));
        String name = a.positionals().get(0);
        String bad = ContextStore.nameError(name);
        if (bad != null) {
            throw new CliException(1, bad);
        }
        EndpointResolver r = resolver(cli);
        ContextStore store = r.store();
        DockerContext c;
        try {
            c = store.load(name).typed();
        } catch (IOException e) {
            throw new CliException(1, e.getMessage());
        }
        String description = a.value("description", "");
        DockerEndpoint ep = a.values("docker").isEmpty() ? null : dockerEndpoint(r, docker);
        c = c.with(name, description.isEmpty() ? null : description,
                ep == null ? null : DockerContext.dockerEndpoint(ep.host(), ep.skipTlsVerify()));
        store.save(c);
        if (ep != null) {
            store.resetEndpointTls(name, DockerContext.DOCKER, ep.tls());
        }
        cli.out().println(name);
        cli.err().println("Successfully updated context \"" + name + "\"");
        return 0;
    }

    /** A docker endpoint as {@code --docker} gives it: host, skip-tls-verify and the TLS files' bytes. */
    record DockerEndpoint(String host, boolean skipTlsVerify, Map<String, byte[]> tls) {
    }

    /** docker's {@code getDockerEndpoint}: {@code from=} copies a context's host alone, else the keys are read. */
    static DockerEndpoint dockerEndpoint(EndpointResolver r, Map<String, String> docker) throws IOException {
        String prefix = "unable to create docker endpoint config: ";
        String from = docker.get("from");
        if (from != null) {
            try {
                if (ContextStore.DEFAULT.equals(from)) {
                    return new DockerEndpoint(r.defaultEndpoint().host().toString(), false, Map.of());
                }
                DockerContext src = r.store().load(from);
                return new DockerEndpoint(src.dockerHost(), src.skipTlsVerify(), Map.of());
            } catch (IOException e) {
                throw new CliException(1, prefix + e.getMessage());
            }
        }
        Map<String, byte[]> tls = new LinkedHashMap<>();
        read(tls, "ca.pem", docker.get("ca"));
        read(tls, "cert.pem", docker.get("cert"));
        read(tls, "key.pem", docker.get("key"));
        String skip = docker.get("skip-tls-verify");
        boolean skipTls = false;
        if (skip != null) {
            skipTls = switch (skip) {
                case "1", "t", "T", "TRUE", "true", "True" -> true;
                case "0", "f", "F", "FALSE", "false", "False" -> false;
                default -> throw new CliException(1, prefix + "skip-tls-verify: parsing \"" + skip
                        + "\": invalid syntax");
            };
        }
        String host = docker.getOrDefault("host", "");
        if (!host.isEmpty()) {
            DockerHost parsed;
            try {
                parsed = DockerHost.parse(host);
            } catch (IllegalArgumentException e) {
                throw new CliException(1, prefix + "unable to apply docker endpoint options: unable to parse docker"
                        + " host `" + host + "`");
            }
            String bad = parsed.isTcp() ? TlsCheck.problem(tls.get("ca.pem"), tls.get("cert.pem"),
                    tls.get("key.pem")) : null;
            if (bad != null) {
                throw new CliException(1, prefix + "invalid docker endpoint options: " + bad);
            }
        }
        return new DockerEndpoint(host, skipTls, tls);
    }

    private static Endpoint endpointOf(EndpointResolver r, String name) throws IOException {
        return ContextStore.DEFAULT.equals(name) ? r.defaultEndpoint() : r.contextEndpoint(name);
    }

    private static String description(ContextStore store, String name) throws IOException {
        return ContextStore.DEFAULT.equals(name) ? ContextListing.DEFAULT_DESCRIPTION
                : store.load(name).description();
    }

    /** The TLS files an endpoint uses, to copy into a new context. */
    static Map<String, byte[]> tlsOf(Endpoint e) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (e.tls()) {
            if (!e.skipVerify() && e.caFile() != null && Files.exists(e.caFile())) {
                out.put("ca.pem", Files.readAllBytes(e.caFile()));
            }
            if (e.certFile() != null && e.keyFile() != null) {
                out.put("cert.pem", Files.readAllBytes(e.certFile()));
                out.put("key.pem", Files.readAllBytes(e.keyFile()));
            }
        }
        return out;
    }

    private static void read(Map<String, byte[]> into, String name, String file) {
        if (file == null || file.isEmpty()) {
            return;
        }
        Path p = Path.of(file.startsWith("~/") ? System.getProperty("user.home") + file.substring(1) : file);
        try {
            into.put(name, Files.readAllBytes(p));
        } catch (NoSuchFileException e) {
            throw new CliException(1, "unable to create docker endpoint config: open " + file
                    + ": no such file or directory");
        } catch (IOException e) {
            throw new CliException(1, "unable to create docker endpoint config: open " + file + ": " + e.getMessage());
        }
    }

    /**
     * {@code --docker} values: comma-separated {@code key=value} pairs (CSV quoting), repeatable; a pair without
     * {@code =} is pflag's flag error, an unknown key docker's.
     */
    static Map<String, String> dockerOptions(Args.Spec spec, List<String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : values) {
            for (String field : csv(v)) {
                int eq = field.indexOf('=');
                if (eq < 0) {
                    throw Args.usage(spec, "invalid argument \"" + v + "\" for \"--docker\" flag: " + field
                            + " must be formatted as key=value");
                }
                out.put(field.substring(0, eq), field.substring(eq + 1));
            }
        }
        for (String key : out.keySet()) {
            if (!DOCKER_KEYS.containsKey(key)) {
                throw new CliException(1, "unable to create docker endpoint config: unrecognized config key: "
                        + key);
            }
        }
        return out;
    }

    private static List<String> csv(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    public static int use(Cli cli, Args a) throws IOException {
        if (a.positionals().size() != 1) {
            throw new CliException(1, "accepts 1 arg(s), received " + a.positionals().size());
        }
        String name = a.positionals().get(0);
        EndpointResolver r = resolver(cli);
        if (!ContextStore.DEFAULT.equals(name)) {
            r.store().load(name);
        }
        r.store().setCurrentContext(name);
        cli.out().println(name);
        cli.err().println("Current context is now \"" + name + "\"");
        String hostVar = ContextListing.hostVariable(cli.env());
        if (hostVar != null && !ContextStore.DEFAULT.equals(name)) {
            cli.err().println("Warning: " + hostVar + " environment variable overrides the active context. To use \""
                    + name + "\", either set the global --context flag, or unset " + hostVar
                    + " environment variable.");
        }
        return 0;
    }

    public static int rm(Cli cli, Args a) throws IOException {
        EndpointResolver r = resolver(cli);
        ContextStore store = r.store();
        String current = r.contextName();
        List<String> errors = new ArrayList<>();
        for (String name : a.positionals()) {
            if (ContextStore.DEFAULT.equals(name)) {
                errors.add("context \"default\" cannot be removed");
            } else if (!store.exists(name)) {
                errors.add("context \"" + name + "\" does not exist");
            } else if (name.equals(current) && !a.has("force")) {
                errors.add("context \"" + name + "\" is in use, set -f flag to force remove");
            } else {
                if (name.equals(store.currentContext())) {
                    store.setCurrentContext(ContextStore.DEFAULT);
                }
                store.remove(name);
                cli.out().println(name);
            }
        }
        errors.forEach(cli.err()::println);
        return errors.isEmpty() ? 0 : 1;
    }

    public static int show(Cli cli, Args a) throws IOException {
        cli.out().println(resolver(cli).contextName());
        return 0;
    }
}
