package dev.jdock.daemon.archive;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.layer.BoundedLines;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.syscall.SyscallException;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The owner of files copied with {@code copyUIDGID}: the container's configured user (name or uid, optional
 * {@code :group}) looked up in the container's own /etc/passwd and /etc/group; with no user configured the ids in
 * the archive are kept, as Docker does. The files are opened inside the container root ({@link Fs#openInRoot}: a
 * symlinked /etc stays in the container) and read line by line up to the first match, bounded
 * ({@link BoundedLines}).
 */
final class UserLookup {
    private UserLookup() {
    }

    static ArchiveExtractor.Owner owner(Fd root, String user) {
        if (user == null || user.isEmpty()) {
            return ArchiveExtractor.Owner.ARCHIVE;
        }
        int colon = user.indexOf(':');
        String u = colon < 0 ? user : user.substring(0, colon);
        String g = colon < 0 ? null : user.substring(colon + 1);
        Optional<String[]> pw = find(root, "/etc/passwd", f -> f.length >= 4 && (f[0].equals(u) || f[2].equals(u)));
        int uid;
        int gid;
        if (pw.isPresent()) {
            uid = id(pw.get()[2], "/etc/passwd");
            gid = id(pw.get()[3], "/etc/passwd");
        } else if (u.matches("\\d+")) {
            uid = numeric(u, "user", "passwd");
            gid = uid;
        } else {
            throw EngineException.invalid("unable to find user " + u + ": no matching entries in passwd file");
        }
        if (g != null && !g.isEmpty()) {
            gid = group(root, g);
        }
        return new ArchiveExtractor.Owner(uid, gid, false);
    }

    private static int group(Fd root, String g) {
        return find(root, "/etc/group", f -> f.length >= 3 && (f[0].equals(g) || f[2].equals(g)))
                .map(f -> id(f[2], "/etc/group"))
                .orElseGet(() -> {
                    if (g.matches("\\d+")) {
                        return numeric(g, "group", "group");
                    }
                    throw EngineException.invalid("unable to find group " + g + ": no matching entries in group file");
                });
    }

    /**
     * A numeric id not found in the file: taken as it is when it fits an id (moby's parseChownFlag takes any
     * int); one past 2^31-1, which {@code chown} would read as another id or as "unchanged" (-1), is not found.
     */
    private static int numeric(String id, String what, String file) {
        if (id.length() <= 10 && Long.parseLong(id) <= Integer.MAX_VALUE) {
            return Integer.parseInt(id);
        }
        throw EngineException.invalid("unable to find " + what + " " + id + ": no matching entries in " + file
                + " file");
    }

    private static int id(String field, String file) {
        try {
            return Integer.parseInt(field);
        } catch (NumberFormatException e) {
            throw EngineException.invalid("invalid id \"" + field + "\" in " + file);
        }
    }

    /** The first matching line of a file of the container; empty when the file is absent or not a regular file. */
    static Optional<String[]> find(Fd root, String file, Predicate<String[]> match) {
        Fd fd;
        try {
            fd = Fs.openInRoot(root, file, Fs.O_PATH);
        } catch (SyscallException e) {
            return Optional.empty();
        }
        try (fd) {
            if (!Fs.stat(fd).isRegular()) {
                return Optional.empty();
            }
            return BoundedLines.find(fd, file, match);
        }
    }
}
