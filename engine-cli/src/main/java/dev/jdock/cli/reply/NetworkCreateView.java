package dev.jdock.cli.reply;

import dev.jdock.api.types.network.NetworkCreateResponse;

/** The reply of {@code POST /networks/create} ({@link NetworkCreateResponse}). */
@ViewOf(NetworkCreateResponse.class)
public final class NetworkCreateView extends JsonView {
    static final String ID = "Id";

    public NetworkCreateView(Object json) {
        super(json);
    }

    public String id() {
        return str(ID);
    }
}
