package dev.jdock.daemon.server;

import dev.jdock.api.ApiVersion;
import io.netty.handler.codec.http.HttpHeaders;

/** The headers dockerd puts on every routed response; the docker CLI reads Api-Version and Ostype from /_ping. */
public final class ServerHeaders {
    public static final String SERVER_VERSION = "0.1.0";

    private ServerHeaders() {
    }

    static void apply(HttpHeaders h) {
        h.set("Api-Version", ApiVersion.MAX.toString());
        h.set("Docker-Experimental", "false");
        h.set("Ostype", "linux");
        h.set("Server", "jdock/" + SERVER_VERSION + " (linux)");
    }
}
