package dev.jdock.cli;

import dev.jdock.api.MiniJson;
import dev.jdock.api.client.EngineClient;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.cli.context.ContextStore;
import dev.jdock.cli.context.DockerContext;
import dev.jdock.cli.context.Endpoint;
import dev.jdock.cli.context.EndpointResolver;
import dev.jdock.cli.core.GlobalOptions;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code jdock completion bash|zsh|fish} prints the shell's completion script; the scripts call the hidden
 * {@code jdock __complete WORD... CURRENT}, which prints one candidate a line ({@link Completer}). Completion never
 * fails aloud: a daemon that is down, slow (over {@link #WAIT_MS}) or refuses yields no live names, exit 0.
 */
final class Completion {
    static final long WAIT_MS = 2000;
    private static final String USAGE = "Usage:  jdock completion [bash|zsh|fish]\n\n"
            + "Generate the autocompletion script for jdock for the specified shell.\n\n"
            + "  bash   source <(jdock completion bash)\n"
            + "  zsh    jdock completion zsh > \"${fpath[1]}/_jdock\"\n"
            + "  fish   jdock completion fish > ~/.config/fish/completions/jdock.fish\n\n"
            + "scripts/install.sh installs all three into the system's completion directories.\n";

    private Completion() {
    }

    /** {@code args[i]} is {@code completion} or {@code __complete}. */
    static int run(Map<String, String> env, String[] args, int i) {
        if (args[i].equals("__complete")) {
            List<String> words = new ArrayList<>(Arrays.asList(args).subList(i + 1, args.length));
            if (words.isEmpty()) {
                words.add("");
            }
            System.out.print(candidates(words, env));
            return 0;
        }
        String shell = i + 1 < args.length ? args[i + 1] : "--help";
        if (shell.equals("--help") || shell.equals("-h")) {
            System.out.print(USAGE);
            return 0;
        }
        if (!shell.equals("bash") && !shell.equals("zsh") && !shell.equals("fish")) {
            System.err.println("jdock: unknown shell \"" + shell + "\": use bash, zsh or fish\n\n" + USAGE);
            return 1;
        }
        try (InputStream in = Completion.class.getResourceAsStream("completion." + shell)) {
            if (in == null) {
                throw new IOException("no resource completion." + shell);
            }
            System.out.write(in.readAllBytes());
            System.out.flush();
            return 0;
        } catch (IOException e) {
            System.err.println("jdock: the " + shell + " completion script is missing from this build: " + e);
            return 1;
        }
    }

    /** The candidates, one a line; nothing on any error (the shell then offers file names). */
    static String candidates(List<String> words, Map<String, String> env) {
        StringBuilder sb = new StringBuilder();
        try {
            GlobalOptions options = GlobalOptions.parse(words.subList(0, words.size() - 1).toArray(String[]::new));
            for (String c : new Completer(new DaemonNames(options, env)).complete(words)) {
                sb.append(c).append('\n');
            }
        } catch (IOException | RuntimeException e) {
            return "";
        }
        return sb.toString();
    }

    /** Live names from the daemon the completed command line would use, each list asked at most once. */
    static final class DaemonNames implements Completer.Names {
        private final GlobalOptions options;
        private final Map<String, String> env;
        private EngineClient client;

        DaemonNames(GlobalOptions options, Map<String, String> env) {
            this.options = options;
            this.env = env;
        }

        @Override
        public List<String> containers(boolean runningOnly) throws IOException {
            List<String> out = new ArrayList<>();
            for (Object c : items(get("/containers/json?all=" + (runningOnly ? "0" : "1")))) {
                for (Object n : MiniJson.list(c, "Names")) {
                    String name = (String) n;
                    out.add(name.startsWith("/") ? name.substring(1) : name);
                }
            }
            return out;
        }

        @Override
        public List<String> images() throws IOException {
            List<String> out = new ArrayList<>();
            for (Object image : items(get("/images/json"))) {
                for (Object t : MiniJson.list(image, "RepoTags")) {
                    if (!"<none>:<none>".equals(t)) {
                        out.add((String) t);
                    }
                }
            }
            return out;
        }

        @Override
        public List<String> networks() throws IOException {
            List<String> out = new ArrayList<>();
            for (Object n : items(get("/networks"))) {
                out.add(MiniJson.str(n, "Name"));
            }
            return out;
        }

        @Override
        public List<String> volumes() throws IOException {
            List<String> out = new ArrayList<>();
            for (Object v : MiniJson.list(get("/volumes"), "Volumes")) {
                out.add(MiniJson.str(v, "Name"));
            }
            return out;
        }

        @Override
        public List<String> contexts() throws IOException {
            List<String> out = new ArrayList<>(List.of(ContextStore.DEFAULT));
            for (DockerContext c : new ContextStore(ContextStore.configDir(options.configDir(), env)).list()) {
                out.add(c.name());
            }
            return out;
        }

        @SuppressWarnings("unchecked")
        private static List<Object> items(Object reply) {
            return reply instanceof List ? (List<Object>) reply : List.of();
        }

        /**
         * The parsed reply to {@code GET path}; null when the daemon cannot answer within {@link #WAIT_MS} (the
         * request then runs on a daemon thread that the process exit ends).
         */
        private Object get(String path) throws IOException {
            AtomicReference<Object> result = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try (HttpResponse r = client().execute(HttpRequest.get(path))) {
                    if (r.status() == 200) {
                        result.set(MiniJson.parse(r.readAll()));
                    }
                } catch (IOException | RuntimeException e) {
                    result.set(null);
                }
            }, "complete");
            t.setDaemon(true);
            t.start();
            try {
                t.join(WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return result.get();
        }

        private synchronized EngineClient client() throws IOException {
            if (client == null) {
                Endpoint endpoint = new EndpointResolver(options, env).resolve();
                client = new EngineClient(endpoint.host(), endpoint.dialer(), "jdock/" + EngineClient.clientVersion());
            }
            return client;
        }
    }
}
