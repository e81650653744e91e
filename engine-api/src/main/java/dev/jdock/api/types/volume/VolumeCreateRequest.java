package dev.jdock.api.types.volume;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The body of {@code POST /volumes/create}; every field may be absent (an anonymous volume of the local driver).
 * Docker's {@code ClusterVolumeSpec} is ignored. Written back, null fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VolumeCreateRequest(
        @JsonProperty("Name") String name,
        @JsonProperty("Driver") String driver,
        @JsonProperty("DriverOpts") Map<String, String> driverOpts,
        @JsonProperty("Labels") Map<String, String> labels) {

    /** The request of an empty body: every field defaulted. */
    public static final VolumeCreateRequest EMPTY = new VolumeCreateRequest(null, null, null, null);
}
