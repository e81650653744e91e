package dev.jdock.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jdock.cli.core.ConfigJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Registry credentials in the docker CLI's {@code config.json} ({@code $DOCKER_CONFIG/config.json}, default
 * {@code ~/.docker/config.json}): {@code auths.<server>.auth} = base64 {@code user:password}, or a credential helper
 * ({@code credHelpers.<server>}, else {@code credsStore}) run as {@code docker-credential-<name> get|store|erase}.
 * Other keys of the file are kept as they are. Shared by the image commands (login, pull, push, build, search) and
 * run/create (the pull of a missing image, {@code --use-api-socket}).
 */
public final class CredentialStore {
    public static final String DOCKER_HUB = "https://index.docker.io/v1/";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A username and secret (a password, or an identity token when {@code username} is {@code <token>}). */
    public record Credentials(String username, String secret, String server) {
    }

    private final Path file;

    public CredentialStore(Path file) {
        this.file = file;
    }

    public static CredentialStore fromEnv(Map<String, String> env) {
        String dir = env.get("DOCKER_CONFIG");
        Path base = dir != null && !dir.isEmpty() ? Path.of(dir)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".docker");
        return new CredentialStore(base.resolve("config.json"));
    }

    public Path file() {
        return file;
    }

    /** The key docker uses for a registry domain: the Hub's v1 URL for docker.io, else host[:port]. */
    public static String serverKey(String domain) {
        if (domain == null || domain.isEmpty() || domain.equals("docker.io") || domain.equals("index.docker.io")
                || domain.equals("registry-1.docker.io") || domain.equals(DOCKER_HUB)) {
            return DOCKER_HUB;
        }
        return domain.replaceFirst("^[a-zA-Z]+://", "").replaceFirst("/.*$", "");
    }

    public Credentials get(String server) throws IOException {
        ObjectNode root = read();
        String helper = helperFor(root, server);
        if (helper != null) {
            return helperGet(helper, server);
        }
        JsonNode entry = root.path("auths").path(server);
        if (entry.isMissingNode() && server.equals(DOCKER_HUB)) {
            entry = root.path("auths").path("index.docker.io");
        }
        String auth = entry.path("auth").asText("");
        if (auth.isEmpty()) {
            String token = entry.path("identitytoken").asText("");
            return token.isEmpty() ? null : new Credentials("<token>", token, server);
        }
        String up = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
        int colon = up.indexOf(':');
        return colon < 0 ? null : new Credentials(up.substring(0, colon), up.substring(colon + 1), server);
    }

    public void store(Credentials c) throws IOException {
        ObjectNode root = read();
        String helper = helperFor(root, c.server());
        ObjectNode auths = root.has("auths") && root.get("auths").isObject() ? (ObjectNode) root.get("auths")
                : root.putObject("auths");
        if (helper != null) {
            String in = JSON.writeValueAsString(Map.of("ServerURL", c.server(), "Username", c.username(),
                    "Secret", c.secret()));
            runHelper(helper, "store", in);
            auths.putObject(c.server());
        } else {
            auths.putObject(c.server()).put("auth", Base64.getEncoder().encodeToString(
                    (c.username() + ":" + c.secret()).getBytes(StandardCharsets.UTF_8)));
        }
        write(root);
    }

    /** Removes the server's credentials; false when there were none. */
    public boolean erase(String server) throws IOException {
        ObjectNode root = read();
        String helper = helperFor(root, server);
        boolean had = root.path("auths").has(server);
        if (helper != null) {
            runHelper(helper, "erase", server);
        }
        if (had) {
            ((ObjectNode) root.get("auths")).remove(server);
            write(root);
        }
        return had || helper != null;
    }

    private static String helperFor(ObjectNode root, String server) {
        String h = root.path("credHelpers").path(server).asText("");
        if (h.isEmpty()) {
            h = root.path("credsStore").asText("");
        }
        return h.isEmpty() ? null : h;
    }

    private Credentials helperGet(String helper, String server) throws IOException {
        String out = runHelper(helper, "get", server);
        if (out == null) {
            return null;
        }
        JsonNode n = JSON.readTree(out);
        return new Credentials(n.path("Username").asText(), n.path("Secret").asText(), server);
    }

    /** Runs {@code docker-credential-<helper> <action>} with {@code input} on stdin; null on "not found". */
    private static String runHelper(String helper, String action, String input) throws IOException {
        Process p = new ProcessBuilder("docker-credential-" + helper, action).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroy();
                throw new IOException("docker-credential-" + helper + " " + action + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            if (action.equals("get") && out.contains("credentials not found")) {
                return null;
            }
            throw new IOException("error " + (action.equals("get") ? "getting" : action.equals("store")
                    ? "storing" : "erasing") + " credentials - err: exit status " + p.exitValue() + ", out: `" + out
                    + "`");
        }
        return out;
    }

    private ObjectNode read() throws IOException {
        return ConfigJson.read(file);
    }

    private void write(ObjectNode root) throws IOException {
        ConfigJson.save(file, root);
    }

    /**
     * Every stored credential by server (the docker CLI's GetAllCredentials: the {@code auths} entries and the
     * {@code credHelpers} servers; one that cannot be read is left out, as docker ignores the error).
     */
    public Map<String, Credentials> all() throws IOException {
        ObjectNode root = read();
        java.util.Set<String> servers = new java.util.TreeSet<>();
        root.path("auths").fieldNames().forEachRemaining(servers::add);
        root.path("credHelpers").fieldNames().forEachRemaining(servers::add);
        Map<String, Credentials> all = new java.util.TreeMap<>();
        for (String server : servers) {
            try {
                Credentials c = get(server);
                if (c != null) {
                    all.put(server, c);
                }
            } catch (IOException | RuntimeException e) {
                // left out, as docker's GetAllCredentials ignores a helper's error
            }
        }
        return all;
    }

    /**
     * The {@code X-Registry-Config} value a build sends: base64url JSON of {@link #all()}, {@code e30=} when there is
     * none.
     */
    public String registryConfig() throws IOException {
        Map<String, Map<String, String>> all = new java.util.TreeMap<>();
        for (Map.Entry<String, Credentials> e : all().entrySet()) {
            Credentials c = e.getValue();
            Map<String, String> m = new java.util.LinkedHashMap<>();
            if (!c.username().equals("<token>")) {
                m.put("username", c.username());
                m.put("password", c.secret());
            }
            m.put("serveraddress", e.getKey());
            if (c.username().equals("<token>")) {
                m.put("identitytoken", c.secret());
            }
            all.put(e.getKey(), m);
        }
        return Base64.getUrlEncoder().encodeToString(JSON.writeValueAsBytes(all));
    }

    /**
     * A {@code config.json} holding only these credentials, as the docker CLI's ConfigFile.SaveToWriter writes it
     * (tab-indented; {@code auth} = base64 {@code user:password}, or an {@code identitytoken}).
     */
    public static String configJson(Map<String, Credentials> creds) throws IOException {
        StringBuilder sb = new StringBuilder("{\n\t\"auths\": {");
        String sep = "\n";
        for (Map.Entry<String, Credentials> e : creds.entrySet()) {
            Credentials c = e.getValue();
            boolean token = c.username().equals("<token>");
            String value = token ? c.secret() : Base64.getEncoder().encodeToString((c.username() + ":" + c.secret())
                    .getBytes(StandardCharsets.UTF_8));
            sb.append(sep).append("\t\t").append(JSON.writeValueAsString(e.getKey())).append(": {\n\t\t\t\"")
                    .append(token ? "identitytoken" : "auth").append("\": ").append(JSON.writeValueAsString(value))
                    .append("\n\t\t}");
            sep = ",\n";
        }
        return sb.append("\n\t}\n}").toString();
    }

    /** The {@code X-Registry-Auth} value: base64url JSON, {@code e30=} ({@code {}}) when anonymous. */
    public static String header(Credentials c) throws IOException {
        if (c == null) {
            return "e30=";
        }
        Map<String, String> m = c.username().equals("<token>")
                ? Map.of("identitytoken", c.secret(), "serveraddress", c.server())
                : Map.of("username", c.username(), "password", c.secret(), "serveraddress", c.server());
        return Base64.getUrlEncoder().encodeToString(JSON.writeValueAsBytes(m));
    }
}
