package dev.jdock.api.types.system;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A registry index in {@code RegistryConfig.IndexConfigs}.
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record IndexInfo(
        @JsonProperty("Name") String name,
        @JsonProperty("Mirrors") List<String> mirrors,
        @JsonProperty("Secure") boolean secure,
        @JsonProperty("Official") boolean official) {

    public IndexInfo {
        name = name == null ? "" : name;
    }

}
