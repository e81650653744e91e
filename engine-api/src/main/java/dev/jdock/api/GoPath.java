package dev.jdock.api;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.StringJoiner;

/**
 * Go's {@code path.Clean} and {@code path.Join} (slash-separated names, no file system): .dockerignore patterns and
 * paths, tar header names.
 */
public final class GoPath {
    private GoPath() {
    }

    /** The shortest equivalent name: no empty or "." elements, ".." resolved where it can be; "." when empty. */
    public static String clean(String p) {
        if (p.isEmpty()) {
            return ".";
        }
        boolean rooted = p.startsWith("/");
        Deque<String> out = new ArrayDeque<>();
        for (String e : p.split("/", -1)) {
            if (e.isEmpty() || e.equals(".")) {
                continue;
            }
            if (e.equals("..")) {
                if (!out.isEmpty() && !out.peekLast().equals("..")) {
                    out.removeLast();
                } else if (!rooted) {
                    out.addLast("..");
                }
                continue;
            }
            out.addLast(e);
        }
        String joined = String.join("/", out);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** The non-empty elements joined by slashes, cleaned; "" when all are empty. */
    public static String join(String... elements) {
        StringJoiner j = new StringJoiner("/");
        boolean any = false;
        for (String e : elements) {
            if (!e.isEmpty()) {
                j.add(e);
                any = true;
            }
        }
        return any ? clean(j.toString()) : "";
    }
}
