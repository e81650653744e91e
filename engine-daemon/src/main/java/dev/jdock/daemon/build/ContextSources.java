package dev.jdock.daemon.build;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.fs.TreeWalker;
import dev.jdock.runtime.syscall.SyscallException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * COPY and ADD sources in the build context: each cleaned as moby cleans it (no way above the context root), and
 * wildcards ({@code *}, {@code ?}, {@code [...]}, one path component each, as Go's filepath.Match) expanded
 * against the context's entries in name order. Listing goes through descriptors opened inside the root.
 */
final class ContextSources {
    /** Entries a wildcard may match before the build is refused (a bound on one instruction's work). */
    static final int MAX_MATCHES = 100_000;

    private final Fd root;

    ContextSources(Fd root) {
        this.root = root;
    }

    Fd root() {
        return root;
    }

    List<String> expand(List<String> sources, String instruction) {
        List<String> out = new ArrayList<>();
        for (String s : sources) {
            String clean = clean(s);
            if (!hasWildcard(clean)) {
                out.add(clean);
                continue;
            }
            List<String> matched = new ArrayList<>();
            glob("", clean.split("/"), 0, matched);
            out.addAll(matched);
        }
        if (out.isEmpty()) {
            throw EngineException.invalid(instruction + " failed: no source files were specified");
        }
        return out;
    }

    private void glob(String dir, String[] parts, int i, List<String> out) {
        if (i == parts.length) {
            out.add(dir);
            return;
        }
        String part = parts[i];
        if (!hasWildcard(part)) {
            glob(dir.isEmpty() ? part : dir + "/" + part, parts, i + 1, out);
            return;
        }
        Deque<String> entries;
        try (Fd d = Fs.openInRoot(root, "/" + dir, Fs.O_RDONLY | Fs.O_DIRECTORY)) {
            entries = TreeWalker.sortedNames(d);
        } catch (SyscallException e) {
            return; // not a directory: nothing below it matches
        } catch (TreeWalker.TooManyEntries e) {
            throw EngineException.invalid("too many files in " + dir + " to match " + String.join("/", parts));
        }
        for (String name : entries) {
            if (WildcardMatch.matches(part, name)) {
                if (out.size() >= MAX_MATCHES) {
                    throw EngineException.invalid("too many files match " + String.join("/", parts));
                }
                glob(dir.isEmpty() ? name : dir + "/" + name, parts, i + 1, out);
            }
        }
    }

    /**
     * {@code path} with its trailing symlinks followed inside {@code root} (an absolute target from the root, a
     * relative one from the link's directory), as moby's FollowSymlinkInScope: what a bind of it means. The
     * components before it are resolved inside the root by every open ({@code RESOLVE_IN_ROOT}).
     */
    static String inScope(Fd root, String path) {
        String p = path;
        for (int hops = 0; hops < 40 && !p.isEmpty(); hops++) {
            int slash = p.lastIndexOf('/');
            String parent = slash < 0 ? "" : p.substring(0, slash);
            String name = p.substring(slash + 1);
            String target;
            try (Fd dir = Fs.openInRoot(root, "/" + parent, Fs.O_PATH | Fs.O_DIRECTORY)) {
                var st = Fs.statIfExists(dir, name);
                if (st.isEmpty() || !st.get().isSymlink()) {
                    return p;
                }
                target = Fs.readlinkat(dir, name);
            } catch (SyscallException e) {
                return p; // missing on the way: the copy reports it
            }
            p = clean(target.startsWith("/") ? target : parent + "/" + target);
        }
        if (p.isEmpty()) {
            return p;
        }
        throw EngineException.invalid("too many levels of symbolic links in " + path);
    }

    static boolean hasWildcard(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    /** A path relative to the context root: separators collapsed, {@code .} dropped, {@code ..} never above. */
    static String clean(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
                continue;
            }
            parts.add(p);
        }
        return String.join("/", parts);
    }
}
