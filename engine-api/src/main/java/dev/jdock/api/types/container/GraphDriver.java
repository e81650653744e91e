package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * Storage driver data of an inspect.
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
@com.fasterxml.jackson.annotation.JsonPropertyOrder({"Data", "Name"}) // Go's GraphDriverData: Data first
public record GraphDriver(
        @JsonProperty("Name") String name,
        @JsonProperty("Data") Map<String,String> data) {

    public GraphDriver {
        name = name == null ? "" : name;
    }

}
