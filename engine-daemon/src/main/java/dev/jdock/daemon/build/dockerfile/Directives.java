package dev.jdock.daemon.build.dockerfile;

/**
 * The parser directives of a Dockerfile ({@code # escape=}, {@code # syntax=}, {@code # check=}). Only the escape
 * character changes parsing; {@code syntax} and {@code check} are recorded and otherwise ignored.
 *
 * @param escape {@code \} (the default) or {@code `}
 * @param syntax the {@code # syntax=} value, or null
 * @param check the {@code # check=} value, or null
 */
public record Directives(char escape, String syntax, String check) {
    public static final Directives DEFAULT = new Directives('\\', null, null);
}
