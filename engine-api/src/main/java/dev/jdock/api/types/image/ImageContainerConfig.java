package dev.jdock.api.types.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The {@code config} object of an image configuration (OCI image-spec "config", Docker's extended form), with the
 * exact JSON field names: used both to read config blobs and as {@code Config} of {@code GET /images/{name}/json}.
 * {@code ExposedPorts} and {@code Volumes} values are empty objects.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageContainerConfig(
        @JsonProperty("Hostname") String hostname,
        @JsonProperty("Domainname") String domainname,
        @JsonProperty("User") String user,
        @JsonProperty("AttachStdin") Boolean attachStdin,
        @JsonProperty("AttachStdout") Boolean attachStdout,
        @JsonProperty("AttachStderr") Boolean attachStderr,
        @JsonProperty("ExposedPorts") Map<String, Map<String, Object>> exposedPorts,
        @JsonProperty("Tty") Boolean tty,
        @JsonProperty("OpenStdin") Boolean openStdin,
        @JsonProperty("StdinOnce") Boolean stdinOnce,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Cmd") List<String> cmd,
        @JsonProperty("Healthcheck") HealthConfig healthcheck,
        @JsonProperty("ArgsEscaped") Boolean argsEscaped,
        @JsonProperty("Image") String image,
        @JsonProperty("Volumes") Map<String, Map<String, Object>> volumes,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("Entrypoint") List<String> entrypoint,
        @JsonProperty("OnBuild") List<String> onBuild,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("StopSignal") String stopSignal,
        @JsonProperty("Shell") List<String> shell) {

    /** A config with only the fields a plain image has. */
    public static ImageContainerConfig of(String user, List<String> env, List<String> cmd, List<String> entrypoint,
            String workingDir, Map<String, String> labels, Map<String, Map<String, Object>> exposedPorts,
            Map<String, Map<String, Object>> volumes, String stopSignal) {
        return new ImageContainerConfig(null, null, user, null, null, null, exposedPorts, null, null, null, env, cmd,
                null, null, null, volumes, workingDir, entrypoint, null, labels, stopSignal, null);
    }

    public static ImageContainerConfig empty() {
        return of(null, null, null, null, null, null, null, null, null);
    }
}
