package dev.jdock.daemon.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.jdock.api.Json;
import dev.jdock.api.types.container.Ulimit;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.logging.LogOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The part of jdockd's configuration that SIGHUP reloads, as dockerd reloads it: {@code debug}, {@code log-level},
 * {@code labels}, {@code registry-mirrors}, {@code insecure-registries}, {@code max-concurrent-downloads},
 * {@code max-concurrent-uploads}, {@code default-ulimits} and {@code log-opts} (defaults for containers started
 * afterwards). Built from daemon.json with the command-line flags winning, as at start-up; {@link #validate()} refuses
 * what dockerd refuses, with its messages.
 */
public record ReloadableConfig(
        boolean debug,
        String logLevel,
        List<String> labels,
        List<String> registryMirrors,
        List<String> insecureRegistries,
        int maxConcurrentDownloads,
        int maxConcurrentUploads,
        Map<String, Ulimit> defaultUlimits,
        String logDriver,
        Map<String, String> logOpts) {

    /** dockerd's defaults for the transfer limits (used when a key is absent or 0, as dockerd does). */
    public static final int DEFAULT_DOWNLOADS = 3;
    public static final int DEFAULT_UPLOADS = 5;
    private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "warning", "error", "fatal",
            "panic");
    private static final Set<String> RLIMITS = Set.of("as", "core", "cpu", "data", "fsize", "locks", "memlock",
            "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");

    public ReloadableConfig {
        logLevel = logLevel == null || logLevel.isEmpty() ? "info" : logLevel;
        labels = labels == null ? List.of() : List.copyOf(labels);
        registryMirrors = registryMirrors == null ? List.of() : List.copyOf(registryMirrors);
        insecureRegistries = insecureRegistries == null ? List.of() : List.copyOf(insecureRegistries);
        defaultUlimits = defaultUlimits == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new TreeMap<>(defaultUlimits));
        logDriver = logDriver == null || logDriver.isEmpty() ? "json-file" : logDriver;
        logOpts = logOpts == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(logOpts));
    }

    /** The flags given on jdockd's command line that daemon.json cannot change (null: not given). */
    public record Flags(Boolean debug, String logLevel) {
        public static final Flags NONE = new Flags(null, null);
    }

    /** The settings of {@code file}, with {@code flags} winning where given. */
    public static ReloadableConfig of(DaemonConfig.FileConfig file, Flags flags) {
        boolean debug = flags.debug() != null ? flags.debug() : Boolean.TRUE.equals(file.debug());
        String level = flags.logLevel() != null ? flags.logLevel() : file.logLevel();
        return new ReloadableConfig(debug, level, file.labels(), file.registryMirrors(), file.insecureRegistries(),
                orDefault(file.maxConcurrentDownloads(), DEFAULT_DOWNLOADS),
                orDefault(file.maxConcurrentUploads(), DEFAULT_UPLOADS), file.defaultUlimits(), file.logDriver(),
                file.logOpts());
    }

    /** What a daemon without daemon.json runs with (tests, and the 7-argument {@link DaemonConfig}). */
    public static ReloadableConfig of(DaemonConfig cfg) {
        return new ReloadableConfig(false, cfg.logLevel(), List.of(), cfg.registryMirrors(), cfg.insecureRegistries(),
                DEFAULT_DOWNLOADS, DEFAULT_UPLOADS, Map.of(), cfg.logDriver(), cfg.logOpts());
    }

    private static int orDefault(Integer v, int def) {
        return v == null || v == 0 ? def : v;
    }

    /** The level the logs are written at: debug when {@code debug} is set, as dockerd's -D. */
    public String effectiveLogLevel() {
        return debug ? "debug" : logLevel;
    }

    /** The daemon's default ulimits, by name; a container's own ulimits win (dockerd's mergeUlimits). */
    public List<Ulimit> ulimits() {
        return defaultUlimits.entrySet().stream().map(e -> new Ulimit(e.getKey(), e.getValue().soft(),
                e.getValue().hard())).toList();
    }

    /**
     * Refuses what dockerd refuses (its messages); {@link EngineException} invalid. Conflicting labels (one key, two
     * values) are refused; exact duplicates are kept once by {@link #withoutDuplicateLabels()}.
     */
    public ReloadableConfig validate() {
        if (!LEVELS.contains(logLevel.toLowerCase(Locale.ROOT))) {
            throw EngineException.invalid("invalid logging level: " + logLevel);
        }
        if (maxConcurrentDownloads < 0) {
            throw EngineException.invalid("invalid max concurrent downloads: " + maxConcurrentDownloads);
        }
        if (maxConcurrentUploads < 0) {
            throw EngineException.invalid("invalid max concurrent uploads: " + maxConcurrentUploads);
        }
        for (String label : labels) {
            validateLabel(label);
        }
        for (Map.Entry<String, Ulimit> e : defaultUlimits.entrySet()) {
            validateUlimit(e.getKey(), e.getValue());
        }
        LogOptions.validateDaemonDefaults(logDriver, logOpts);
        return withoutDuplicateLabels();
    }

    private static void validateLabel(String label) {
        if (!label.contains("=")) {
            throw EngineException.invalid("bad attribute format: " + label);
        }
        String lower = label.toLowerCase(Locale.ROOT);
        if (lower.startsWith("com.docker.") || lower.startsWith("io.docker.")
                || lower.startsWith("org.dockerproject.")) {
            throw EngineException.invalid("label " + label + " is not allowed: the namespaces com.docker.*, "
                    + "io.docker.*, and org.dockerproject.* are reserved for internal use");
        }
    }

    private static void validateUlimit(String key, Ulimit u) {
        if (u == null || !RLIMITS.contains(key) || !u.name().isEmpty() && !u.name().equals(key)) {
            throw EngineException.invalid("invalid ulimit type: " + key);
        }
        if (u.soft() > u.hard()) {
            throw EngineException.invalid("ulimit soft limit must be less than or equal to hard limit: "
                    + u.soft() + " > " + u.hard());
        }
    }

    /** dockerd's GetConflictFreeLabels: one key with two values is an error, the same pair twice is kept once. */
    ReloadableConfig withoutDuplicateLabels() {
        Map<String, String> byKey = new LinkedHashMap<>();
        List<String> out = new ArrayList<>();
        for (String label : labels) {
            int eq = label.indexOf('=');
            String k = label.substring(0, eq);
            String v = label.substring(eq + 1);
            String seen = byKey.putIfAbsent(k, v);
            if (seen == null) {
                out.add(label);
            } else if (!seen.equals(v)) {
                throw EngineException.invalid("conflict labels for " + k + "=" + seen + " and " + k + "=" + v);
            }
        }
        return new ReloadableConfig(debug, logLevel, out, registryMirrors, insecureRegistries,
                maxConcurrentDownloads, maxConcurrentUploads, defaultUlimits, logDriver, logOpts);
    }

    /**
     * The {@code daemon reload} event's attributes, as dockerd's: every reloadable key with its new value, lists and
     * maps as JSON ({@code "[]"} when empty), plus jdock's always-on live restore.
     */
    public Map<String, String> attributes() {
        Map<String, String> a = new TreeMap<>();
        a.put("debug", Boolean.toString(debug));
        a.put("log-level", logLevel);
        a.put("labels", json(labels));
        a.put("registry-mirrors", json(registryMirrors));
        a.put("insecure-registries", json(insecureRegistries));
        a.put("max-concurrent-downloads", Integer.toString(maxConcurrentDownloads));
        a.put("max-concurrent-uploads", Integer.toString(maxConcurrentUploads));
        a.put("default-ulimits", json(defaultUlimits));
        a.put("log-opts", json(logOpts));
        a.put("live-restore", "true");
        return a;
    }

    /** The keys whose value differs from {@code before}, as {@code key: old -> new} (attribute text). */
    public List<String> changesFrom(ReloadableConfig before) {
        Map<String, String> was = before.attributes();
        List<String> out = new ArrayList<>();
        attributes().forEach((k, v) -> {
            if (!Objects.equals(was.get(k), v)) {
                out.add(k + ": " + was.get(k) + " -> " + v);
            }
        });
        return out;
    }

    private static String json(Object v) {
        try {
            return Json.mapper().writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
