package dev.jdock.api.types.system;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A runtime in {@code /info}'s {@code Runtimes} (lower-case keys, as Docker sends).
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record RuntimeInfo(
        @JsonProperty("path") String path,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("runtimeArgs") List<String> runtimeArgs) {

    public RuntimeInfo {
        path = path == null ? "" : path;
    }

}
