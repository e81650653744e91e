package dev.jdock.daemon.archive;

import dev.jdock.api.types.container.ContainerPathStat;
import dev.jdock.api.types.container.FilesystemChange;
import dev.jdock.daemon.container.Container;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/** What {@link ArchiveRouter} needs of a container's filesystem: {@link ArchiveService}, or a fake in tests. */
public interface ArchiveBackend {
    /** {@code HEAD /containers/{id}/archive}; {@code ref} names the container as the client did (in the 404). */
    ContainerPathStat stat(Container c, String ref, String path);

    /** {@code GET /containers/{id}/archive}: the caller sends the stat header, streams, then closes. */
    PreparedArchive archive(Container c, String ref, String path);

    /** {@code PUT /containers/{id}/archive}: extracts {@code tar} into the directory {@code path}. */
    void extract(Container c, String ref, String path, boolean noOverwriteDirNonDir, boolean copyUidGid,
            InputStream tar) throws IOException;

    /** {@code GET /containers/{id}/export}: the whole root filesystem (image layers plus changes). */
    void export(Container c, OutputStream out) throws IOException;

    /** {@code GET /containers/{id}/changes}. */
    List<FilesystemChange> changes(Container c);

    /** The container's changes as a layer tar, for commit. */
    void writeLayerDiff(Container c, OutputStream out) throws IOException;

    /** A tar of a container path, ready to stream: the stat is known (and 404 raised) before any byte is sent. */
    interface PreparedArchive extends AutoCloseable {
        ContainerPathStat stat();

        void writeTo(OutputStream out) throws IOException;

        @Override
        void close();
    }
}
