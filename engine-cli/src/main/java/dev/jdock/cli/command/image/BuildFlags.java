package dev.jdock.cli.command.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.types.container.Ulimit;
import dev.jdock.api.value.ImageReference;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.FlagValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The flags of {@code jdock build}, checked as the docker CLI's legacy builder checks them (its pflag errors, exit
 * 125) and turned into the {@code POST /build} query it sends: parameters in Go's sorted order, booleans only when
 * set, build args and labels as JSON maps (a {@code --build-arg NAME} without a value takes it from the environment,
 * null when unset).
 */
final class BuildFlags {
    static final Args.Spec SPEC = new Args.Spec("build")
            .option("t", "tag", "list", "Name and optionally a tag in the \"name:tag\" format")
            .option("f", "file", "string", "Name of the Dockerfile (Default is \"PATH/Dockerfile\")")
            .option(null, "build-arg", "list", "Set build-time variables")
            .option(null, "target", "string", "Set the target build stage to build.")
            .flag(null, "no-cache", "Do not use cache when building the image")
            .flag(null, "pull", "Always attempt to pull a newer version of the image")
            .flag("q", "quiet", "Suppress the build output and print image ID on success")
            .option(null, "label", "list", "Set metadata for an image")
            .option(null, "network", "string", "Set the networking mode for the RUN instructions "
                + "during build", "\"default\"")
            .option(null, "platform", "string", "Set platform if server is multi-platform capable")
            .option(null, "add-host", "list", "Add a custom host-to-IP mapping (\"host:ip\")")
            .flag(null, "compress", "Compress the build context using gzip")
            .option(null, "security-opt", "strings", "Security options")
            .option(null, "shm-size", "bytes", "Size of \"/dev/shm\"")
            .flag(null, "rm", "Remove intermediate containers after a successful build", "true")
            .flag(null, "force-rm", "Always remove intermediate containers")
            .option(null, "iidfile", "string", "Write the image ID to the file")
            .option(null, "cache-from", "strings", "Images to consider as cache sources")
            .option("m", "memory", "bytes", "Memory limit")
            .option(null, "memory-swap", "bytes", "Swap limit equal to memory plus swap: -1 to enable unlimited "
                + "swap")
            .option("c", "cpu-shares", "int", "CPU shares (relative weight)")
            .option(null, "cpuset-cpus", "string", "CPUs in which to allow execution (0-3, 0,1)")
            .option(null, "cpuset-mems", "string", "MEMs in which to allow execution (0-3, 0,1)")
            .option(null, "cpu-period", "int", "Limit the CPU CFS (Completely Fair Scheduler) period")
            .option(null, "cpu-quota", "int", "Limit the CPU CFS (Completely Fair Scheduler) quota")
            .option(null, "ulimit", "ulimit", "Ulimit options", "[]")
            .option(null, "cgroup-parent", "string", "Set the parent cgroup for the \"RUN\" instructions during "
                + "build")
            .option(null, "isolation", "string", "Container isolation technology")
            .option(null, "progress", "string", "Set type of progress output (\"auto\", \"plain\", \"tty\")", "\"auto\"")
            .flag(null, "squash", "Squash newly built layers into a single new layer")
            .flag(null, "disable-content-trust", "Skip image verification", "true");
    /** The resource names go-units' ParseUlimit knows. */
    private static final Set<String> ULIMITS = Set.of("core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue",
            "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the build's messages are shown. */
    enum Progress { AUTO, PLAIN, TTY }

    private final Args a;
    private final Map<String, String> env;

    BuildFlags(Args a, Map<String, String> env) {
        this.a = a;
        this.env = env;
    }

    String context() {
        return a.positionals().get(0);
    }

    /** {@code -f}: null when not given. */
    String file() {
        String f = a.value("file");
        return f == null || f.isEmpty() ? null : f;
    }

    boolean compress() {
        return a.has("compress");
    }

    boolean quiet() {
        return a.has("quiet");
    }

    String iidfile() {
        return a.value("iidfile");
    }

    Progress progress() {
        String p = a.value("progress", "auto");
        return switch (p) {
            case "auto" -> Progress.AUTO;
            case "plain" -> Progress.PLAIN;
            case "tty" -> Progress.TTY;
            default -> throw Args.invalidArgument(SPEC, "progress", p, "must be one of auto, plain or tty");
        };
    }

    /** Every value of every flag, checked before anything is read or sent. */
    void validate() {
        tags();
        buildArgs();
        labels();
        extraHosts();
        ulimits();
        sizes();
        progress();
    }

    /** The request without its body: the query, as the docker CLI builds it (Go's url.Values: sorted names). */
    HttpRequest request(String dockerfile, String remote) {
        Map<String, Object> q = new TreeMap<>();
        Map<String, String> args = buildArgs();
        q.put("buildargs", args.isEmpty() ? null : json(args));
        q.put("cachefrom", a.values("cache-from").isEmpty() ? null : json(cacheFrom()));
        q.put("cgroupparent", a.value("cgroup-parent"));
        q.put("cpuperiod", positive(a.longValue(SPEC, "cpu-period")));
        q.put("cpuquota", positive(a.longValue(SPEC, "cpu-quota")));
        q.put("cpusetcpus", a.value("cpuset-cpus"));
        q.put("cpusetmems", a.value("cpuset-mems"));
        q.put("cpushares", positive(a.longValue(SPEC, "cpu-shares")));
        q.put("dockerfile", dockerfile == null ? "" : dockerfile);
        q.put("extrahosts", extraHosts());
        q.put("forcerm", a.has("force-rm") ? "1" : null);
        q.put("isolation", a.value("isolation"));
        Map<String, String> labels = labels();
        q.put("labels", labels.isEmpty() ? null : json(labels));
        q.put("memory", size("memory"));
        q.put("memswap", memorySwap());
        String network = a.value("network", "default");
        q.put("networkmode", network.equals("default") ? null : network);
        q.put("nocache", a.has("no-cache") ? "1" : null);
        q.put("platform", a.value("platform", env.get("DOCKER_DEFAULT_PLATFORM")));
        q.put("pull", a.has("pull") ? "1" : null);
        q.put("q", quiet() ? "1" : null);
        q.put("remote", remote);
        q.put("rm", a.value("rm") != null && !a.has("rm") ? "0" : null);
        q.put("securityopt", securityOpts());
        q.put("shmsize", size("shm-size"));
        q.put("squash", a.has("squash") ? "1" : null);
        q.put("t", tags());
        q.put("target", a.value("target"));
        q.put("ulimits", a.values("ulimit").isEmpty() ? null : json(ulimits()));
        q.put("version", "1");
        HttpRequest req = HttpRequest.post("/build");
        q.forEach((k, v) -> {
            if (v instanceof List<?> list) {
                list.forEach(x -> req.query(k, x));
            } else if (v != null && (!"".equals(v) || k.equals("dockerfile"))) {
                req.query(k, v);
            }
        });
        return req;
    }

    List<String> tags() {
        for (String t : a.values("tag")) {
            try {
                ImageReference.parseNamed(t);
            } catch (IllegalArgumentException e) {
                throw Args.invalidArgument(SPEC, "tag", t, e.getMessage());
            }
        }
        return a.values("tag");
    }

    Map<String, String> buildArgs() {
        Map<String, String> out = new TreeMap<>();
        for (String v : a.values("build-arg")) {
            int eq = v.indexOf('=');
            String key = eq < 0 ? v : v.substring(0, eq);
            if (key.isEmpty()) {
                throw Args.invalidArgument(SPEC, "build-arg", v, "invalid environment variable: " + v);
            }
            out.put(key, eq >= 0 ? v.substring(eq + 1) : env.get(key));
        }
        return out;
    }

    Map<String, String> labels() {
        Map<String, String> out = new TreeMap<>();
        for (String v : a.values("label")) {
            int eq = v.indexOf('=');
            String key = (eq < 0 ? v : v.substring(0, eq)).strip();
            if (key.isEmpty()) {
                throw Args.invalidArgument(SPEC, "label", v, "invalid label '" + v + "': empty name");
            }
            out.put(key, eq < 0 ? "" : v.substring(eq + 1));
        }
        return out;
    }

    /** {@code host:ip} or {@code host=ip}, sent as {@code host:ip}. */
    /** {@code host:ip} or {@code host=ip}, sent as {@code host:ip} (docker's ValidateExtraHost). */
    List<String> extraHosts() {
        List<String> out = new ArrayList<>();
        for (String v : a.values("add-host")) {
            out.add(dev.jdock.cli.core.FlagValues.extraHost(SPEC, v));
        }
        return out;
    }

    /** --security-opt, a string slice: each value split at commas, sent as repeated {@code securityopt}. */
    private List<String> securityOpts() {
        List<String> out = new ArrayList<>();
        for (String v : a.values("security-opt")) {
            for (String s : v.split(",")) {
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private List<String> cacheFrom() {
        List<String> out = new ArrayList<>();
        for (String v : a.values("cache-from")) {
            for (String s : v.split(",")) {
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    List<Map<String, Object>> ulimits() {
        List<Ulimit> parsed = FlagValues.ulimits(SPEC, a.values("ulimit"));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Ulimit u : parsed == null ? List.<Ulimit>of() : parsed) {
            if (!ULIMITS.contains(u.name())) {
                String raw = a.values("ulimit").get(out.size());
                throw Args.invalidArgument(SPEC, "ulimit", raw, "invalid ulimit type: " + u.name());
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Name", u.name());
            m.put("Hard", u.hard());
            m.put("Soft", u.soft());
            out.add(m);
        }
        return out;
    }

    private void sizes() {
        size("memory");
        size("shm-size");
        memorySwap();
        a.longValue(SPEC, "cpu-period");
        a.longValue(SPEC, "cpu-quota");
        a.longValue(SPEC, "cpu-shares");
    }

    private Long size(String flag) {
        String v = a.value(flag);
        return v == null ? null : positive(FlagValues.memoryBytes(SPEC, flag, v));
    }

    private Long memorySwap() {
        String v = a.value("memory-swap");
        return v == null ? null : v.equals("-1") ? Long.valueOf(-1) : size("memory-swap");
    }

    private static Long positive(Long v) {
        return v == null || v == 0 ? null : v;
    }

    /** A Go-marshalled JSON value; an empty map is still {@code {}} (docker always sends buildargs and labels). */
    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
