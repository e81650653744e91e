package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A mount in {@code HostConfig.Mounts} ({@code --mount}).
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL} ({@code ReadOnly} {@code NON_DEFAULT}: a {@code false} a client sent is left out, as Go's
 * omitempty leaves it out); non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record Mount(
        @JsonProperty("Type") String type,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Source") String source,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Target") String target,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("ReadOnly") Boolean readOnly,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Consistency") String consistency,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("BindOptions") Mount.BindOptions bindOptions,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("VolumeOptions") Mount.VolumeOptions volumeOptions,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("TmpfsOptions") Mount.TmpfsOptions tmpfsOptions,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("ImageOptions") Mount.ImageOptions imageOptions) {

    public Mount {
        type = type == null ? "" : type;
    }

    /** A mount without {@code ImageOptions} (every type but {@code image}). */
    public Mount(String type, String source, String target, Boolean readOnly, String consistency,
            Mount.BindOptions bindOptions, Mount.VolumeOptions volumeOptions, Mount.TmpfsOptions tmpfsOptions) {
        this(type, source, target, readOnly, consistency, bindOptions, volumeOptions, tmpfsOptions, null);
    }

    /** Options for {@code type=bind}. */
    public record BindOptions(
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Propagation") String propagation,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("NonRecursive") Boolean nonRecursive,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("CreateMountpoint") Boolean createMountpoint,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("ReadOnlyNonRecursive") Boolean readOnlyNonRecursive,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("ReadOnlyForceRecursive") Boolean readOnlyForceRecursive) {
    }

    /** Options for {@code type=volume}. */
    public record VolumeOptions(
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("NoCopy") Boolean noCopy,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Labels") Map<String, String> labels,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("DriverConfig") Driver driverConfig,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Subpath") String subpath) {
    }

    /** Options for {@code type=image} (API 1.48): {@code Subpath}, a relative path inside the image. */
    public record ImageOptions(
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Subpath") String subpath) {
    }

    /** A volume driver and its options. */
    public record Driver(
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Name") String name,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Options") Map<String, String> options) {
    }

    /** Options for {@code type=tmpfs}; {@code Options} is a list of {@code [key]} or {@code [key, value]}. */
    public record TmpfsOptions(
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("SizeBytes") Long sizeBytes,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Mode") Integer mode,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Options") List<List<String>> options) {
    }

}
