package dev.jdock.daemon.volume;

import dev.jdock.daemon.layer.EntryFiles;
import dev.jdock.runtime.fs.DirStack;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.FileStat;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.fs.TreeWalker;
import dev.jdock.runtime.syscall.Errno;
import dev.jdock.runtime.syscall.SyscallException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Docker's copy of image content into a new, empty volume: the files at the mount's destination in the container's
 * merged root fs, computed on the host from the overlay's layer directories (top first: the container's upper, then
 * the image's lower ones) with overlay whiteouts and opaque directories honoured. Ownership, modes and modification
 * times are kept; device nodes, fifos and sockets are skipped. Through descriptors only (the layers are an image's,
 * hostile): each layer's directory chain is a {@link DirStack} beside the volume's, nothing is followed, file
 * contents are read from the inode checked to be a regular file; any depth, iteratively.
 */
final class ImageContent {
    /** How overlay marks deletions: a 0:0 char device (whiteout) and trusted.overlay.opaque=y on directories. */
    interface Overlay {
        boolean isWhiteout(FileStat st);

        boolean isOpaque(Fd dir);
    }

    private final Overlay overlay;

    ImageContent(Overlay overlay) {
        this.overlay = overlay;
    }

    /** A directory being copied: the layers showing it (indices, top first), its names left, its own lstat. */
    private record Frame(int[] layers, Deque<String> names, FileStat stat) {
    }

    /**
     * Copies the merged directory at {@code containerPath} into {@code dest} (which exists). Returns false when the
     * path is not a directory in the merged view (then nothing is copied).
     */
    boolean copy(List<Path> layersTopFirst, String containerPath, Path dest) {
        List<DirStack> layers = new ArrayList<>();
        List<Fd> roots = new ArrayList<>();
        try (Fd out = Fs.open(dest, Fs.DIR); DirStack volume = new DirStack(out)) {
            for (Path l : layersTopFirst) {
                Fd root = Fs.open(l, Fs.O_PATH | Fs.O_DIRECTORY);
                roots.add(root);
                layers.add(new DirStack(root));
            }
            int[] visible = new int[layers.size()];
            for (int i = 0; i < visible.length; i++) {
                visible[i] = i;
            }
            // a relative path is the root's (moby joins a volume's destination to the root: Config.Volumes "rel")
            for (Path part : Path.of("/").relativize(Path.of("/").resolve(containerPath).normalize())) {
                if (!part.toString().isEmpty()) {
                    visible = enter(layers, visible, 0, part.toString());
                    if (visible.length == 0) {
                        return false;
                    }
                }
            }
            FileStat top = Fs.stat(layers.get(visible[0]).top());
            ownerAndMode(out, top);
            copyTree(layers, visible, volume);
            ownerAndMode(out, top);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("copying image content at " + containerPath, e);
        } finally {
            layers.forEach(DirStack::close);
            roots.forEach(Fd::close);
        }
    }

