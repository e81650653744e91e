package dev.jdock.daemon.layer;

import dev.jdock.daemon.errors.EngineException;
import java.util.ArrayDeque;
import java.util.Deque;

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
        String c = cleaned(entryName);
        if (c == null) {
            throw breakout(entryName);
        }
        return c;
    }

    /**
     * The cleaned relative form of a name (a leading '/' dropped), or null when it climbs above its root. Names
     * that are clean already (the usual case) are only scanned, not split: a tar of a deep tree has names of
     * tens of kilobytes, one per entry.
     */
    public static String cleaned(String name) {
        int start = 0;
        int end = name.length();
        while (true) {
            if (start < end && name.charAt(start) == '/') {
                start++;
            } else if (name.startsWith("./", start)) {
                start += 2;
            } else {
                break;
            }
        }
        while (end > start && name.charAt(end - 1) == '/') {
            end--;
        }
        String s = name.substring(start, end);
        if (s.indexOf("//") < 0 && s.indexOf("/./") < 0 && s.indexOf("/../") < 0 && !s.startsWith("../")
                && !s.endsWith("/.") && !s.endsWith("/..") && !s.equals(".") && !s.equals("..")) {
            return s;
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : s.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
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
}
