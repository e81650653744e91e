package dev.jdock.daemon.archive;

import dev.jdock.api.types.container.FilesystemChange;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.snapshot.OverlayProbe;
import dev.jdock.runtime.fs.DirStack;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.FileStat;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.fs.TreeWalker;
import dev.jdock.runtime.syscall.SyscallException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /containers/{id}/changes}: walks the container's upper directory (in path order) and classifies each
 * entry against the lower layers, as Docker's overlay driver does: a whiteout is a deletion, an entry the lowers
 * lack is an addition, anything else a change; an opaque directory that replaced a lower one is a deletion of
 * the old directory followed by its new contents. A directory equal to its lower copy (size, mode, mtime) is left
 * out unless something directly inside it was added or deleted, in which case it is reported as changed.
 *
 * <p>Through descriptors only (a running container may swap files during the walk): the upper directory with a
 * {@link TreeWalker}, and beside it, per lower layer, the same directory chain as long as that layer shows it
 * ({@link DirStack}), so each entry is looked up once per visible layer: linear in the tree, any depth.
 */
public final class ChangesCalculator {
    public static final int MODIFIED = FilesystemChange.MODIFIED;
    public static final int ADDED = FilesystemChange.ADDED;
    public static final int DELETED = FilesystemChange.DELETED;
    /** Bytes of paths in one answer before it is refused (the answer is one JSON document). */
    static final long MAX_PATH_BYTES = 16L << 20;

    private final OverlayProbe probe;

    public ChangesCalculator(OverlayProbe probe) {
        this.probe = probe;
    }

    public List<FilesystemChange> changes(Path upper, List<Path> lowersTopFirst) {
        List<Fd> opened = new ArrayList<>();
        try (Fd up = Fs.open(upper, Fs.O_PATH | Fs.O_DIRECTORY)) {
            for (Path l : lowersTopFirst) {
                opened.add(Fs.open(l, Fs.O_PATH | Fs.O_DIRECTORY));
            }
            Walk walk = new Walk(opened);
            try {
                TreeWalker.walkContents(up, walk);
            } finally {
                walk.close();
            }
            return walk.out;
        } catch (TreeWalker.TooManyEntries e) {
            throw EngineException.system("listing the changes: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            opened.forEach(Fd::close);
        }
    }

    /** The walk's state: the lower layers' directory chains beside the upper one. */
    private final class Walk implements TreeWalker.Visitor, AutoCloseable {
        final List<FilesystemChange> out = new ArrayList<>();
        final List<DirStack> lowers = new ArrayList<>();
        /** Per depth: the lower layers (indices, top first) in which the current directory is visible. */
        final List<int[]> visible = new ArrayList<>();
        /** Per depth: whether the current directory was already reported. */
        final List<Boolean> reported = new ArrayList<>();
        final StringBuilder rel = new StringBuilder();
        final List<Integer> marks = new ArrayList<>();
        String pendingName;
        boolean pendingReported;
        long pathBytes;

        Walk(List<Fd> layers) {
            int[] all = new int[layers.size()];
            for (int i = 0; i < all.length; i++) {
                lowers.add(new DirStack(layers.get(i)));
                all[i] = i;
            }
            visible.add(all);
            reported.add(true); // the root itself is never reported
        }

        @Override
        public boolean entry(DirStack upper, String name, FileStat st) {
            String path = rel + "/" + name;
            FileStat lower = lowerEntry(name);
            boolean dir = st.isDirectory();
            pendingName = name;
            pendingReported = false;
            if (MountTargets.isMountTarget(path, upper.top(), name, st) && lower == null) {
                return dir;
            }
            int kind;
            if (probe.isWhiteout(st) || (dir && lower != null && isOpaque(upper.top(), name))) {
                kind = DELETED;
            } else if (lower == null) {
                kind = ADDED;
            } else if (dir && lower.isDirectory() && sameDir(st, lower)) {
                return true; // only a parent of changes: reported below if something was added or deleted in it
            } else {
                kind = MODIFIED;
            }
            pendingReported = dir;
            int depth = reported.size() - 1;
            if (kind != MODIFIED && !reported.get(depth)) {
                add(new FilesystemChange(rel.toString(), MODIFIED));
                reported.set(depth, true);
            }
            add(new FilesystemChange(path, kind));
            return dir;
        }

        private void add(FilesystemChange c) {
            pathBytes += c.path().length();
            if (pathBytes > MAX_PATH_BYTES) {
                throw EngineException.system("the container's changes exceed " + (MAX_PATH_BYTES >> 20)
                        + " MiB of paths", null);
            }
            out.add(c);
        }

        private boolean isOpaque(Fd parent, String name) {
            try (Fd d = Fs.openat(parent, name, Fs.DIR, 0)) {
                return probe.isOpaque(d);
            } catch (SyscallException e) {
                return false;
            }
        }

        /** What the lower layers show at {@code name} of the current directory (top layer wins), or null. */
        private FileStat lowerEntry(String name) {
            for (int i : visible.get(visible.size() - 1)) {
                FileStat st = Fs.statIfExists(lowers.get(i).top(), name).orElse(null);
                if (st == null) {
                    continue;
                }
                return probe.isWhiteout(st) ? null : st;
            }
            return null;
        }

        @Override
        public void enter(DirStack upper) {
            marks.add(rel.length());
            rel.append('/').append(pendingName);
            reported.add(pendingReported);
            List<Integer> below = new ArrayList<>();
            for (int i : visible.get(visible.size() - 1)) {
                DirStack layer = lowers.get(i);
                FileStat st = Fs.statIfExists(layer.top(), pendingName).orElse(null);
                if (st == null) {
                    continue;
                }
                if (!st.isDirectory() || !push(layer, pendingName)) {
                    break; // a whiteout or a file hides whatever the lower layers have below this name
                }
                below.add(i);
                if (probe.isOpaque(layer.top())) {
                    break;
                }
            }
            visible.add(below.stream().mapToInt(Integer::intValue).toArray());
        }

        private boolean push(DirStack layer, String name) {
            try {
                layer.push(name);
                return true;
            } catch (SyscallException e) {
                return false;
            }
        }

        @Override
        public void leave(DirStack upper) {
            for (int i : visible.remove(visible.size() - 1)) {
                lowers.get(i).pop();
            }
            reported.remove(reported.size() - 1);
            rel.setLength(marks.remove(marks.size() - 1));
        }

        @Override
        public void close() {
            lowers.forEach(DirStack::close);
        }
    }

    private static boolean sameDir(FileStat a, FileStat b) {
        return a.mode() == b.mode() && a.size() == b.size() && sameTime(a.mtimeNanos(), b.mtimeNanos());
    }

    /** Docker's sameFsTime: equal, or equal seconds when one side lacks nanoseconds. */
    private static boolean sameTime(long a, long b) {
        long sa = Math.floorDiv(a, 1_000_000_000L);
        long sb = Math.floorDiv(b, 1_000_000_000L);
        return a == b || (sa == sb && (Math.floorMod(a, 1_000_000_000L) == 0 || Math.floorMod(b, 1_000_000_000L) == 0));
    }
}
