package dev.jdock.daemon.archive;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.fs.DirStack;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.FileStat;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.syscall.Errno;
import dev.jdock.runtime.syscall.SyscallException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a container path with every symlink evaluated in the scope of the container root, as Docker's
 * {@code symlink.FollowSymlinkInScope} does (an absolute target restarts at the root, {@code ..} never climbs above
 * it, components that do not exist are kept as they are), through descriptors: each component is looked up by
 * one name in the directory descriptor of the previous one, a symlink's target is read with readlinkat and walked
 * here, and the kernel never follows a link of the container. The answer carries both the resolved container path
 * and a descriptor of what it names, so what is then read or written is what was resolved, whatever the container
 * renames meanwhile.
 */
public final class PathResolver {
    /** Docker's limit on links followed in one resolution (maxIter of FollowSymlinkInScope). */
    static final int MAX_LINKS = 255;

    private PathResolver() {
    }

    /**
     * A resolved path: its container path ({@code /} for the root), and, when the parent of the last component
     * exists, an O_PATH descriptor of that parent directory and the last component's name ({@code ""}: the path is
     * the root itself and {@link #parent} holds the root). Close it.
     */
    public static final class Resolved implements AutoCloseable {
        private final String path;
        private final Fd parent;
        private final String name;

        Resolved(String path, Fd parent, String name) {
            this.path = path;
            this.parent = parent;
            this.name = name;
        }

        public String path() {
            return path;
        }

        public Optional<Fd> parent() {
            return Optional.ofNullable(parent);
        }

        public String name() {
            return name;
        }

        /** lstat of what the path names; empty when it does not exist. */
        public Optional<FileStat> stat() {
            if (parent == null) {
                return Optional.empty();
            }
            return name.isEmpty() ? Optional.of(Fs.stat(parent)) : Fs.statIfExists(parent, name);
        }

        /** Opens what the path names as a directory (never following a symlink); empty when it is not one. */
        public Optional<Fd> openDirectory() {
            if (parent == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(Fs.openat(parent, name.isEmpty() ? "." : name, Fs.DIR, 0));
            } catch (SyscallException e) {
                if (e.is(Errno.ENOENT) || e.is(Errno.ENOTDIR) || e.is(Errno.ELOOP)) {
                    return Optional.empty();
                }
                throw e;
            }
        }

        @Override
        public void close() {
            if (parent != null) {
                parent.close();
            }
        }
    }

    /**
     * Resolves {@code containerPath} inside {@code root}, following every symlink (also the last component when
     * {@code followLast}).
     */
    public static Resolved resolve(Fd root, String containerPath, boolean followLast) {
        Deque<String> todo = new ArrayDeque<>(split(containerPath));
        List<String> done = new ArrayList<>();
        int links = 0;
        try (DirStack dirs = new DirStack(root)) {
            while (!todo.isEmpty()) {
                String part = todo.pollFirst();
                if (part.equals("..")) {
                    if (!done.isEmpty()) {
                        done.remove(done.size() - 1);
                    }
                    if (dirs.depth() > done.size()) {
                        dirs.pop();
                    }
                    continue;
                }
                boolean existingParent = dirs.depth() == done.size();
                Optional<FileStat> st = existingParent ? Fs.statIfExists(dirs.top(), part) : Optional.empty();
                if (st.isPresent() && st.get().isSymlink() && (followLast || !todo.isEmpty())) {
                    if (++links > MAX_LINKS) {
                        throw EngineException.invalid("too many links in " + containerPath);
                    }
                    follow(Fs.readlinkat(dirs.top(), part), dirs, done, todo);
                    continue;
                }
                done.add(part);
                if (st.isPresent() && st.get().isDirectory() && !todo.isEmpty() && !enter(dirs, part)) {
                    todo.addFirst(part); // changed since its lstat: look at it again
                    done.remove(done.size() - 1);
                    links++;
                }
            }
            return answer(dirs, done);
        }
    }

    /** Continues with a symlink's target: an absolute one from the root. */
    private static void follow(String target, DirStack dirs, List<String> done, Deque<String> todo) {
        if (target.startsWith("/")) {
            done.clear();
            dirs.popTo(0);
        }
        List<String> t = split(target);
        for (int i = t.size() - 1; i >= 0; i--) {
            todo.addFirst(t.get(i));
        }
    }

    private static boolean enter(DirStack dirs, String part) {
        try {
            dirs.push(part);
            return true;
        } catch (SyscallException e) {
            if (e.is(Errno.ENOENT) || e.is(Errno.ENOTDIR) || e.is(Errno.ELOOP)) {
                return false;
            }
            throw e;
        }
    }

    private static Resolved answer(DirStack dirs, List<String> done) {
        String path = "/" + String.join("/", done);
        if (done.isEmpty()) {
            return new Resolved(path, dup(dirs.at(0)), "");
        }
        if (dirs.depth() < done.size() - 1) {
            return new Resolved(path, null, done.get(done.size() - 1)); // a parent does not exist
        }
        return new Resolved(path, dup(dirs.at(done.size() - 1)), done.get(done.size() - 1));
    }

    private static Fd dup(Fd dir) {
        return Fs.openat(dir, ".", Fs.O_PATH | Fs.O_DIRECTORY, 0);
    }

    static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty() && !p.equals(".")) {
                out.add(p);
            }
        }
        return out;
    }
}
