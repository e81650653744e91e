package dev.jdock.cli.reply;

import dev.jdock.api.types.common.IdResponse;

/** The reply of a create (exec, commit): the new object's ID ({@link IdResponse}). */
@ViewOf(IdResponse.class)
public final class IdResponseView extends JsonView {
    static final String ID = "Id";

    public IdResponseView(Object json) {
        super(json);
    }

    public String id() {
        return str(ID);
    }
}
