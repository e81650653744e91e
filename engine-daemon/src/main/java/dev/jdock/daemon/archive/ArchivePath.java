package dev.jdock.daemon.archive;

import dev.jdock.daemon.errors.EngineException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A path of {@code GET/HEAD /containers/{id}/archive} resolved as Docker's {@code container.ResolvePath}: the path
 * is made absolute and cleaned, keeping a trailing {@code /} or {@code /.}; its directory part is resolved in the
 * container's scope and its last element is appended unresolved (so a symlink is archived as a link), except that a
 * trailing {@code /} follows it and a trailing {@code /.} means "the contents of the directory".
 *
 * @param absPath the cleaned absolute container path (with the trailing separator or dot kept)
 * @param name Go's {@code filepath.Base(absPath)}: the stat name and the archive's top entry name
 * @param host the host path to lstat and archive
 * @param contentsOf true for {@code dir/.}: entries are {@code ./} and {@code ./child}
 */
public record ArchivePath(String absPath, String name, Path host, boolean contentsOf) {

    public static ArchivePath resolve(Path root, String path) {
        if (path == null || path.isEmpty()) {
            throw EngineException.invalid("path cannot be empty");
        }
        String abs = absolute(path);
        int slash = abs.lastIndexOf('/');
        String dirPart = abs.substring(0, slash + 1);
        String base = abs.substring(slash + 1);
        Path dir = PathResolver.resolve(root, dirPart);
        if (base.isEmpty()) {
            return new ArchivePath(abs, goBase(abs), dir, false);
        }
        if (base.equals(".")) {
            return new ArchivePath(abs, ".", dir, true);
        }
        return new ArchivePath(abs, base, dir.resolve(base), false);
    }

    /** {@code filepath.Join("/", path)} with the trailing separator or {@code /.} of the original kept. */
    static String absolute(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else {
                parts.add(p);
            }
        }
        String clean = "/" + String.join("/", parts);
        if (path.equals(".") || path.endsWith("/.")) {
            return clean.endsWith("/") ? clean + "." : clean + "/.";
        }
        if (path.endsWith("/") && !clean.endsWith("/")) {
            return clean + "/";
        }
        return clean;
    }

    static String goBase(String abs) {
        String s = abs;
        while (s.length() > 1 && s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.equals("/")) {
            return "/";
        }
        return s.substring(s.lastIndexOf('/') + 1);
    }

    public boolean exists() {
        return Files.exists(host, LinkOption.NOFOLLOW_LINKS);
    }

    /** Docker's stat: lstat of the host path; a symlink's target is reported fully resolved, in container terms. */
    public PathStat stat(Path root) {
        String linkTarget = "";
        if (Files.isSymbolicLink(host)) {
            linkTarget = PathResolver.containerPath(root, PathResolver.resolve(root, absPath));
        }
        return PathStat.of(host, name, linkTarget);
    }

    /** The name of the archive's top entry ({@code .} for contents-of, nothing for the root itself). */
    public String entryName() {
        if (contentsOf) {
            return ".";
        }
        return name.equals("/") ? "." : name;
    }
}
