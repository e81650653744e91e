package dev.jdock.daemon.snapshot;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How to mount a snapshot with overlayfs (described, not performed). {@code lowerDirs} are absolute, top first;
 * {@code shortLowerDirs} are the same layers as {@code l/<id>} paths relative to {@code root}, for the legacy
 * mount(2) whose option string is limited to one page (mount with the cwd set to {@code root}).
 * {@code parentChainId} is null for an image without layers (then {@code lowerDirs} is one empty directory).
 * A container's snapshot may have an init directory ({@link #initDir()}, moby's {@code -init} layer): once made, it
 * is the top of {@code lowerDirs}.
 */
public record SnapshotMounts(String key, String parentChainId, Path root, List<Path> lowerDirs,
        List<String> shortLowerDirs, Path upperDir, Path workDir) {

    public SnapshotMounts {
        lowerDirs = List.copyOf(lowerDirs);
        shortLowerDirs = List.copyOf(shortLowerDirs);
    }

    /** Where the snapshot's init layer is, made or not: {@code <root>/<key>/init}, beside the upper directory. */
    public Path initDir() {
        return root.resolve(key).resolve(OverlaySnapshotter.INIT);
    }

    /** {@code lowerdir=/abs/a:/abs/b,upperdir=...,workdir=...} with absolute paths. */
    public String overlayOptions() {
        return "lowerdir=" + lowerDirs.stream().map(Path::toString).collect(Collectors.joining(":"))
                + ",upperdir=" + upperDir + ",workdir=" + workDir;
    }

    /** {@code lowerdir=l/A:l/B,upperdir=<key>/diff,workdir=<key>/work}, relative to {@link #root()}. */
    public String shortOverlayOptions() {
        return "lowerdir=" + String.join(":", shortLowerDirs) + ",upperdir=" + root.relativize(upperDir)
                + ",workdir=" + root.relativize(workDir);
    }
}
