package dev.jdock.daemon.volume;

import java.util.Map;

/**
 * One mount a container asked for, parsed from {@code HostConfig.Binds}, {@code HostConfig.Mounts} or the image's
 * {@code Volumes}, before volumes are created.
 *
 * @param type "volume", "bind" or "tmpfs"
 * @param source a volume name (empty: anonymous) or an absolute host path
 * @param mode the raw mode of a {@code -v} spec ("ro,z"), or "" for {@code --mount}
 * @param propagation bind propagation ("" means Docker's default, rprivate)
 * @param createHostDir a {@code -v /host:/x} bind creates a missing host directory; {@code --mount} refuses
 * @param tmpfsOptions tmpfs data string (size=..,mode=..) for type tmpfs
 * @param subpath for types image and volume: the path inside the image or the volume that is mounted ("" for its
 *     root), checked local (relative, not climbing out)
 */
public record MountRequest(String type, String source, String destination, boolean readOnly, String mode,
        String propagation, boolean noCopy, String driver, Map<String, String> driverOpts,
        Map<String, String> labels, boolean createHostDir, boolean nonRecursive, String tmpfsOptions,
        String subpath) {

    public static final String VOLUME = "volume";
    public static final String BIND = "bind";
    public static final String TMPFS = "tmpfs";
    /** An image's file system, read-only (API 1.48, KEP-4639's image volumes). */
    public static final String IMAGE = "image";
    /**
     * {@link MountParser#recursiveReadOnly} of a read-only bind: "" makes the mounts below it read-only too where the kernel
     * can (Docker's default since API 1.44), {@code Disabled} only the bind itself ({@code ReadOnlyNonRecursive},
     * and every read-only bind of an older client), {@code Enabled} all or an error ({@code ReadOnlyForceRecursive}).
     */
    public static final String RRO_DISABLED = "Disabled";
    public static final String RRO_ENABLED = "Enabled";

    public MountRequest {
        source = source == null ? "" : source;
        mode = mode == null ? "" : mode;
        propagation = propagation == null ? "" : propagation;
        driver = driver == null ? "" : driver;
        driverOpts = driverOpts == null ? Map.of() : Map.copyOf(driverOpts);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        tmpfsOptions = tmpfsOptions == null ? "" : tmpfsOptions;
        subpath = subpath == null ? "" : subpath;
    }

    /** Without a subpath. */
    public MountRequest(String type, String source, String destination, boolean readOnly, String mode,
            String propagation, boolean noCopy, String driver, Map<String, String> driverOpts,
            Map<String, String> labels, boolean createHostDir, boolean nonRecursive, String tmpfsOptions) {
        this(type, source, destination, readOnly, mode, propagation, noCopy, driver, driverOpts, labels,
                createHostDir, nonRecursive, tmpfsOptions, "");
    }

    static MountRequest anonymous(String destination) {
        return new MountRequest(VOLUME, "", destination, false, "", "", false, "", null, null, false, false, "");
    }
}
