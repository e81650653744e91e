package dev.jdock.cli.context;

import dev.jdock.api.MiniJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The docker CLI's context store, shared with it: {@code <config>/contexts/meta/<sha256(name)>/meta.json} and the TLS
 * files in {@code <config>/contexts/tls/<sha256(name)>/docker/{ca,cert,key}.pem} (directories 0700, files 0600, as
 * docker writes them), the current context in {@code <config>/config.json} ({@code currentContext}, other keys kept).
 * {@code <config>} is {@code --config}, else {@code $DOCKER_CONFIG}, else {@code ~/.docker}.
 */
public final class ContextStore {
    public static final String DEFAULT = "default";
    public static final List<String> TLS_FILES = List.of("ca.pem", "cert.pem", "key.pem");

    private final Path configDir;

    public ContextStore(Path configDir) {
        this.configDir = configDir;
    }

    /** The client configuration directory. */
    public static Path configDir(String flag, Map<String, String> env) {
        if (flag != null && !flag.isEmpty()) {
            return Path.of(flag);
        }
        String dir = env.get("DOCKER_CONFIG");
        if (dir != null && !dir.isEmpty()) {
            return Path.of(dir);
        }
        return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".docker");
    }

    public Path configDir() {
        return configDir;
    }

    /** The hex SHA-256 of the name: each context's directory name. */
    public static String digest(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }

    /** Null when the name is valid, else docker's message. */
    public static String nameError(String name) {
        if (name == null || name.isEmpty()) {
            return "context name cannot be empty";
        }
        if (DEFAULT.equals(name)) {
            return "\"default\" is a reserved context name";
        }
        Pattern valid = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$");
        if (name == null || !valid.matcher(name).matches()) {
            return "context name \"" + name + "\" is invalid, names are validated against regexp \"" + valid.pattern()
                    + "\"";
        }
        return null;
    }

    public Path metaDir(String name) {
        return configDir.resolve("contexts").resolve("meta").resolve(digest(name));
    }

    public Path tlsDir(String name) {
        return configDir.resolve("contexts").resolve("tls").resolve(digest(name));
    }

    /** The TLS file of a context's docker endpoint ({@code ca.pem}, {@code cert.pem}, {@code key.pem}). */
    public Path tlsFile(String name, String file) {
        return tlsDir(name).resolve(DockerContext.DOCKER).resolve(file);
    }

    public boolean exists(String name) {
        return Files.isRegularFile(metaDir(name).resolve("meta.json"));
    }

    /** A stored context; a missing one is docker's "context not found" error. */
    public DockerContext load(String name) throws IOException {
        Path file = metaDir(name).resolve("meta.json");
        try {
            return DockerContext.parse(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new IOException("context \"" + name + "\": context not found: open " + file
                    + ": no such file or directory", e);
        }
    }

    /** Every stored context, by name. */
    public List<DockerContext> list() throws IOException {
        List<DockerContext> out = new ArrayList<>();
        Path meta = configDir.resolve("contexts").resolve("meta");
        if (!Files.isDirectory(meta)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(meta)) {
            for (Path d : dirs) {
                Path f = d.resolve("meta.json");
                if (Files.isRegularFile(f)) {
                    out.add(DockerContext.parse(Files.readAllBytes(f)));
                }
            }
        }
        out.sort(Comparator.comparing(DockerContext::name));
        return out;
    }

    /** Which TLS files the context's docker endpoint has, in docker's order. */
    public List<String> tlsFiles(String name) {
        List<String> out = new ArrayList<>();
        for (String f : TLS_FILES) {
            if (Files.isRegularFile(tlsFile(name, f))) {
                out.add(f);
            }
        }
        return out;
    }

    /** Stores a new context: its TLS files ({@code ca.pem}… to bytes) first, then its meta.json. */
    public void create(DockerContext c, Map<String, byte[]> tls) throws IOException {
        resetEndpointTls(c.name(), DockerContext.DOCKER, tls);
        save(c);
    }

    /** Writes a context's meta.json, new or over the old one (docker's {@code CreateOrUpdate}). */
    public void save(DockerContext c) throws IOException {
        Path meta = metaDir(c.name());
        Files.createDirectories(meta);
        write(meta.resolve("meta.json"), c.toJson(), "rw-r--r--");
    }

    /** Every TLS file of a context: endpoint to file name to bytes, both in name order. */
    public Map<String, Map<String, byte[]>> tlsData(String name) throws IOException {
        Map<String, Map<String, byte[]>> out = new TreeMap<>();
        Path root = tlsDir(name);
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> eps = Files.newDirectoryStream(root)) {
            for (Path ep : eps) {
                if (!Files.isDirectory(ep)) {
                    continue;
                }
                Map<String, byte[]> files = new TreeMap<>();
                try (DirectoryStream<Path> fs = Files.newDirectoryStream(ep)) {
                    for (Path f : fs) {
                        if (Files.isRegularFile(f)) {
                            files.put(f.getFileName().toString(), Files.readAllBytes(f));
                        }
                    }
                }
                out.put(ep.getFileName().toString(), files);
            }
        }
        return out;
    }

    /** Replaces all TLS files of a context (docker's {@code ResetTLSMaterial}). */
    public void resetTls(String name, Map<String, Map<String, byte[]>> byEndpoint) throws IOException {
        deleteTree(tlsDir(name));
        for (Map.Entry<String, Map<String, byte[]>> e : byEndpoint.entrySet()) {
            writeTls(name, e.getKey(), e.getValue());
        }
    }

    /** Replaces the TLS files of one endpoint (docker's {@code ResetEndpointTLSMaterial}). */
    public void resetEndpointTls(String name, String endpoint, Map<String, byte[]> files) throws IOException {
        deleteTree(tlsDir(name).resolve(endpoint));
        writeTls(name, endpoint, files);
    }

    private void writeTls(String name, String endpoint, Map<String, byte[]> files) throws IOException {
        if (files.isEmpty()) {
            return;
        }
        Path dir = tlsDir(name).resolve(endpoint);
        createPrivateDirs(dir);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            write(dir.resolve(e.getKey()), e.getValue(), "rw-------");
        }
    }

    /** Removes a context's metadata and TLS files. */
    public void remove(String name) throws IOException {
        deleteTree(tlsDir(name));
        deleteTree(metaDir(name));
    }

    /** {@code currentContext} of config.json, "" when unset (read without databind: every command may ask). */
    public String currentContext() throws IOException {
        Path f = configDir.resolve("config.json");
        if (!Files.isRegularFile(f)) {
            return "";
        }
        String name = MiniJson.str(MiniJson.parse(Files.readAllBytes(f)), "currentContext");
        return name == null ? "" : name;
    }

    /** Sets (or with "default", removes) {@code currentContext} in config.json, keeping its other keys. */
    public void setCurrentContext(String name) throws IOException {
        ConfigFile.setCurrentContext(configDir.resolve("config.json"), DEFAULT.equals(name) ? "" : name);
    }

    private static void createPrivateDirs(Path dir) throws IOException {
        Path contexts = dir.getParent().getParent().getParent();
        Files.createDirectories(contexts);
        for (Path p = contexts.resolve("tls"); ; p = p.resolve(dir.getName(p.getNameCount()))) {
            if (!Files.isDirectory(p)) {
                Files.createDirectory(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        "rwx------")));
            }
            if (p.equals(dir)) {
                return;
            }
        }
    }

    private static void write(Path file, byte[] data, String mode) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
        try {
            Files.write(tmp, data);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Files.delete(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
