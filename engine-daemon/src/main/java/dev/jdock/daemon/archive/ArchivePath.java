package dev.jdock.daemon.archive;

import dev.jdock.api.types.container.ContainerPathStat;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.FileStat;
import dev.jdock.runtime.fs.Fs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A path of {@code GET/HEAD /containers/{id}/archive} resolved as Docker's {@code container.ResolvePath}: the path
 * is made absolute and cleaned, keeping a trailing {@code /} or {@code /.}; its directory part is resolved in the
 * container's scope ({@link PathResolver}) and its last element is looked up there unresolved (so a symlink is
 * archived as a link), except that a trailing {@code /} follows it and a trailing {@code /.} means "the contents of
 * the directory". Holds a descriptor of that directory: close it.
 */
public final class ArchivePath implements AutoCloseable {
    private static final int NAME_MAX = 255;
    private final String absPath;
    private final String name;
    private final String containerPath;
    private final Fd dir;
    private final String entry;
    private final boolean contentsOf;

    /**
     * @param absPath the cleaned absolute container path (with the trailing separator or dot kept)
     * @param name Go's {@code filepath.Base(absPath)}: the stat name and the archive's top entry name
     * @param containerPath the resolved container path of what is archived
     * @param dir the directory holding it (null when that does not exist)
     * @param entry its name in {@code dir}; {@code ""} when it is {@code dir} itself
     * @param contentsOf true for {@code dir/.}: entries are {@code ./} and {@code ./child}
     */
    private ArchivePath(String absPath, String name, String containerPath, Fd dir, String entry,
            boolean contentsOf) {
        this.absPath = absPath;
        this.name = name;
        this.containerPath = containerPath;
        this.dir = dir;
        this.entry = entry;
        this.contentsOf = contentsOf;
    }

    public static ArchivePath resolve(Fd root, String path) {
        checkRequested(path);
        String abs = absolute(path);
        int slash = abs.lastIndexOf('/');
        String dirPart = abs.substring(0, slash + 1);
        String base = abs.substring(slash + 1);
        try (PathResolver.Resolved r = PathResolver.resolve(root, dirPart, true)) {
            Fd dir = r.openDirectory().orElse(null);
            if (base.isEmpty()) {
                return new ArchivePath(abs, goBase(abs), r.path(), dir, "", false);
            }
            if (base.equals(".")) {
                return new ArchivePath(abs, ".", r.path(), dir, "", true);
            }
            String inside = r.path().equals("/") ? "/" + base : r.path() + "/" + base;
            return new ArchivePath(abs, base, inside, dir, base, false);
        }
    }

    public String absPath() {
        return absPath;
    }

    public String name() {
        return name;
    }

    /** Where the archived entry is in the container (resolved). */
    public String containerPath() {
        return containerPath;
    }

    /** The directory holding the entry (present when {@link #exists}). */
    public Fd dir() {
        return dir;
    }

    /** The entry's name in {@link #dir}; {@code ""} when the entry is that directory itself. */
    public String entry() {
        return entry;
    }

    public boolean contentsOf() {
        return contentsOf;
    }

    /** lstat of the entry; empty when it does not exist. */
    public Optional<FileStat> lstat() {
        if (dir == null) {
            return Optional.empty();
        }
        return entry.isEmpty() ? Optional.of(Fs.stat(dir)) : Fs.statIfExists(dir, entry);
    }

    public boolean exists() {
        return lstat().isPresent();
    }

    /**
     * Refuses a request's path that no file can have, before any system call sees it (a 400 with the errno text
     * dockerd's lstat gives): empty, holding a NUL (it would cut the name short), or with an element longer than
     * NAME_MAX bytes.
     */
    static void checkRequested(String path) {
        if (path == null || path.isEmpty()) {
            throw EngineException.invalid("path cannot be empty");
        }
        if (path.indexOf('\0') >= 0) {
            throw EngineException.invalid("lstat " + path + ": invalid argument");
        }
        for (String element : path.split("/")) {
            if (element.getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
                throw EngineException.invalid("lstat " + path + ": file name too long");
            }
        }
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

    /** Docker's stat: lstat of the entry; a symlink's target is reported fully resolved, in container terms. */
    public ContainerPathStat stat(Fd root) {
        FileStat st = lstat().orElseThrow(() -> EngineException.notFound("No such file: " + absPath));
        String linkTarget = "";
        if (st.isSymlink()) {
            try (PathResolver.Resolved r = PathResolver.resolve(root, absPath, true)) {
                linkTarget = r.path();
            }
        }
        return PathStat.of(st, name, linkTarget);
    }

    /** The name of the archive's top entry ({@code .} for contents-of, nothing for the root itself). */
    public String entryName() {
        if (contentsOf) {
            return ".";
        }
        return name.equals("/") ? "." : name;
    }

    @Override
    public void close() {
        if (dir != null) {
            dir.close();
        }
    }
}
