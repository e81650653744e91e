package dev.jdock.daemon.archive;

import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The owner of files copied with {@code copyUIDGID}: the container's configured user (name or uid, optional
 * {@code :group}) looked up in the container's own /etc/passwd and /etc/group; with no user configured the ids in
 * the archive are kept, as Docker does.
 */
final class UserLookup {
    private UserLookup() {
    }

    static ArchiveExtractor.Owner owner(Path root, String user) {
        if (user == null || user.isEmpty()) {
            return ArchiveExtractor.Owner.ARCHIVE;
        }
        int colon = user.indexOf(':');
        String u = colon < 0 ? user : user.substring(0, colon);
        String g = colon < 0 ? null : user.substring(colon + 1);
        List<String> passwd = lines(root, "/etc/passwd");
        Optional<String[]> pw = passwd.stream().map(l -> l.split(":", -1))
                .filter(f -> f.length >= 4 && (f[0].equals(u) || f[2].equals(u))).findFirst();
        int uid;
        int gid;
        if (pw.isPresent()) {
            uid = Integer.parseInt(pw.get()[2]);
            gid = Integer.parseInt(pw.get()[3]);
        } else if (u.matches("\\d+")) {
            uid = Integer.parseInt(u);
            gid = uid;
        } else {
            throw EngineException.invalid("unable to find user " + u + ": no matching entries in passwd file");
        }
        if (g != null && !g.isEmpty()) {
            gid = group(root, g);
        }
        return new ArchiveExtractor.Owner(uid, gid, false);
    }

    private static int group(Path root, String g) {
        return lines(root, "/etc/group").stream().map(l -> l.split(":", -1))
                .filter(f -> f.length >= 3 && (f[0].equals(g) || f[2].equals(g))).findFirst()
                .map(f -> Integer.parseInt(f[2]))
                .orElseGet(() -> {
                    if (g.matches("\\d+")) {
                        return Integer.parseInt(g);
                    }
                    throw EngineException.invalid("unable to find group " + g + ": no matching entries in group file");
                });
    }

    private static List<String> lines(Path root, String file) {
        Path p = PathResolver.resolve(root, file);
        try {
            return Files.isRegularFile(p) ? Files.readAllLines(p, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
