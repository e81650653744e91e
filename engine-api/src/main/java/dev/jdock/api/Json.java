package dev.jdock.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

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
     * {@code detachKeys} for {@code DetachKeys}), and an integer or boolean field takes only a JSON number without
     * a fraction or exponent, or a JSON boolean: Jackson's scalar coercions ({@code "5"}, {@code 1.5} or
     * {@code ""} for an integer, {@code "true"} or {@code 1} for a boolean) are refused as dockerd refuses them
     * (400, "json: cannot unmarshal string into Go struct field ..."). null stays the field's zero value, as in Go.
     */
    private static final ObjectMapper REQUEST_MAPPER = strictScalars(JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .build());

    private static ObjectMapper strictScalars(ObjectMapper m) {
        m.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return m;
    }

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
