package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A device made available in the container.
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record DeviceMapping(
        @JsonProperty("PathOnHost") String pathOnHost,
        @JsonProperty("PathInContainer") String pathInContainer,
        @JsonProperty("CgroupPermissions") String cgroupPermissions) {

    public DeviceMapping {
        pathOnHost = pathOnHost == null ? "" : pathOnHost;
        pathInContainer = pathInContainer == null ? "" : pathInContainer;
        cgroupPermissions = cgroupPermissions == null ? "" : cgroupPermissions;
    }

}
