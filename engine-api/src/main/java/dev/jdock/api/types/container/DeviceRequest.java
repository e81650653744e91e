package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A request for devices from a device driver (e.g. GPUs).
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record DeviceRequest(
        @JsonProperty("Driver") String driver,
        @JsonProperty("Count") int count,
        @JsonProperty("DeviceIDs") List<String> deviceIds,
        @JsonProperty("Capabilities") List<List<String>> capabilities,
        @JsonProperty("Options") Map<String,String> options) {

    public DeviceRequest {
        driver = driver == null ? "" : driver;
    }

}
