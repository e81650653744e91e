package dev.jdock.runtime.spec;

import java.util.List;
import java.util.Objects;

/**
 * One mount inside the container, applied in order relative to the new root (the destination is resolved inside
 * it; symlinks cannot leave it). {@code flags} are MS_* bits ({@link MsFlags}); a bind with MS_RDONLY or other
 * flags is followed by a bind-remount. {@code propagation} (0: left as mounted) is applied to the mount afterwards:
 * MS_SHARED, MS_SLAVE or MS_PRIVATE, with MS_REC for the recursive {@code r} modes; the init derives the
 * propagation of the container's root from these as Docker does (a shared mount makes it shared, a slave one
 * rslave, else rprivate). {@code fileTarget}: the target is created as an empty file (binds of files) instead of a
 * directory.
 */
public record MountSpec(String source, String destination, String type, long flags, String data, boolean fileTarget,
        long propagation) {

    /** Without a propagation change. */
    public MountSpec(String source, String destination, String type, long flags, String data, boolean fileTarget) {
        this(source, destination, type, flags, data, fileTarget, 0);
    }

    public MountSpec {
        if ((propagation & ~MsFlags.PROPAGATION) != 0 || Long.bitCount(propagation & ~MsFlags.MS_REC) > 1
                || propagation == MsFlags.MS_REC) {
            throw new IllegalArgumentException("invalid propagation flags: " + Long.toHexString(propagation));
        }
        source = source == null ? "" : source;
        RuntimeSpec.requireAbsolute(destination, "mount destination");
        if (destination.contains("/../") || destination.endsWith("/..")) {
            throw new IllegalArgumentException("mount destination may not contain '..': " + destination);
        }
        type = type == null ? "" : type;
        data = data == null ? "" : data;
        Objects.requireNonNull(source);
    }

    /** A recursive bind, rprivate as Docker's binds are by default. */
    public static MountSpec bind(String source, String destination, boolean readOnly, boolean fileTarget) {
        long flags = MsFlags.MS_BIND | MsFlags.MS_REC | (readOnly ? MsFlags.MS_RDONLY : 0);
        return new MountSpec(source, destination, "bind", flags, "", fileTarget, MsFlags.MS_PRIVATE | MsFlags.MS_REC);
    }

    /** The pseudo file system type of an image mount: the init builds it (never a kernel type's name). */
    public static final String IMAGE_TYPE = "jdock-image";

    /**
     * An image mount: the init mounts the layers {@code lowerTopFirst} (an overlay of them, or a bind of the one
     * layer) read-only, resolves {@code subpath} ("" for the image's root) beneath that root with
     * {@code openat2(RESOLVE_BENEATH)} (no symlink or {@code ..} leaves it), and mounts what it names (a directory
     * or a file, made to match) read-only at {@code destination}. The layers travel as one field joined by
     * {@code :}, overlay's own separator; the subpath in the data field.
     */
    public static MountSpec image(List<java.nio.file.Path> lowerTopFirst, String destination, String subpath) {
        if (lowerTopFirst.isEmpty()) {
            throw new IllegalArgumentException("an image mount needs a layer");
        }
        List<String> dirs = new java.util.ArrayList<>();
        for (java.nio.file.Path p : lowerTopFirst) {
            String s = p.toString();
            if (!p.isAbsolute() || s.indexOf(':') >= 0) {
                throw new IllegalArgumentException("image layer directory must be absolute, without ':': " + s);
            }
            dirs.add(s);
        }
        if (subpath.startsWith("/") || subpath.equals("..") || subpath.startsWith("../")) {
            throw new IllegalArgumentException("image subpath must be relative and inside the image: " + subpath);
        }
        return new MountSpec(String.join(":", dirs), destination, IMAGE_TYPE, MsFlags.MS_RDONLY, subpath, false,
                MsFlags.MS_PRIVATE | MsFlags.MS_REC);
    }

    /** The pseudo file system type of a volume's subpath mount: the init resolves and clones it. */
    public static final String SUBPATH_TYPE = "jdock-subpath";

    /**
     * A subdirectory (or file) of a volume (API 1.45 {@code VolumeOptions.Subpath}): the init opens
     * {@code volumeDir} (the daemon's own host path), resolves {@code subpath} beneath it with
     * {@code openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS)} (the volume's content is the container's: a symlink
     * or {@code ..} that leaves the volume fails the start), clones the tree it names from that descriptor and
     * mounts it at {@code destination} (a directory or a file, made to match), rprivate, read-only if asked.
     */
    public static MountSpec subpath(String volumeDir, String destination, String subpath, boolean readOnly) {
        RuntimeSpec.requireAbsolute(volumeDir, "volume directory");
        if (subpath.isEmpty() || subpath.startsWith("/") || subpath.equals("..") || subpath.startsWith("../")) {
            throw new IllegalArgumentException("volume subpath must be relative and inside the volume: " + subpath);
        }
        return new MountSpec(volumeDir, destination, SUBPATH_TYPE, readOnly ? MsFlags.MS_RDONLY : 0, subpath, false,
                MsFlags.MS_PRIVATE | MsFlags.MS_REC);
    }

    public boolean isImage() {
        return IMAGE_TYPE.equals(type);
    }

    public MountSpec withPropagation(long p) {
        return new MountSpec(source, destination, type, flags, data, fileTarget, p);
    }
}
