package dev.jdock.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one shared Jackson {@link ObjectMapper} for wire types.
 *
 * <p>Unknown properties are ignored (clients send fields newer than the negotiated API, e.g. {@code GwPriority}),
 * and empty beans serialise as {@code {}} (Go's {@code struct{}} values such as {@code ExposedPorts} entries).
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Json() {
    }

    /** The shared, thread-safe mapper. Do not reconfigure it; use {@code mapper().copy()} for local variants. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
