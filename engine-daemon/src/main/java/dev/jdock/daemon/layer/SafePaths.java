package dev.jdock.daemon.layer;

import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Path rules for archive entries: names are cleaned lexically relative to the layer root (a leading '/' is dropped,
 * as Docker does), anything still escaping is refused, and no existing symlink is ever traversed.
 */
public final class SafePaths {
    private SafePaths() {
    }

    /**
     * Cleans an entry name to a relative path without '.', '..' or empty components ("" is the root itself).
     * Throws invalid when the name climbs out of the root.
     */
    public static String clean(String entryName) {
        String name = entryName;
        while (name.startsWith("/")) {
            name = name.substring(1);
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw breakout(entryName);
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }

    static EngineException breakout(String entryName) {
        return EngineException.invalid("invalid tar entry \"" + entryName + "\": path escapes the layer directory");
    }

    /**
     * Makes sure every directory between {@code root} and {@code rel}'s parent is a real directory (creating missing
     * ones with mode 0755) and returns the parent. Refuses symlinks and non-directories on the way.
     */
    public static Path ensureParent(Path root, String rel, String entryName) throws IOException {
        Path current = root;
        String[] parts = rel.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            current = current.resolve(parts[i]);
            if (Files.isSymbolicLink(current)) {
                throw EngineException.invalid("invalid tar entry \"" + entryName + "\": path component "
                        + root.relativize(current) + " is a symlink");
            }
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(current);
            } else if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                throw EngineException.invalid("invalid tar entry \"" + entryName + "\": path component "
                        + root.relativize(current) + " is not a directory");
            }
        }
        return current;
    }

    /** Resolves an existing entry (a hard link's target) without traversing symlinks. */
    public static Path existing(Path root, String rel, String entryName) {
        Path current = root;
        String[] parts = rel.split("/");
        for (int i = 0; i < parts.length; i++) {
            current = current.resolve(parts[i]);
            boolean last = i == parts.length - 1;
            if (!last && (Files.isSymbolicLink(current) || !Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS))) {
                throw EngineException.invalid("invalid tar entry \"" + entryName + "\": link target " + rel
                        + " is not inside the layer");
            }
        }
        if (rel.isEmpty() || !Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
            throw EngineException.invalid("invalid tar entry \"" + entryName + "\": hard link target " + rel
                    + " does not exist in the layer");
        }
        return current;
    }
}
