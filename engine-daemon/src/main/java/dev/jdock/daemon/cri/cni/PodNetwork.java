package dev.jdock.daemon.cri.cni;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jdock.daemon.cri.cni.NetworkConfigList.PluginConf;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pod's network through CNI, as containerd's CRI plugin drives go-cni and libcni:
 * <ul>
 *   <li>{@link #setUp}: ADD on the loopback network ({@code lo}, a one-plugin list of {@code loopback} run apart, as
 *       go-cni does), then ADD on the configured network's plugins in order ({@code eth0}), each given the list's
 *       name and cniVersion, the previous plugin's result as {@code prevResult}, and the capability arguments it
 *       declares as {@code runtimeConfig}. The last result is cached ({@link ResultCache}). When a plugin fails the
 *       attachment is torn down again (DEL, best effort) before the error is thrown, as containerd's sandbox
 *       set-up does.</li>
 *   <li>{@link #tearDown}: DEL of every cached attachment of the pod, plugins in reverse order, with the cached
 *       network, runtimeConfig and (from 0.4.0) result as prevResult; without a cache entry (or with one that cannot
 *       be read, which is then dropped), DEL on the current network without prevResult (plugins release what they
 *       can). A netns already gone is passed as an empty CNI_NETNS. The cache entry is removed only after every
 *       plugin succeeded, so a retry has it.</li>
 *   <li>{@link #check}: CHECK of the cached attachment, plugins in order (not for 0.3.x, not with disableCheck).</li>
 * </ul>
 * Not thread-safe per pod: the caller serialises operations on one sandbox (it holds the sandbox's lock).
 */
public final class PodNetwork {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final String LOOPBACK_IFNAME = "lo";
    static final NetworkConfigList LOOPBACK = NetworkConfigList.from(CniConfigs.JSON.createObjectNode()
            .put("cniVersion", "1.0.0").put("name", "cni-loopback")
            .set("plugins", CniConfigs.JSON.createArrayNode().add(
                    CniConfigs.JSON.createObjectNode().put("type", "loopback"))), true);

    private final CniConfigs configs;
    private final PluginPath path;
    private final ProcessExec exec;
    private final ResultCache cache;
    private final Duration timeout;

    public PodNetwork(CniConfigs configs, PluginPath path, ProcessExec exec, ResultCache cache, Duration timeout) {
        this.configs = configs;
        this.path = path;
        this.exec = exec;
        this.cache = cache;
        this.timeout = timeout;
    }

    /** What ADD gave the pod: the network's name, the final result and the pod's IPs on {@code eth0}. */
    public record Attached(String network, CniResult result, List<String> podIps) {
        public Attached {
            podIps = List.copyOf(podIps);
        }
    }

    /** The configured network now (NetworkReady is whether there is one). */
    public CniConfigs.Selection status() {
        return configs.load();
    }

    public Attached setUp(PodAttachment pod, RuntimeConfig rc) {
        NetworkConfigList net = configs.load().require(configs.dir());
        PodAttachment lo = pod.withIfName(LOOPBACK_IFNAME);
        add(LOOPBACK, lo, RuntimeConfig.NONE);
        ObjectNode raw;
        try {
            raw = add(net, pod, rc);
            cache.put(new ResultCache.Entry(ResultCache.KIND, pod.containerId(), pod.ifName(), net.name(),
                    args(pod), rc, net.raw(), raw));
        } catch (CniException e) {
            for (Runnable undo : List.<Runnable>of(() -> del(net, pod, rc, null), () -> del(LOOPBACK, lo,
                    RuntimeConfig.NONE, null))) {
                try {
                    undo.run();
                } catch (CniException u) {
                    e.addSuppressed(u);
                }
            }
            throw e;
        }
        CniResult result = parse(raw, net, net.plugins().get(net.plugins().size() - 1), "add");
        return new Attached(net.name(), result, result.podIps(pod.ifName()));
    }

    /**
     * Detaches the pod. {@code fallback} is the runtimeConfig to use when nothing was cached (the sandbox's port
     * mappings, so that portmap finds its rules).
     */
    public void tearDown(PodAttachment pod, RuntimeConfig fallback) {
        List<String> cached = cache.networksOf(pod.containerId(), pod.ifName()).stream()
                .filter(n -> NetworkConfigList.NAME.matcher(n).matches()).toList();
        boolean unreadable = false;
        for (String name : cached) {
            Optional<ResultCache.Entry> e;
            NetworkConfigList net;
            try {
                e = cache.get(name, pod.containerId(), pod.ifName());
                net = e.isPresent() && pod.containerId().equals(e.get().containerId())
                        ? NetworkConfigList.from(e.get().config(), true) : null;
            } catch (CniException bad) {
                e = Optional.empty();
                net = null;
            }
            if (net == null) {
                unreadable = true;
            } else {
                del(net, pod, e.get().runtimeConfig() == null ? fallback : e.get().runtimeConfig(),
                        net.hasCheck() ? e.get().result() : null);
            }
            cache.remove(name, pod.containerId(), pod.ifName());
        }
        if (cached.isEmpty() || unreadable) {
            Optional<NetworkConfigList> net = configs.load().network();
            if (net.isPresent()) {
                del(net.get(), pod, fallback, null);
            }
        }
        del(LOOPBACK, pod.withIfName(LOOPBACK_IFNAME), RuntimeConfig.NONE, null);
    }

    /** CHECK of the pod's cached attachment; a no-op when the list sets disableCheck. */
    public void check(PodAttachment pod) {
        List<String> cached = cache.networksOf(pod.containerId(), pod.ifName());
        if (cached.isEmpty()) {
            throw CniException.local("no cached ADD result for " + pod.containerId() + " on " + pod.ifName()
                    + ": CHECK needs one");
        }
        for (String name : cached) {
            ResultCache.Entry e = cache.get(name, pod.containerId(), pod.ifName()).orElseThrow(
                    () -> CniException.local("no cached ADD result for " + pod.containerId()));
            NetworkConfigList net = NetworkConfigList.from(e.config(), true);
            if (!net.hasCheck()) {
                throw CniException.local("configuration version \"" + net.cniVersion()
                        + "\" does not support the CHECK command");
            }
            if (net.disableCheck()) {
                continue;
            }
            for (PluginConf p : net.plugins()) {
                invoke("CHECK", net, p, pod, e.runtimeConfig() == null ? RuntimeConfig.NONE : e.runtimeConfig(),
                        e.result());
            }
        }
    }

    private ObjectNode add(NetworkConfigList net, PodAttachment pod, RuntimeConfig rc) {
        ObjectNode prev = null;
        for (PluginConf p : net.plugins()) {
            prev = invoke("ADD", net, p, pod, rc, prev);
        }
        return prev;
    }

    private void del(NetworkConfigList net, PodAttachment pod, RuntimeConfig rc, ObjectNode prev) {
        List<PluginConf> ps = new ArrayList<>(net.plugins());
        for (int i = ps.size() - 1; i >= 0; i--) {
            invoke("DEL", net, ps.get(i), pod, rc, prev);
        }
    }

    /** Runs one plugin; returns its result for ADD (null otherwise). */
    private ObjectNode invoke(String command, NetworkConfigList net, PluginConf plugin, PodAttachment pod,
            RuntimeConfig rc, ObjectNode prev) {
        String what = "plugin type=\"" + plugin.type() + "\" name=\"" + net.name() + "\" failed ("
                + command.toLowerCase(java.util.Locale.ROOT) + "): ";
        Path bin;
        try {
            bin = path.find(plugin.type());
        } catch (CniException e) {
            throw new CniException(e.code(), what + e.getMessage(), e.details(), e);
        }
        ProcessExec.Output out;
        try {
            out = exec.run(List.of(bin.toString()), env(command, pod), stdin(net, plugin, rc, prev), timeout);
        } catch (CniException e) {
            throw new CniException(e.code(), what + e.getMessage(), e.details(), e);
        }
        if (out.exitCode() != 0) {
            throw pluginError(what, out);
        }
        if (!command.equals("ADD")) {
            return null;
        }
        try {
            JsonNode r = out.stdout().length == 0 ? null : CniConfigs.JSON.readTree(out.stdout());
            if (r == null || !r.isObject()) {
                throw new CniException(CniException.DECODING_FAILURE, what + "no result on stdout", out.stderr(),
                        null);
            }
            ObjectNode result = (ObjectNode) r;
            parse(result, net, plugin, "add");
            return result;
        } catch (java.io.IOException e) {
            throw new CniException(CniException.DECODING_FAILURE, what + "invalid result: " + e.getMessage(),
                    out.stderr(), e);
        }
    }

    private static CniResult parse(ObjectNode raw, NetworkConfigList net, PluginConf plugin, String command) {
        try {
            return CniConfigs.JSON.treeToValue(raw, CniResult.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new CniException(CniException.DECODING_FAILURE, "plugin type=\"" + plugin.type() + "\" name=\""
                    + net.name() + "\" failed (" + command + "): invalid result: " + e.getMessage(), "", e);
        }
    }

    /** A plugin's error result, or (libcni's "netplugin failed") its stderr when stdout holds none. */
    private static CniException pluginError(String what, ProcessExec.Output out) {
        try {
            PluginError e = out.stdout().length == 0 ? null
                    : CniConfigs.JSON.readValue(out.stdout(), PluginError.class);
            if (e != null && e.msg() != null) {
                return new CniException(e.code(), what + e.msg() + (e.details() == null || e.details().isEmpty()
                        ? "" : ": " + e.details()), e.details(), null);
            }
        } catch (java.io.IOException ignored) {
            // not an error result: report what the plugin said elsewhere
        }
        String said = out.stderr().isEmpty() ? new String(out.stdout(), StandardCharsets.UTF_8).strip()
                : out.stderr();
        return new CniException(CniException.LOCAL, what + "netplugin failed with exit status " + out.exitCode()
                + (said.isEmpty() ? "" : ": " + said), said, null);
    }

    private Map<String, String> env(String command, PodAttachment pod) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", pod.containerId());
        env.put("CNI_NETNS", pod.netns() == null || !command.equals("ADD") && !Files.exists(pod.netns()) ? ""
                : pod.netns().toString());
        env.put("CNI_IFNAME", pod.ifName());
        env.put("CNI_ARGS", pod.cniArgsEnv());
        env.put("CNI_PATH", path.env());
        return env;
    }

    private static byte[] stdin(NetworkConfigList net, PluginConf plugin, RuntimeConfig rc, ObjectNode prev) {
        ObjectNode conf = plugin.raw().deepCopy();
        conf.put("name", net.name());
        conf.put("cniVersion", net.cniVersion());
        if (prev != null) {
            conf.set("prevResult", prev);
        }
        ObjectNode rt = conf.objectNode();
        rc.offered().forEach((cap, value) -> {
            if (plugin.wants(cap)) {
                rt.set(cap, CniConfigs.JSON.valueToTree(value));
            }
        });
        if (!rt.isEmpty()) {
            conf.set("runtimeConfig", rt);
        }
        try {
            return CniConfigs.JSON.writeValueAsBytes(conf);
        } catch (JsonProcessingException e) {
            throw CniException.local("encoding the plugin configuration", e);
        }
    }

    private static List<List<String>> args(PodAttachment pod) {
        return pod.cniArgs().stream().map(List::of).toList();
    }
}
