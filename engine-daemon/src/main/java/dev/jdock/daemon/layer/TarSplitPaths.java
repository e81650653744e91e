package dev.jdock.daemon.layer;

import java.nio.file.Path;

/**
 * Where a layer's tar-split lives beside its {@code diff}: {@code tar-split.gz} (every byte of the original tar that
 * is not regular-file content, plus a reference to each regular file) and {@code tar-split-shadow/<n>} (the content
 * of file entry n when a later entry of the same tar replaced or removed it in {@code diff}; moved, never copied).
 */
public record TarSplitPaths(Path file, Path shadowDir) {
    public static final String FILE = "tar-split.gz";
    public static final String SHADOW = "tar-split-shadow";

    public static TarSplitPaths of(Path layerDir) {
        return new TarSplitPaths(layerDir.resolve(FILE), layerDir.resolve(SHADOW));
    }
}
