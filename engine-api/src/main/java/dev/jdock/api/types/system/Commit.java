package dev.jdock.api.types.system;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A component commit in {@code /info} ({@code ContainerdCommit}, {@code RuncCommit}, {@code InitCommit}).
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record Commit(
        @JsonProperty("ID") String id) {

    public Commit {
        id = id == null ? "" : id;
    }

}
