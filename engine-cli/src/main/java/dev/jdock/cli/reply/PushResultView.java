package dev.jdock.cli.reply;

import dev.jdock.api.types.image.PushResult;

/** The {@code aux} object that ends a push's progress stream ({@link PushResult}). */
@ViewOf(PushResult.class)
public final class PushResultView extends JsonView {
    static final String DIGEST = "Digest";

    public PushResultView(Object json) {
        super(json);
    }

    /** The manifest digest the registry stored. */
    public String digest() {
        return str(DIGEST);
    }
}
