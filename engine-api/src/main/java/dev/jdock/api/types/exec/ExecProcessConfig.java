package dev.jdock.api.types.exec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An exec inspect's {@code ProcessConfig} (lower-case names, as Docker's). jdockd always writes {@code privileged}
 * and {@code user} ({@code ""} when none was given); dockerd leaves an empty {@code user} out (see the golden README).
 */
public record ExecProcessConfig(
        @JsonProperty("tty") boolean tty,
        @JsonProperty("entrypoint") String entrypoint,
        @JsonProperty("arguments") List<String> arguments,
        @JsonProperty("privileged") boolean privileged,
        @JsonProperty("user") String user) {

    public ExecProcessConfig {
        entrypoint = entrypoint == null ? "" : entrypoint;
        arguments = arguments == null ? List.of() : List.copyOf(arguments);
        user = user == null ? "" : user;
    }

    /** The process of command {@code cmd}: its first word is the entrypoint, the rest the arguments. */
    public static ExecProcessConfig of(boolean tty, List<String> cmd, boolean privileged, String user) {
        return new ExecProcessConfig(tty, cmd.isEmpty() ? "" : cmd.get(0),
                cmd.size() > 1 ? cmd.subList(1, cmd.size()) : List.of(), privileged, user);
    }
}
