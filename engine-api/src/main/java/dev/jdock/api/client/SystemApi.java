package dev.jdock.api.client;

import dev.jdock.api.Json;
import dev.jdock.api.types.system.SystemInfo;
import dev.jdock.api.types.system.SystemVersion;
import java.io.IOException;

/** Typed {@code /version} and {@code /info}. */
public final class SystemApi {
    private final EngineClient client;

    public SystemApi(EngineClient client) {
        this.client = client;
    }

    public SystemVersion version() throws IOException {
        return Json.mapper().readValue(client.getBytes("/version"), SystemVersion.class);
    }

    public SystemInfo info() throws IOException {
        return Json.mapper().readValue(client.getBytes("/info"), SystemInfo.class);
    }
}
