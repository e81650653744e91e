package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One rlimit: Name without the RLIMIT_ prefix, e.g. {@code nofile}.
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 * Written in go-units' field order (Name, Hard, Soft), as dockerd writes it.
 */
@JsonPropertyOrder({"Name", "Hard", "Soft"})
public record Ulimit(
        @JsonProperty("Name") String name,
        @JsonProperty("Soft") long soft,
        @JsonProperty("Hard") long hard) {

    public Ulimit {
        name = name == null ? "" : name;
    }

}
