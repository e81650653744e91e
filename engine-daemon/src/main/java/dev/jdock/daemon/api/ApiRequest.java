package dev.jdock.daemon.api;

import dev.jdock.api.ApiVersion;
import dev.jdock.daemon.errors.EngineException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** What a handler sees of a request: path parameters, query helpers, headers and the (streamed) body. */
public interface ApiRequest {
    String method();

    /** The path without the /v1.xx prefix. */
    String path();

    ApiVersion version();

    /** A path parameter, URL-decoded. */
    String param(String name);

    Optional<String> query(String name);

    /** Every value of a repeated query parameter (names=a&names=b). */
    List<String> queryAll(String name);

    default String query(String name, String defaultValue) {
        return query(name).orElse(defaultValue);
    }

    /** {@code def} when absent; else moby's BoolValue: true unless "", "0", "no", "false" or "none" (any case). */
    boolean queryBool(String name, boolean def);

    long queryLong(String name, long def);

    /**
     * As {@link #queryLong}, where moby returns strconv's error unwrapped: a value that does not parse is a 500
     * (stop's and restart's {@code t}, the container list's {@code limit}).
     */
    default long queryLongUnwrapped(String name, long def) {
        try {
            return queryLong(name, def);
        } catch (EngineException e) {
            throw EngineException.system(e.getMessage(), null);
        }
    }

    Filters filters();

    Optional<String> header(String name);

    /** The body parsed as JSON; null for an empty body. */
    <T> T json(Class<T> type);

    /** The streamed body. */
    InputStream body();
}
