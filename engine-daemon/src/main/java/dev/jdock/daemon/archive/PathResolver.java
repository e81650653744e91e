package dev.jdock.daemon.archive;

import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves container paths to host paths with every symlink evaluated in the scope of the container root (as if the
 * root were {@code /}: an absolute target restarts at the root, {@code ..} never climbs above it), the way Docker's
 * {@code symlink.FollowSymlinkInScope} does. The kernel never follows a symlink of the container on our behalf: each
 * component is looked up with lstat and, when it is a link, its target is read and walked again here.
 */
public final class PathResolver {
    /** Linux's limit on symlinks followed in one lookup (MAXSYMLINKS). */
    static final int MAX_LINKS = 40;

    private PathResolver() {
    }

    /**
     * Resolves {@code containerPath} inside {@code root}, following every symlink (including the last component).
     * Components that do not exist are kept as they are (the result may not exist).
     */
    public static Path resolve(Path root, String containerPath) {
        return root.resolve(String.join("/", resolveParts(root, containerPath, true)));
    }

    /** As {@link #resolve} but the last component is not followed when it is a symlink (lstat semantics). */
    public static Path resolveNoFollow(Path root, String containerPath) {
        return root.resolve(String.join("/", resolveParts(root, containerPath, false)));
    }

    /** The in-container absolute path of a host path under {@code root} ({@code /} for the root itself). */
    public static String containerPath(Path root, Path hostPath) {
        String rel = root.relativize(hostPath).toString();
        return "/" + rel;
    }

    static List<String> resolveParts(Path root, String containerPath, boolean followLast) {
        Deque<String> todo = new ArrayDeque<>(split(containerPath));
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.pollFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            boolean last = todo.stream().allMatch(p -> p.isEmpty() || p.equals("."));
            Path candidate = root.resolve(String.join("/", done)).resolve(part);
            if ((last && !followLast) || !Files.isSymbolicLink(candidate)) {
                done.add(part);
                continue;
            }
            if (++links > MAX_LINKS) {
                throw EngineException.invalid("too many levels of symbolic links: " + containerPath);
            }
            String target = readLink(candidate);
            if (target.startsWith("/")) {
                done.clear();
            }
            List<String> targetParts = split(target);
            for (int i = targetParts.size() - 1; i >= 0; i--) {
                todo.addFirst(targetParts.get(i));
            }
        }
        return done;
    }

    private static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw EngineException.system("reading symlink " + link + ": " + e.getMessage(), e);
        }
    }
}
