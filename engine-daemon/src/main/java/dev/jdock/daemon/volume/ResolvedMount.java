package dev.jdock.daemon.volume;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.api.types.container.MountPoint;

/**
 * One of a container's mounts after create resolved it (volumes created, anonymous names chosen), stored in the
 * container's directory as {@code mounts.json} (a {@code StateFormat} list). The first eight fields are inspect's {@code Mounts} entry.
 *
 * @param copyData copy the image's content at the destination into the volume when it is empty
 * @param anonymous an anonymous volume made for this container ({@code rm -v} removes it)
 * @param createSource a bind from {@code -v} whose missing host directory is created at start
 * @param subpath an image mount's path inside the image, or a volume mount's inside the volume (API 1.45
 *     {@code VolumeOptions.Subpath}; {@code Source} stays the volume's directory, as moby's inspect shows it); ""
 *     for the root. Written only when not empty, so a {@code mounts.json} without subpaths keeps format 1's exact
 *     shape; for an image mount, {@code Name} is the reference asked for and {@code Source} the image's ID
 */
public record ResolvedMount(
        @JsonProperty("Type") String type,
        @JsonProperty("Name") String name,
        @JsonProperty("Source") String source,
        @JsonProperty("Destination") String destination,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Mode") String mode,
        @JsonProperty("RW") boolean rw,
        @JsonProperty("Propagation") String propagation,
        @JsonProperty("CopyData") boolean copyData,
        @JsonProperty("Anonymous") boolean anonymous,
        @JsonProperty("NonRecursive") boolean nonRecursive,
        @JsonProperty("CreateSource") boolean createSource,
        @JsonProperty("TmpfsOptions") String tmpfsOptions,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Subpath") String subpath) {

    public ResolvedMount {
        subpath = subpath == null ? "" : subpath;
    }

    /** Without a subpath. */
    public ResolvedMount(String type, String name, String source, String destination, String driver, String mode,
            boolean rw, String propagation, boolean copyData, boolean anonymous, boolean nonRecursive,
            boolean createSource, String tmpfsOptions) {
        this(type, name, source, destination, driver, mode, rw, propagation, copyData, anonymous, nonRecursive,
                createSource, tmpfsOptions, "");
    }

    @JsonIgnore
    public boolean isImage() {
        return MountRequest.IMAGE.equals(type);
    }

    @JsonIgnore // derived from Type: format 0 wrote it as "volume", never read it
    public boolean isVolume() {
        return MountRequest.VOLUME.equals(type);
    }

    public MountPoint view() {
        boolean vol = isVolume();
        boolean named = vol || isImage(); // moby names an image mount by the reference asked for
        return new MountPoint(type, named ? name : null, source, destination, vol ? driver : null, mode, rw,
                propagation);
    }

    /** The same mount seen through {@code --volumes-from} with an explicit mode ("ro" or "rw"). */
    ResolvedMount withAccess(boolean readWrite, String newMode) {
        return new ResolvedMount(type, name, source, destination, driver, newMode, readWrite, propagation, false,
                false, nonRecursive, createSource, tmpfsOptions, subpath);
    }
}
