package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * Docker's {@code types.ContainerPathStat}, sent base64-encoded in {@code X-Docker-Container-Path-Stat} by
 * {@code HEAD}/{@code GET /containers/{id}/archive}. {@code mode} carries Go's {@code os.FileMode} bits (type bits
 * high, permission bits low), not a Unix st_mode; {@code mtime} is RFC 3339 (nano).
 */
public record ContainerPathStat(
        @JsonProperty("name") String name,
        @JsonProperty("size") long size,
        @JsonProperty("mode") long mode,
        @JsonProperty("mtime") String mtime,
        @JsonProperty("linkTarget") String linkTarget) {

    public static final String HEADER = "X-Docker-Container-Path-Stat";

    public static final long MODE_DIR = 1L << 31;
    public static final long MODE_SYMLINK = 1L << 27;
    public static final long MODE_DEVICE = 1L << 26;
    public static final long MODE_NAMED_PIPE = 1L << 25;
    public static final long MODE_SOCKET = 1L << 24;
    public static final long MODE_SETUID = 1L << 23;
    public static final long MODE_SETGID = 1L << 22;
    public static final long MODE_CHAR_DEVICE = 1L << 21;
    public static final long MODE_STICKY = 1L << 20;

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

    /** A header value read back. */
    public static ContainerPathStat decode(String header) {
        try {
            return Json.mapper().readValue(Base64.getDecoder().decode(header), ContainerPathStat.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
