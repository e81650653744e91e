package dev.jdock.cli.reply;

import dev.jdock.api.types.container.ContainerSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One element of {@code GET /containers/json} ({@link ContainerSummary}), as {@code ps} reads it. */
@ViewOf(ContainerSummary.class)
public final class ContainerSummaryView extends JsonView {
    static final String ID = "Id";
    static final String NAMES = "Names";
    static final String IMAGE = "Image";
    static final String COMMAND = "Command";
    static final String CREATED = "Created";
    static final String PORTS = "Ports";
    static final String SIZE_RW = "SizeRw";
    static final String SIZE_ROOT_FS = "SizeRootFs";
    static final String LABELS = "Labels";
    static final String STATE = "State";
    static final String STATUS = "Status";
    static final String NETWORK_SETTINGS = "NetworkSettings";
    static final String MOUNTS = "Mounts";

    /** The keys read inside {@code NetworkSettings}. */
    @ViewOf(ContainerSummary.SummaryNetworkSettings.class)
    static final class NetworkSettingsKeys {
        static final String NETWORKS = "Networks";

        private NetworkSettingsKeys() {
        }
    }

    public ContainerSummaryView(Object json) {
        super(json);
    }

    /** The views of a parsed {@code /containers/json} array. */
    public static List<ContainerSummaryView> listOf(Object array) {
        List<?> l = elements(array);
        List<ContainerSummaryView> out = new ArrayList<>(l.size());
        for (Object o : l) {
            out.add(new ContainerSummaryView(o));
        }
        return out;
    }

    public String id() {
        return str(ID);
    }

    /** The names with their leading {@code /} (and link names {@code /a/b}). */
    public List<String> names() {
        return strings(NAMES);
    }

    public String image() {
        return str(IMAGE);
    }

    public String command() {
        return str(COMMAND);
    }

    /** Creation time in unix seconds. */
    public long created() {
        return num(CREATED);
    }

    public List<PortView> ports() {
        return PortView.listOf(list(PORTS));
    }

    /** Bytes in the container's writable layer (0 unless listed with {@code size=1}). */
    public long sizeRw() {
        return num(SIZE_RW);
    }

    /** Bytes of the whole root filesystem (0 unless listed with {@code size=1}). */
    public long sizeRootFs() {
        return num(SIZE_ROOT_FS);
    }

    /** Labels in the daemon's order (values as parsed). */
    public Map<String, Object> labels() {
        return obj(LABELS);
    }

    public String state() {
        return str(STATE);
    }

    public String status() {
        return str(STATUS);
    }

    public List<MountPointView> mounts() {
        return MountPointView.listOf(list(MOUNTS));
    }

    /** The names of the networks the container is attached to, in the daemon's order. */
    public List<String> networkNames() {
        Object networks = obj(NETWORK_SETTINGS).get(NetworkSettingsKeys.NETWORKS);
        List<String> out = new ArrayList<>();
        if (networks instanceof Map) {
            for (Object k : ((Map<?, ?>) networks).keySet()) {
                out.add(String.valueOf(k));
            }
        }
        return out;
    }
}
