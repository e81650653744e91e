package dev.jdock.daemon.archive;

import dev.jdock.api.types.container.ContainerPathStat;
import dev.jdock.runtime.fs.FileStat;
import dev.jdock.runtime.syscall.FileModes;
import java.time.Instant;

/**
 * Builds the {@link ContainerPathStat} of an lstat result: Go's {@code os.FileMode} bits for a Unix {@code st_mode}.
 */
public final class PathStat {
    private PathStat() {
    }

    /** Go's {@code os.FileMode} for a Unix {@code st_mode}. */
    public static long goMode(int stMode) {
        long m = stMode & 0777;
        switch (stMode & FileModes.S_IFMT) {
            case FileModes.S_IFDIR -> m |= ContainerPathStat.MODE_DIR;
            case FileModes.S_IFLNK -> m |= ContainerPathStat.MODE_SYMLINK;
            case FileModes.S_IFBLK -> m |= ContainerPathStat.MODE_DEVICE;
            case FileModes.S_IFCHR -> m |= ContainerPathStat.MODE_DEVICE | ContainerPathStat.MODE_CHAR_DEVICE;
            case FileModes.S_IFIFO -> m |= ContainerPathStat.MODE_NAMED_PIPE;
            case FileModes.S_IFSOCK -> m |= ContainerPathStat.MODE_SOCKET;
            default -> { }
        }
        if ((stMode & 04000) != 0) {
            m |= ContainerPathStat.MODE_SETUID;
        }
        if ((stMode & 02000) != 0) {
            m |= ContainerPathStat.MODE_SETGID;
        }
        if ((stMode & 01000) != 0) {
            m |= ContainerPathStat.MODE_STICKY;
        }
        return m;
    }

    /** An lstat result, reported under {@code name}. */
    public static ContainerPathStat of(FileStat st, String name, String linkTarget) {
        Instant mtime = Instant.ofEpochSecond(Math.floorDiv(st.mtimeNanos(), 1_000_000_000L),
                Math.floorMod(st.mtimeNanos(), 1_000_000_000L));
        return new ContainerPathStat(name, st.size(), goMode(st.mode()), mtime.toString(),
                linkTarget == null ? "" : linkTarget);
    }
}
