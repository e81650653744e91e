package dev.jdock.cli.reply;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.ContainerInspect;
import dev.jdock.api.types.container.NetworkSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /containers/{id}/json} ({@link ContainerInspect}) as the lean commands ({@code logs}, {@code port})
 * read it; {@code run}, {@code start} and {@code attach} read the record itself through databind.
 */
@ViewOf(ContainerInspect.class)
public final class ContainerInspectView extends JsonView {
    static final String ID = "Id";
    static final String CONFIG = "Config";
    static final String NETWORK_SETTINGS = "NetworkSettings";

    /** The keys read inside {@code Config}. */
    @ViewOf(ContainerConfig.class)
    static final class ConfigKeys {
        static final String TTY = "Tty";

        private ConfigKeys() {
        }
    }

    /** The keys read inside {@code NetworkSettings}. */
    @ViewOf(NetworkSettings.class)
    static final class NetworkSettingsKeys {
        static final String PORTS = "Ports";

        private NetworkSettingsKeys() {
        }
    }

    public ContainerInspectView(Object json) {
        super(json);
    }

    public String id() {
        return str(ID);
    }

    /** {@code Config.Tty}: the output is a raw stream, not stdcopy frames. */
    public boolean tty() {
        return Boolean.TRUE.equals(obj(CONFIG).get(ConfigKeys.TTY));
    }

    /**
     * The host bindings per container port ({@code 80/tcp}), in the daemon's order; ports that are exposed but not
     * published (a null binding list) are left out.
     */
    public Map<String, List<PortBindingView>> portBindings() {
        Object ports = obj(NETWORK_SETTINGS).get(NetworkSettingsKeys.PORTS);
        Map<String, List<PortBindingView>> out = new LinkedHashMap<>();
        if (ports instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getValue() instanceof List<?> l) {
                    List<PortBindingView> bindings = new ArrayList<>(l.size());
                    for (Object b : l) {
                        bindings.add(new PortBindingView(b));
                    }
                    out.put(String.valueOf(e.getKey()), bindings);
                }
            }
        }
        return out;
    }
}
