package dev.jdock.daemon.archive;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /containers/{id}/changes}: walks the container's upper directory (in path order) and classifies each
 * entry against the lower layers, as Docker's overlay driver does: a whiteout is a deletion, an entry the lowers
 * lack is an addition, anything else a change; an opaque directory that replaced a lower one is a deletion of
 * the old directory followed by its new contents. A directory equal to its lower copy (size, mode, mtime) is left
 * out unless something directly inside it was added or deleted, in which case it is reported as changed.
 */
public final class ChangesCalculator {
    public static final int MODIFIED = 0;
    public static final int ADDED = 1;
    public static final int DELETED = 2;

    /** One entry of the answer, with Docker's JSON names. */
    public record Change(@JsonProperty("Path") String path, @JsonProperty("Kind") int kind) {
    }

    private final OverlayProbe probe;

    public ChangesCalculator(OverlayProbe probe) {
        this.probe = probe;
    }

    public List<Change> changes(Path upper, List<Path> lowersTopFirst) {
        List<Change> out = new ArrayList<>();
        Set<String> changedDirs = new HashSet<>();
        try {
            walk(upper, "", lowersTopFirst, out, changedDirs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private void walk(Path dir, String rel, List<Path> lowers, List<Change> out, Set<String> changedDirs)
            throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(children::add);
        }
        children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        for (Path child : children) {
            String childRel = rel + "/" + child.getFileName();
            classify(child, childRel, lowers, out, changedDirs);
            if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                walk(child, childRel, lowers, out, changedDirs);
            }
        }
    }

    private void classify(Path p, String rel, List<Path> lowers, List<Change> out, Set<String> changedDirs)
            throws IOException {
        boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        if (MountTargets.isMountTarget(rel, p) && lowerEntry(lowers, rel) == null) {
            return;
        }
        int kind;
        if (probe.isWhiteout(p) || (dir && probe.isOpaque(p) && lowerEntry(lowers, rel) != null)) {
            kind = DELETED;
        } else {
            Path lower = lowerEntry(lowers, rel);
            if (lower == null) {
                kind = ADDED;
            } else if (dir && Files.isDirectory(lower, LinkOption.NOFOLLOW_LINKS) && sameDir(p, lower)) {
                return; // only a parent of changes: reported below if something was added or deleted in it
            } else {
                kind = MODIFIED;
            }
        }
        if (dir) {
            changedDirs.add(rel);
        }
        if (kind != MODIFIED) {
            String parent = rel.substring(0, rel.lastIndexOf('/'));
            if (!parent.isEmpty() && changedDirs.add(parent)) {
                out.add(new Change(parent, MODIFIED));
            }
        }
        out.add(new Change(rel, kind));
    }

    /**
     * The entry the lower layers show at {@code rel} (top layer wins), or null when absent: hidden by a whiteout,
     * or by an opaque directory or a non-directory on the way down in a higher layer.
     */
    Path lowerEntry(List<Path> lowersTopFirst, String rel) {
        String[] parts = rel.substring(1).split("/");
        for (Path layer : lowersTopFirst) {
            Path cur = layer;
            boolean hidden = false;
            for (int i = 0; i < parts.length; i++) {
                cur = cur.resolve(parts[i]);
                if (!Files.exists(cur, LinkOption.NOFOLLOW_LINKS)) {
                    break;
                }
                if (probe.isWhiteout(cur)) {
                    return null;
                }
                boolean last = i == parts.length - 1;
                if (last) {
                    return cur;
                }
                if (!Files.isDirectory(cur, LinkOption.NOFOLLOW_LINKS)) {
                    return null; // a file hides whatever the lower layers have below this name
                }
                if (probe.isOpaque(cur)) {
                    hidden = true;
                }
            }
            if (hidden) {
                return null;
            }
        }
        return null;
    }

    private static boolean sameDir(Path a, Path b) throws IOException {
        Map<String, Object> x = Files.readAttributes(a, "unix:mode,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        Map<String, Object> y = Files.readAttributes(b, "unix:mode,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        return x.get("mode").equals(y.get("mode")) && x.get("size").equals(y.get("size"))
                && sameTime((FileTime) x.get("lastModifiedTime"), (FileTime) y.get("lastModifiedTime"));
    }

    /** Docker's sameFsTime: equal, or equal seconds when one side lacks nanoseconds. */
    private static boolean sameTime(FileTime a, FileTime b) {
        var ia = a.toInstant();
        var ib = b.toInstant();
        return ia.equals(ib) || (ia.getEpochSecond() == ib.getEpochSecond()
                && (ia.getNano() == 0 || ib.getNano() == 0));
    }
}
