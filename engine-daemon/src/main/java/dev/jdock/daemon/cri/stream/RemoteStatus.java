package dev.jdock.daemon.cri.stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.jdock.api.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * How a remote command ended, as the kubelet reports it on the error stream: a {@code metav1.Status} in JSON for
 * the v4 and v5 channel protocols ({@code Success}; {@code Failure} with reason {@code NonZeroExitCode} and the
 * code as an {@code ExitCode} cause; {@code InternalError} for anything else), its message alone (nothing on
 * success) for the older ones.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RemoteStatus(
        @JsonProperty("metadata") Map<String, Object> metadata,
        @JsonProperty("status") String status,
        @JsonProperty("message") String message,
        @JsonProperty("reason") String reason,
        @JsonProperty("details") Details details,
        @JsonProperty("code") Integer code) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Details(@JsonProperty("causes") List<Cause> causes) {
    }

    /** {@code reason} is the Go field {@code Type} (its JSON name is "reason"). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cause(@JsonProperty("reason") String reason, @JsonProperty("message") String message) {
    }

    public static RemoteStatus success() {
        return new RemoteStatus(Map.of(), "Success", null, null, null, null);
    }

    /** A command that exited with {@code code} (not 0); {@code cmd} is named in the message as containerd does. */
    public static RemoteStatus exitCode(List<String> cmd, int code) {
        String err = "error executing command " + goList(cmd) + ", exit code " + code;
        return new RemoteStatus(Map.of(), "Failure", "command terminated with non-zero exit code: " + err,
                "NonZeroExitCode", new Details(List.of(new Cause("ExitCode", Integer.toString(code)))), null);
    }

    /** Any other failure: apierrors.NewInternalError. */
    public static RemoteStatus internalError(String error) {
        return new RemoteStatus(Map.of(), "Failure", "Internal error occurred: " + error, "InternalError",
                new Details(List.of(new Cause(null, error))), 500);
    }

    public boolean succeeded() {
        return "Success".equals(status);
    }

    /** The bytes on the error stream for channel protocol {@code version} (1 to 5); empty: nothing to write. */
    public byte[] encode(int version) {
        if (version >= 4) {
            try {
                return Json.mapper().writeValueAsBytes(this);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return succeeded() ? new byte[0] : message.getBytes(StandardCharsets.UTF_8);
    }

    /** Go's %v of a []string: {@code [sh -c exit 3]}. */
    private static String goList(List<String> l) {
        return "[" + String.join(" ", l) + "]";
    }
}
