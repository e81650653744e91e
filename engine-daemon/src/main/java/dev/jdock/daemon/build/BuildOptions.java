package dev.jdock.daemon.build;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.jdock.api.Json;
import dev.jdock.api.types.container.Ulimit;
import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.api.ApiRequest;
import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The query of {@code POST /build} as moby's classic builder reads it ({@code newImageBuildOptions}): tags, the
 * Dockerfile's path in the context, build args and labels (JSON maps), the cache switches, the step containers'
 * network and resources. Refused as moby refuses: BuildKit ({@code version=2}), {@code squash} without
 * experimental mode, an isolation other than the default, a bad tag, malformed JSON.
 *
 * @param buildArgs values may be null: {@code --build-arg NAME} without a value takes it from the client's
 *     environment, and the CLI sends null when that is unset
 */
public record BuildOptions(
        List<ImageReference> tags,
        String dockerfile,
        String remote,
        Map<String, String> buildArgs,
        Map<String, String> labels,
        String target,
        boolean noCache,
        boolean pull,
        boolean remove,
        boolean forceRemove,
        boolean quiet,
        String networkMode,
        String platform,
        List<String> cacheFrom,
        List<String> extraHosts,
        Resources resources,
        String registryConfig) {

    /** The step containers' limits: zero means unset. */
    public record Resources(long memory, long memorySwap, long cpuShares, long cpuPeriod, long cpuQuota,
            String cpusetCpus, String cpusetMems, long shmSize, String cgroupParent, List<Ulimit> ulimits) {
        public static final Resources NONE = new Resources(0, 0, 0, 0, 0, "", "", 0, "", List.of());
    }

    public BuildOptions {
        tags = List.copyOf(tags);
        cacheFrom = List.copyOf(cacheFrom);
        extraHosts = List.copyOf(extraHosts);
    }

    /** Options with every default, as a client that sends only a context gets. */
    public static BuildOptions defaults() {
        return new BuildOptions(List.of(), "Dockerfile", "", Map.of(), Map.of(), "", false, false, true, false,
                false, "default", "", List.of(), List.of(), Resources.NONE, "");
    }

    public static BuildOptions from(ApiRequest req) {
        String version = req.query("version", "1");
        if ("2".equals(version)) {
            throw EngineException.invalid("buildkit not supported by daemon: jdockd serves the classic builder "
                    + "(DOCKER_BUILDKIT=0)");
        }
        if (!"1".equals(version)) {
            throw EngineException.invalid("unsupported builder version " + version);
        }
        if (req.queryBool("squash", false)) {
            throw EngineException.invalid("squash is only supported with experimental mode");
        }
        String isolation = req.query("isolation", "");
        if (!isolation.isEmpty() && !"default".equals(isolation.toLowerCase(Locale.ROOT))) {
            throw EngineException.invalid("Unsupported isolation: \"" + isolation + "\"");
        }
        if (!req.queryAll("securityopt").isEmpty()) { // moby on Linux: the parameter at all, whatever its value
            throw EngineException.invalid("The daemon on this platform does not support setting security options on "
                    + "build");
        }
        boolean forceRemove = req.queryBool("forcerm", false);
        // moby: rm defaults to true when absent, and forcerm implies it
        boolean remove = forceRemove || req.queryBool("rm", true);
        String dockerfile = req.query("dockerfile", "");
        return new BuildOptions(tags(req.queryAll("t")), dockerfile.isEmpty() ? "Dockerfile" : dockerfile,
                req.query("remote", ""), nullableMap(req.query("buildargs", ""), "build args"),
                nullableMap(req.query("labels", ""), "labels"), req.query("target", ""),
                req.queryBool("nocache", false),
                req.queryBool("pull", false), remove, forceRemove, req.queryBool("q", false),
                networkMode(req.query("networkmode", "")), req.query("platform", ""),
                stringList(req.query("cachefrom", ""), "cache from"), req.queryAll("extrahosts"), resources(req),
                req.header("X-Registry-Config").orElse(""));
    }

    private static String networkMode(String mode) {
        return mode.isEmpty() ? "default" : mode;
    }

    private static Resources resources(ApiRequest req) {
        return new Resources(req.queryLong("memory", 0), req.queryLong("memswap", 0), req.queryLong("cpushares", 0),
                req.queryLong("cpuperiod", 0), req.queryLong("cpuquota", 0), req.query("cpusetcpus", ""),
                req.query("cpusetmems", ""), req.queryLong("shmsize", 0), req.query("cgroupparent", ""),
                ulimits(req.query("ulimits", "")));
    }

    static List<ImageReference> tags(List<String> raw) {
        List<ImageReference> out = new ArrayList<>();
        for (String t : raw) {
            if (t.isEmpty()) {
                continue;
            }
            try {
                ImageReference ref = ImageReference.parseNamed(t);
                if (ref.digest() != null) {
                    throw EngineException.invalid("invalid reference format: " + t
                            + " (a build tag cannot carry a digest)");
                }
                out.add(ref.tag() == null ? ref.withTag("latest") : ref);
            } catch (IllegalArgumentException e) {
                throw EngineException.invalid("invalid reference format: " + e.getMessage());
            }
        }
        return out;
    }

    private static Map<String, String> nullableMap(String json, String what) {
        if (json.isEmpty() || "null".equals(json)) {
            return Map.of();
        }
        try {
            Map<String, String> m = Json.requestMapper().readValue(json,
                    new TypeReference<LinkedHashMap<String, String>>() {
                    });
            return m == null ? Map.of() : java.util.Collections.unmodifiableMap(m);
        } catch (IOException e) {
            throw EngineException.invalid("error reading " + what + ": " + e.getMessage());
        }
    }

    private static List<String> stringList(String json, String what) {
        if (json.isEmpty() || "null".equals(json)) {
            return List.of();
        }
        try {
            List<String> l = Json.requestMapper().readValue(json, new TypeReference<List<String>>() {
            });
            return l == null ? List.of() : l;
        } catch (IOException e) {
            throw EngineException.invalid("error reading " + what + ": " + e.getMessage());
        }
    }

    private static List<Ulimit> ulimits(String json) {
        if (json.isEmpty() || "null".equals(json)) {
            return List.of();
        }
        try {
            List<Ulimit> l = Json.requestMapper().readValue(json, new TypeReference<List<Ulimit>>() {
            });
            return l == null ? List.of() : List.copyOf(l);
        } catch (IOException e) {
            throw EngineException.invalid("error reading ulimits: " + e.getMessage());
        }
    }
}
