package dev.jdock.daemon.archive;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.api.Json;
import dev.jdock.runtime.fs.FileStat;
import dev.jdock.runtime.syscall.FileModes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;

/**
 * Docker's {@code types.ContainerPathStat}, sent base64-encoded in {@code X-Docker-Container-Path-Stat}. {@code mode}
 * carries Go's {@code os.FileMode} bits (type bits high, permission bits low), not a Unix st_mode.
 */
public record PathStat(
        @JsonProperty("name") String name,
        @JsonProperty("size") long size,
        @JsonProperty("mode") long mode,
        @JsonProperty("mtime") String mtime,
        @JsonProperty("linkTarget") String linkTarget) {

    public static final String HEADER = "X-Docker-Container-Path-Stat";

    static final long MODE_DIR = 1L << 31;
    static final long MODE_SYMLINK = 1L << 27;
    static final long MODE_DEVICE = 1L << 26;
    static final long MODE_NAMED_PIPE = 1L << 25;
    static final long MODE_SOCKET = 1L << 24;
    static final long MODE_SETUID = 1L << 23;
    static final long MODE_SETGID = 1L << 22;
    static final long MODE_CHAR_DEVICE = 1L << 21;
    static final long MODE_STICKY = 1L << 20;

    /** Go's {@code os.FileMode} for a Unix {@code st_mode}. */
    public static long goMode(int stMode) {
        long m = stMode & 0777;
        switch (stMode & FileModes.S_IFMT) {
            case FileModes.S_IFDIR -> m |= MODE_DIR;
            case FileModes.S_IFLNK -> m |= MODE_SYMLINK;
            case FileModes.S_IFBLK -> m |= MODE_DEVICE;
            case FileModes.S_IFCHR -> m |= MODE_DEVICE | MODE_CHAR_DEVICE;
            case FileModes.S_IFIFO -> m |= MODE_NAMED_PIPE;
            case FileModes.S_IFSOCK -> m |= MODE_SOCKET;
            default -> { }
        }
        if ((stMode & 04000) != 0) {
            m |= MODE_SETUID;
        }
        if ((stMode & 02000) != 0) {
            m |= MODE_SETGID;
        }
        if ((stMode & 01000) != 0) {
            m |= MODE_STICKY;
        }
        return m;
    }

    /** An lstat result, reported under {@code name}. */
    public static PathStat of(FileStat st, String name, String linkTarget) {
        Instant mtime = Instant.ofEpochSecond(Math.floorDiv(st.mtimeNanos(), 1_000_000_000L),
                Math.floorMod(st.mtimeNanos(), 1_000_000_000L));
        return new PathStat(name, st.size(), goMode(st.mode()), mtime.toString(),
                linkTarget == null ? "" : linkTarget);
    }

    @JsonIgnore
    public boolean isDir() {
        return (mode & MODE_DIR) != 0;
    }

    /** The header value: base64 (standard, padded) of the JSON. */
    public String encode() {
        try {
            return Base64.getEncoder().encodeToString(Json.mapper().writeValueAsBytes(this));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PathStat decode(String header) {
        try {
            return Json.mapper().readValue(Base64.getDecoder().decode(header), PathStat.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
