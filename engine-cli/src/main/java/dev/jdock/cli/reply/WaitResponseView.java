package dev.jdock.cli.reply;

import dev.jdock.api.types.container.WaitResponse;

/** The reply of {@code POST /containers/{id}/wait} ({@link WaitResponse}). */
@ViewOf(WaitResponse.class)
public final class WaitResponseView extends JsonView {
    static final String STATUS_CODE = "StatusCode";

    public WaitResponseView(Object json) {
        super(json);
    }

    /** The container's exit status. */
    public long statusCode() {
        return num(STATUS_CODE);
    }
}
