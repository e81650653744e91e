package dev.jdock.daemon.layer;

import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.FileStat;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.syscall.Errno;
import dev.jdock.runtime.syscall.SyscallException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Finds a file of a container that is not mounted, in the merged view its overlay will show (layer directories,
 * top first: the container's upper directory, then the image's layers), through descriptors: a name is taken from
 * the topmost layer that has it, a whiteout hides it, a directory merges with the same directory of lower layers
 * down to an opaque one or a non-directory, and symlinks are followed in that merged view (an absolute target
 * restarts at the container's root, {@code ..} stops there): an {@code etc -> /etc} link in an image reads the
 * image's /etc, never the host's.
 */
public final class LayeredLookup {
    /** Symlinks followed in one lookup (Linux's MAXSYMLINKS). */
    static final int MAX_LINKS = 40;
    private static final String OPAQUE_XATTR = "trusted.overlay.opaque";

    private LayeredLookup() {
    }

    /** An O_PATH descriptor of what {@code path} names, following symlinks (the last one too); empty when absent. */
    public static Optional<Fd> open(List<Path> layersTopFirst, String path) {
        List<Fd> owned = new ArrayList<>();
        try {
            List<Fd> roots = new ArrayList<>();
            for (Path layer : layersTopFirst) {
                Fd fd = openDir(layer);
                if (fd != null) {
                    owned.add(fd);
                    roots.add(fd);
                }
            }
            return walk(roots, path, owned);
        } finally {
            owned.forEach(Fd::close);
        }
    }

    private static Fd openDir(Path layer) {
        try {
            return Fs.open(layer, Fs.O_RDONLY | Fs.O_DIRECTORY);
        } catch (SyscallException e) {
            if (e.is(Errno.ENOENT)) {
                return null;
            }
            throw e;
        }
    }

    private static Optional<Fd> walk(List<Fd> roots, String path, List<Fd> owned) {
        Deque<List<Fd>> stack = new ArrayDeque<>();
        stack.push(roots);
        Deque<String> todo = new ArrayDeque<>(split(path));
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.pollFirst();
            if (part.equals("..")) {
                if (stack.size() > 1) {
                    stack.pop();
                }
                continue;
            }
            List<Fd> dirs = stack.peek();
            int top = topmost(dirs, part);
            if (top < 0) {
                return Optional.empty();
            }
            FileStat st = Fs.stat(dirs.get(top), part);
            if (st.isSymlink()) {
                if (++links > MAX_LINKS) {
                    return Optional.empty();
                }
                follow(Fs.readlinkat(dirs.get(top), part), stack, todo);
                continue;
            }
            if (todo.isEmpty()) {
                return Optional.of(Fs.openat(dirs.get(top), part, Fs.O_PATH | Fs.O_NOFOLLOW, 0));
            }
            if (!st.isDirectory()) {
                return Optional.empty();
            }
            stack.push(merged(dirs, top, part, owned));
        }
        return Optional.empty(); // the root itself
    }

    /** Continues with a symlink's target: an absolute one from the merged root. */
    private static void follow(String target, Deque<List<Fd>> stack, Deque<String> todo) {
        if (target.startsWith("/")) {
            while (stack.size() > 1) {
                stack.pop();
            }
        }
        List<String> t = split(target);
        for (int i = t.size() - 1; i >= 0; i--) {
            todo.addFirst(t.get(i));
        }
    }

    /** The index of the topmost layer showing {@code name}, or -1 (absent or whited out). */
    private static int topmost(List<Fd> dirs, String name) {
        for (int i = 0; i < dirs.size(); i++) {
            Optional<FileStat> st = Fs.statIfExists(dirs.get(i), name);
            if (st.isPresent()) {
                return st.get().isWhiteout() ? -1 : i;
            }
        }
        return -1;
    }

    /** Directory {@code name} of layers {@code top} and below, merged down to an opaque one or a non-directory. */
    private static List<Fd> merged(List<Fd> dirs, int top, String name, List<Fd> owned) {
        List<Fd> out = new ArrayList<>();
        for (int i = top; i < dirs.size(); i++) {
            Optional<FileStat> st = Fs.statIfExists(dirs.get(i), name);
            if (st.isEmpty()) {
                continue;
            }
            if (!st.get().isDirectory()) {
                break;
            }
            Fd fd = Fs.openat(dirs.get(i), name, Fs.DIR, 0);
            owned.add(fd);
            out.add(fd);
            if (opaque(fd)) {
                break;
            }
        }
        return out;
    }

    private static boolean opaque(Fd dir) {
        try {
            return Fs.getxattr(dir, OPAQUE_XATTR)
                    .map(v -> new String(v, StandardCharsets.US_ASCII).equals("y")).orElse(false);
        } catch (SyscallException e) {
            return false;
        }
    }

    private static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty() && !p.equals(".")) {
                out.add(p);
            }
        }
        return out;
    }
}
