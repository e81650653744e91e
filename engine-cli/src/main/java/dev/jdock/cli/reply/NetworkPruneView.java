package dev.jdock.cli.reply;

import dev.jdock.api.types.network.NetworkPruneResponse;
import java.util.List;

/** The reply of {@code POST /networks/prune} ({@link NetworkPruneResponse}). */
@ViewOf(NetworkPruneResponse.class)
public final class NetworkPruneView extends JsonView {
    static final String NETWORKS_DELETED = "NetworksDeleted";

    public NetworkPruneView(Object json) {
        super(json);
    }

    /** The names of the removed networks (null on the wire: none). */
    public List<String> networksDeleted() {
        return strings(NETWORKS_DELETED);
    }
}
