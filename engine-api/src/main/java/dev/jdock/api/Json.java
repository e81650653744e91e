package dev.jdock.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
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

    /**
     * For request bodies: as Go's encoding/json, a field name matches case-insensitively (docker-py sends
     * {@code detachKeys} for {@code DetachKeys}).
     */
    private static final ObjectMapper REQUEST_MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .build();

    private Json() {
    }

    /** The shared mapper for reading request bodies: {@link #mapper()} with Go's case-insensitive field names. */
    public static ObjectMapper requestMapper() {
        return REQUEST_MAPPER;
    }

    /** The shared, thread-safe mapper. Do not reconfigure it; use {@code mapper().copy()} for local variants. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
