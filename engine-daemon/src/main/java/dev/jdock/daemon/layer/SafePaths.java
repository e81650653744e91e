package dev.jdock.daemon.layer;

import dev.jdock.daemon.errors.EngineException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Path rules for archive entries: names are cleaned lexically relative to the layer root (a leading '/' is dropped,
 * as Docker does) and anything still escaping is refused. The files themselves are reached through descriptors
 * ({@link TreeExtraction}), never by these names.
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
        return EngineException.invalid("invalid tar entry \"" + shorten(entryName)
                + "\": path escapes the layer directory");
    }

    /** A name cut for an error message (a hostile one can be megabytes long). */
    public static String shorten(String name) {
        return name.length() <= 300 ? name : name.substring(0, 150) + "..." + name.substring(name.length() - 140);
    }

    /** The components of a cleaned relative name ({@link #clean}); empty for the root itself. */
    public static List<String> parts(String cleaned) {
        return cleaned.isEmpty() ? List.of() : List.of(cleaned.split("/"));
    }
}