    /**
     * Directory {@code name} in layers {@code visible[from..]} (whose tops are its parent): pushed on each layer
     * that has it as a directory, down to an opaque one or a non-directory. Returns those layers.
     */
    private int[] enter(List<DirStack> layers, int[] visible, int from, String name) {
        List<Integer> out = new ArrayList<>();
        for (int k = from; k < visible.length; k++) {
            DirStack layer = layers.get(visible[k]);
            Optional<FileStat> st = Fs.statIfExists(layer.top(), name);
            if (st.isEmpty()) {
                continue;
            }
            if (!st.get().isDirectory() || !push(layer, name)) {
                break; // a whiteout or a file hides the lower layers
            }
            out.add(visible[k]);
            if (overlay.isOpaque(layer.top())) {
                break;
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean push(DirStack layer, String name) {
        try {
            layer.push(name);
            return true;
        } catch (SyscallException e) {
            return false;
        }
    }

    private void copyTree(List<DirStack> layers, int[] visible, DirStack volume) throws IOException {
        Deque<Frame> frames = new ArrayDeque<>();
        frames.push(new Frame(visible, names(layers, visible), null));
        while (!frames.isEmpty()) {
            Frame f = frames.peek();
            if (f.names().isEmpty()) {
                frames.pop();
                if (f.stat() != null) {
                    ownerAndMode(volume.top(), f.stat());
                    volume.pop();
                    for (int i : f.layers()) {
                        layers.get(i).pop();
                    }
                }
                continue;
            }
            String name = f.names().poll();
            int k = topmost(layers, f.layers(), name);
            if (k < 0) {
                continue;
            }
            FileStat st = Fs.stat(layers.get(f.layers()[k]).top(), name);
            Fd src = layers.get(f.layers()[k]).top();
            if (st.isDirectory()) {
                mkdir(volume.top(), name);
                volume.push(name);
                int[] below = enter(layers, f.layers(), k, name);
                frames.push(new Frame(below, names(layers, below), st));
            } else if (st.isSymlink()) {
                Fs.symlinkat(Fs.readlinkat(src, name), volume.top(), name);
                try (Fd link = Fs.openat(volume.top(), name, Fs.O_PATH | Fs.O_NOFOLLOW, 0)) {
                    owner(link, st);
                }
            } else if (st.isRegular()) {
                copyFile(src, name, volume.top());
            }
        }
    }

    /** The index into {@code visible} of the topmost layer that has {@code name}; -1 if none or a whiteout. */
    private int topmost(List<DirStack> layers, int[] visible, String name) {
        for (int k = 0; k < visible.length; k++) {
            Optional<FileStat> st = Fs.statIfExists(layers.get(visible[k]).top(), name);
            if (st.isPresent()) {
                return overlay.isWhiteout(st.get()) ? -1 : k;
            }
        }
        return -1;
    }

    /**
     * The names of a merged directory: every name of every layer showing it, sorted; an image's directory of more
     * than {@link TreeWalker#MAX_NAMES} names is refused ({@link TreeWalker.TooManyEntries}) rather than held.
     */
    private static Deque<String> names(List<DirStack> layers, int[] visible) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        for (int i : visible) {
            try (Fd dir = Fs.openat(layers.get(i).top(), ".", Fs.O_RDONLY | Fs.O_DIRECTORY, 0)) {
                names.addAll(TreeWalker.sortedNames(dir));
            }
            if (names.size() > TreeWalker.MAX_NAMES) {
                throw new TreeWalker.TooManyEntries(TreeWalker.MAX_NAMES);
            }
        }
        return new ArrayDeque<>(names);
    }

    private static void mkdir(Fd dir, String name) {
        try {
            Fs.mkdirat(dir, name, 0700);
        } catch (SyscallException e) {
            if (!e.is(Errno.EEXIST)) {
                throw e;
            }
        }
    }

    /** Copies a regular file, read from the inode checked to be one. */
    private void copyFile(Fd srcDir, String name, Fd destDir) throws IOException {
        try (Fd src = Fs.openat(srcDir, name, Fs.O_PATH | Fs.O_NOFOLLOW, 0)) {
            FileStat st = Fs.stat(src);
            if (!st.isRegular()) {
                return;
            }
            try (Fd dst = EntryFiles.regular(destDir, name)) {
                try (FileChannel in = Fs.channel(src, StandardOpenOption.READ);
                        FileChannel out = Fs.channel(dst, StandardOpenOption.WRITE)) {
                    long done = 0;
                    while (done < st.size()) {
                        long n = in.transferTo(done, st.size() - done, out);
                        if (n <= 0) {
                            break; // shrank meanwhile
                        }
                        done += n;
                    }
                }
                ownerAndMode(dst, st);
            }
        }
    }

    private static void owner(Fd fd, FileStat want) {
        FileStat have = Fs.stat(fd);
        if (have.uid() != want.uid() || have.gid() != want.gid()) {
            Fs.chown(fd, want.uid(), want.gid());
        }
    }

    private static void ownerAndMode(Fd fd, FileStat want) {
        owner(fd, want);
        Fs.chmod(fd, want.permissions());
        Fs.utimes(fd, want.atimeNanos(), want.mtimeNanos());
    }

    /** The real overlay markers: the lstat for whiteouts, fgetxattr for opaque directories. */
    static Overlay host() {
        return new Overlay() {
            @Override
            public boolean isWhiteout(FileStat st) {
                return st.isWhiteout();
            }

            @Override
            public boolean isOpaque(Fd dir) {
                try (Fd d = Fs.openat(dir, ".", Fs.O_RDONLY | Fs.O_DIRECTORY, 0)) {
                    return Fs.getxattr(d, "trusted.overlay.opaque")
                            .map(v -> v.length > 0 && v[0] == 'y').orElse(false);
                } catch (RuntimeException e) {
                    return false;
                }
            }
        };
    }
}
