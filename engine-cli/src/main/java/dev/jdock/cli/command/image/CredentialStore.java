package dev.jdock.cli.command.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Registry credentials in the docker CLI's {@code config.json} ({@code $DOCKER_CONFIG/config.json}, default
 * {@code ~/.docker/config.json}): {@code auths.<server>.auth} = base64 {@code user:password}, or a credential helper
 * ({@code credHelpers.<server>}, else {@code credsStore}) run as {@code docker-credential-<name> get|store|erase}.
 * Other keys of the file are kept as they are.
 */
final class CredentialStore {
    static final String DOCKER_HUB = "https://index.docker.io/v1/";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A username and secret (a password, or an identity token when {@code username} is {@code <token>}). */
    record Credentials(String username, String secret, String server) {
    }

    private final Path file;

    CredentialStore(Path file) {
        this.file = file;
    }

    static CredentialStore fromEnv(Map<String, String> env) {
        String dir = env.get("DOCKER_CONFIG");
        Path base = dir != null && !dir.isEmpty() ? Path.of(dir)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".docker");
        return new CredentialStore(base.resolve("config.json"));
    }

    Path file() {
        return file;
    }

    /** The key docker uses for a registry domain: the Hub's v1 URL for docker.io, else host[:port]. */
    static String serverKey(String domain) {
        if (domain == null || domain.isEmpty() || domain.equals("docker.io") || domain.equals("index.docker.io")
                || domain.equals("registry-1.docker.io") || domain.equals(DOCKER_HUB)) {
            return DOCKER_HUB;
        }
        return domain.replaceFirst("^[a-zA-Z]+://", "").replaceFirst("/.*$", "");
    }

    Credentials get(String server) throws IOException {
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

    void store(Credentials c) throws IOException {
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
    boolean erase(String server) throws IOException {
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
        if (!Files.exists(file)) {
            return JSON.createObjectNode();
        }
        JsonNode n = JSON.readTree(file.toFile());
        return n instanceof ObjectNode o ? o : JSON.createObjectNode();
    }

    private void write(ObjectNode root) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "config.json", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The {@code X-Registry-Config} value a build sends: base64url JSON of every stored credential by server (the
     * docker CLI's GetAllCredentials: the {@code auths} entries and the {@code credHelpers} servers; one that cannot
     * be read is left out, as docker ignores the error), {@code e30=} when there is none.
     */
    String registryConfig() throws IOException {
        ObjectNode root = read();
        java.util.Set<String> servers = new java.util.TreeSet<>();
        root.path("auths").fieldNames().forEachRemaining(servers::add);
        root.path("credHelpers").fieldNames().forEachRemaining(servers::add);
        Map<String, Map<String, String>> all = new java.util.TreeMap<>();
        for (String server : servers) {
            Credentials c;
            try {
                c = get(server);
            } catch (IOException | RuntimeException e) {
                continue;
            }
            if (c == null) {
                continue;
            }
            Map<String, String> m = new java.util.LinkedHashMap<>();
            if (!c.username().equals("<token>")) {
                m.put("username", c.username());
                m.put("password", c.secret());
            }
            m.put("serveraddress", server);
            if (c.username().equals("<token>")) {
                m.put("identitytoken", c.secret());
            }
            all.put(server, m);
        }
        return Base64.getUrlEncoder().encodeToString(JSON.writeValueAsBytes(all));
    }

    /** The {@code X-Registry-Auth} value: base64url JSON, {@code e30=} ({@code {}}) when anonymous. */
    static String header(Credentials c) throws IOException {
        if (c == null) {
            return "e30=";
        }
        Map<String, String> m = c.username().equals("<token>")
                ? Map.of("identitytoken", c.secret(), "serveraddress", c.server())
                : Map.of("username", c.username(), "password", c.secret(), "serveraddress", c.server());
        return Base64.getUrlEncoder().encodeToString(JSON.writeValueAsBytes(m));
    }
}
