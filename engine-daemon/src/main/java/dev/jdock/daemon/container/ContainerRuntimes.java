package dev.jdock.daemon.container;

import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.errors.EngineException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code HostConfig.Runtime}: the names jdock answers to. Every container runs under jdock's own runtime (the
 * monitor and the C init); it is known by the names clients send to dockerd for its default runtime ({@code runc},
 * and containerd's {@code io.containerd.runc.v2}), and by {@code jdock}. As dockerd, a create without a runtime gets
 * the default's name, and any other name is refused with moby's message.
 */
public final class ContainerRuntimes {
    /** What dockerd's default runtime is called, and so what {@code /info}'s DefaultRuntime says. */
    public static final String DEFAULT = "runc";
    /** The names {@code /info} lists (dockerd 27 lists {@code io.containerd.runc.v2} and {@code runc}). */
    public static final List<String> NAMES = List.of("io.containerd.runc.v2", "jdock", DEFAULT);
    /** The binary behind every name, as {@code /info}'s {@code path}. */
    public static final String PATH = "jdock-monitor";

    private ContainerRuntimes() {
    }

    /** The runtime to record: the default for none, the name as given for a known one; 400 for another. */
    static HostConfig withRuntime(HostConfig hc) {
        String rt = hc.runtime();
        if (rt == null || rt.isEmpty()) {
            return hc.toBuilder().runtime(DEFAULT).build();
        }
        if (!NAMES.contains(rt)) {
            throw EngineException.invalid("unknown or invalid runtime name: " + rt);
        }
        return hc;
    }

    /** Name → path, in {@link #NAMES} order, for {@code /info}'s {@code Runtimes}. */
    public static Map<String, String> paths() {
        Map<String, String> m = new LinkedHashMap<>();
        NAMES.forEach(n -> m.put(n, PATH));
        return m;
    }
}
