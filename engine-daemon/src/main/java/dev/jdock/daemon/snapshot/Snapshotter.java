package dev.jdock.daemon.snapshot;

import java.util.List;
import java.util.Optional;

/** Writable container filesystems on top of image layers (containerd's snapshotter, overlay only). */
public interface Snapshotter {
    /**
     * Creates the upper and work directories for {@code key} (a container ID) over the layer chain ending at
     * {@code parentChainId} (null: no layers). Conflict when {@code key} exists, not found when the parent does not.
     */
    SnapshotMounts prepare(String key, String parentChainId);

    /** The mounts of an existing snapshot; not found when absent. */
    SnapshotMounts mounts(String key);

    Optional<SnapshotMounts> find(String key);

    /** Removes the snapshot's directories (it must no longer be mounted). Absent is fine. */
    void remove(String key);

    /** Every snapshot key. */
    List<String> keys();

    /**
     * What the snapshot's upper directory holds: the bytes of its regular files and its inodes (every entry and the
     * directory itself), not following links.
     */
    Usage usage(String key);

    /** A snapshot's usage. */
    record Usage(long bytes, long inodes) {
    }
}
