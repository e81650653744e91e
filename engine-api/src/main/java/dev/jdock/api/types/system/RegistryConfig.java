package dev.jdock.api.types.system;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * {@code RegistryConfig} of {@code /info}; must be an object (or null) for the docker CLI.
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record RegistryConfig(
        @JsonProperty("InsecureRegistryCIDRs") List<String> insecureRegistryCidrs,
        @JsonProperty("IndexConfigs") Map<String,IndexInfo> indexConfigs,
        @JsonProperty("Mirrors") List<String> mirrors) {

}
