package dev.jdock.daemon.layer;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;

/**
 * One unpacked layer: {@code overlay/<chainid-hex>/diff}, reachable by the short name {@code overlay/l/<link>}.
 * {@code parent} is the chainID of the layer below (null for a base layer). Sizes in bytes. Stored as the
 * directory's {@code layer.json} ({@code StateFormat}: unknown fields fail a current-format read).
 */
public record Layer(
        @JsonProperty("chainId") String chainId,
        @JsonProperty("diffId") String diffId,
        @JsonProperty("parent") String parent,
        @JsonProperty("link") String link,
        @JsonProperty("size") long size,
        @JsonProperty("tarSize") long tarSize,
        @JsonIgnore Path diffDir) {

    public Layer withDiffDir(Path dir) {
        return new Layer(chainId, diffId, parent, link, size, tarSize, dir);
    }

    /** The short relative form, {@code l/<link>}, for page-limited mount options. */
    public String shortPath() {
        return "l/" + link;
    }
}
