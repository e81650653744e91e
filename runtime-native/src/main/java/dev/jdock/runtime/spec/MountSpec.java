package dev.jdock.runtime.spec;

import java.util.Objects;

/**
 * One mount inside the container, applied in order relative to the new root (the destination is resolved inside
 * it; symlinks cannot leave it). {@code flags} are MS_* bits ({@link MsFlags}); a bind with MS_RDONLY or other
 * flags is followed by a bind-remount; propagation bits are applied separately. {@code fileTarget}: the target is
 * created as an empty file (binds of files) instead of a directory.
 */
public record MountSpec(String source, String destination, String type, long flags, String data, boolean fileTarget) {

    public MountSpec {
        source = source == null ? "" : source;
        RuntimeSpec.requireAbsolute(destination, "mount destination");
        if (destination.contains("/../") || destination.endsWith("/..")) {
            throw new IllegalArgumentException("mount destination may not contain '..': " + destination);
        }
        type = type == null ? "" : type;
        data = data == null ? "" : data;
        Objects.requireNonNull(source);
    }

    public static MountSpec bind(String source, String destination, boolean readOnly, boolean fileTarget) {
        long flags = MsFlags.MS_BIND | MsFlags.MS_REC | (readOnly ? MsFlags.MS_RDONLY : 0);
        return new MountSpec(source, destination, "bind", flags, "", fileTarget);
    }
}
