package dev.jdock.api.types.exec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of {@code POST /exec/{id}/start}: detached or attached, the stream framing ({@code Tty}) and the initial
 * console size ({@code [height, width]}, may be absent).
 */
public record ExecStartRequest(
        @JsonProperty("Detach") boolean detach,
        @JsonProperty("Tty") boolean tty,
        @JsonProperty("ConsoleSize") List<Integer> consoleSize) {
}
