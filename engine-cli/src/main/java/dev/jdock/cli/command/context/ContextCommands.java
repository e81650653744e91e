package dev.jdock.cli.command.context;

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
    public static final Args.Spec CREATE = new Args.Spec("context create")
            .option(null, "description", "string", "Description of the context")
            .option(null, "docker", "stringToString", "set the docker endpoint", "[]")
            .option(null, "from", "string", "create context from a named context");
    public static final Args.Spec USE = new Args.Spec("context use");
    public static final Args.Spec RM = new Args.Spec("context rm")
            .flag("f", "force", "Force the removal of a context in use");
    public static final Args.Spec SHOW = new Args.Spec("context show");
    private static final List<String> DOCKER_KEYS = List.of("from", "host", "ca", "cert", "key", "skip-tls-verify");

    private ContextCommands() {
    }

    static EndpointResolver resolver(Cli cli) {
        return new EndpointResolver(cli.options(), cli.env());
    }

    public static int create(Cli cli, Args a) throws IOException {
        String name = a.positionals().get(0);
        EndpointResolver r = resolver(cli);
        ContextStore store = r.store();
        String bad = ContextStore.nameError(name);
        if (bad != null) {
            throw new CliException(1, bad);
        }
        if (store.exists(name)) {
            throw new CliException(1, "context \"" + name + "\" already exists");
        }
        Map<String, String> docker = dockerOptions(a.values("docker"));
        String from = docker.containsKey("from") ? docker.get("from") : a.value("from");
        DockerContext c;
        Map<String, byte[]> tls;
        if (docker.isEmpty() || docker.containsKey("from") && docker.size() == 1) {
            Endpoint src = from != null ? endpointOf(r, from) : r.resolve();
            c = DockerContext.of(name, a.value("description", description(store, src.context())),
                    src.host().toString(), src.tls() && src.skipVerify());
            tls = tlsOf(src);
        } else {
            c = DockerContext.of(name, a.value("description", ""), docker.getOrDefault("host", ""),
                    Boolean.parseBoolean(docker.getOrDefault("skip-tls-verify", "false")));
            tls = new LinkedHashMap<>();
            read(tls, "ca.pem", docker.get("ca"));
            read(tls, "cert.pem", docker.get("cert"));
            read(tls, "key.pem", docker.get("key"));
        }
        store.create(c, tls);
        cli.out().println(name);
        cli.err().println("Successfully created context \"" + name + "\"");
        return 0;
    }

    private static Endpoint endpointOf(EndpointResolver r, String name) throws IOException {
        return ContextStore.DEFAULT.equals(name) ? r.defaultEndpoint() : r.contextEndpoint(name);
    }

    private static String description(ContextStore store, String name) throws IOException {
        return ContextStore.DEFAULT.equals(name) ? ContextListing.DEFAULT_DESCRIPTION
                : store.load(name).description();
    }

    /** The TLS files an endpoint uses, to copy into a new context. */
    private static Map<String, byte[]> tlsOf(Endpoint e) throws IOException {
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

    /** {@code --docker} values: comma-separated {@code key=value} pairs (CSV quoting), repeatable. */
    static Map<String, String> dockerOptions(List<String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : values) {
            for (String field : csv(v)) {
                int eq = field.indexOf('=');
                if (eq < 0) {
                    throw new CliException(1, "invalid argument \"" + v + "\" for \"--docker\" flag: " + field
                            + " must be formatted as key=value");
                }
                String key = field.substring(0, eq);
                if (!DOCKER_KEYS.contains(key)) {
                    throw new CliException(1, "unable to create docker endpoint config: unrecognized config key: "
                            + key);
                }
                out.put(key, field.substring(eq + 1));
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
        if (cur.length() > 0 || !out.isEmpty()) {
            out.add(cur.toString());
        }
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
