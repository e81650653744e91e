package dev.jdock.cli.plugin;

import dev.jdock.api.MiniJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds CLI plugins as the docker CLI 28 does: {@code docker-NAME} files (symlinks followed, directories skipped)
 * in config.json's {@code cliPluginsExtraDirs}, then {@code <config dir>/cli-plugins}, then the system directories;
 * the first directory holding a name wins. A candidate is valid when its name matches {@code ^[a-z][a-z0-9]*$}, it
 * is no built-in command, and {@code docker-NAME docker-cli-plugin-metadata} prints valid metadata
 * ({@link PluginMetadata}); otherwise it carries docker's reason.
 */
public final class PluginFinder {
    public static final String PREFIX = "docker-";
    public static final String METADATA_COMMAND = "docker-cli-plugin-metadata";
    public static final List<Path> SYSTEM_DIRS = List.of(Path.of("/usr/local/lib/docker/cli-plugins"),
            Path.of("/usr/local/libexec/docker/cli-plugins"), Path.of("/usr/lib/docker/cli-plugins"),
            Path.of("/usr/libexec/docker/cli-plugins"));
    static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9]*$");
    private static final int MAX_METADATA = 1 << 20;
    private static final Pattern EXEC_ERROR = Pattern.compile("error(?:=|: )\\d+(?:, | \\()([^)]*)\\)?\\s*$");

    /** Runs {@code path docker-cli-plugin-metadata} and returns its stdout (the seam tests replace). */
    public interface MetadataSource {
        byte[] read(Path executable) throws IOException;
    }

    private final List<Path> dirs;
    private final Predicate<String> builtin;
    private final MetadataSource source;

    public PluginFinder(List<Path> dirs, Predicate<String> builtin, MetadataSource source) {
        this.dirs = dirs;
        this.builtin = builtin;
        this.source = source;
    }

    /** The finder for a config directory, running the plugins for their metadata. */
    public static PluginFinder forConfigDir(Path configDir, Predicate<String> builtin) {
        return new PluginFinder(dirs(configDir), builtin, PluginFinder::runMetadata);
    }

    /** The directories searched, in order: config.json's {@code cliPluginsExtraDirs}, the config's, the system's. */
    public static List<Path> dirs(Path configDir) {
        List<Path> out = new ArrayList<>();
        Path config = configDir.resolve("config.json");
        if (Files.isRegularFile(config)) {
            try {
                for (Object d : MiniJson.list(MiniJson.parse(Files.readAllBytes(config)), "cliPluginsExtraDirs")) {
                    if (d instanceof String s && !s.isEmpty()) {
                        out.add(Path.of(s));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // an unreadable config.json adds no directory (the commands that need it report it)
            }
        }
        out.add(configDir.resolve("cli-plugins"));
        out.addAll(SYSTEM_DIRS);
        return out;
    }

    /** Every candidate, valid or not, by name (each checked by running it). */
    public List<Plugin> list() {
        Map<String, Path> found = new TreeMap<>();
        for (Path dir : dirs) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, PREFIX + "*")) {
                for (Path p : ds) {
                    String name = p.getFileName().toString().substring(PREFIX.length());
                    if (!name.isEmpty() && !Files.isDirectory(p)) {
                        found.putIfAbsent(name, p);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // a missing or unreadable directory holds no plugin
            }
        }
        List<Plugin> out = new ArrayList<>();
        found.forEach((name, path) -> out.add(check(name, path)));
        return out;
    }

    /** The plugin {@code jdock NAME} would run, or null when there is no candidate of that name. */
    public Plugin find(String name) {
        if (name.isEmpty() || name.indexOf('/') >= 0 || name.equals(".") || name.equals("..")) {
            return null;
        }
        for (Path dir : dirs) {
            Path p = dir.resolve(PREFIX + name);
            if (Files.exists(p) && !Files.isDirectory(p)) {
                return check(name, p);
            }
        }
        return null;
    }

    /** Applies docker's checks in docker's order. */
    Plugin check(String name, Path path) {
        if (!NAME.matcher(name).matches()) {
            return new Plugin(name, path, null, "plugin candidate \"" + name + "\" did not match \"" + NAME + "\"");
        }
        if (builtin.test(name)) {
            return new Plugin(name, path, null, "plugin \"" + name + "\" duplicates builtin command");
        }
        byte[] raw;
        try {
            raw = source.read(path);
        } catch (IOException e) {
            return new Plugin(name, path, null, "failed to fetch metadata: " + e.getMessage());
        }
        PluginMetadata meta;
        try {
            meta = PluginMetadata.parse(raw);
        } catch (IOException e) {
            return new Plugin(name, path, null, "invalid metadata: " + e.getMessage());
        }
        return new Plugin(name, path, meta, meta.problem());
    }

    /**
     * Go's {@code exec.Command(path, "docker-cli-plugin-metadata").Output()}: stdin and stderr at /dev/null, the
     * output (at most 1 MiB read), a non-zero status as {@code exit status N}, a failed exec as
     * {@code fork/exec PATH: reason}.
     */
    static byte[] runMetadata(Path path) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(path.toString(), METADATA_COMMAND)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IOException("fork/exec " + path + ": " + execReason(e.getMessage()), e);
        }
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readNBytes(MAX_METADATA);
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        int status;
        try {
            status = p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
        if (status != 0) {
            throw new IOException("exit status " + status);
        }
        return out;
    }

    /**
     * The JDK's exec failure as Go words it: "permission denied" from "Cannot run program "x": error=13, Permission
     * denied" (JDK 17) or "... Exec failed, error: 13 (Permission denied) " (JDK 25).
     */
    static String execReason(String javaMessage) {
        if (javaMessage == null) {
            return "exec failed";
        }
        Matcher m = EXEC_ERROR.matcher(javaMessage);
        String reason = m.find() ? m.group(1).trim() : javaMessage;
        return reason.isEmpty() ? reason : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
    }
}
