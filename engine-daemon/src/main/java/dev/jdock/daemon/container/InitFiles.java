package dev.jdock.daemon.container;

import dev.jdock.daemon.snapshot.OverlayProbe;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.FileStat;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.syscall.SyscallException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * moby's init layer (initlayer.Setup): a container's own layer between its image and its upper directory, made at
 * create in the snapshot's init directory ({@link ImageSource.Rootfs#init()}), that holds what the runtime mounts
 * over or that Docker adds: empty {@code /.dockerenv}, {@code /etc/resolv.conf}, {@code /etc/hosts},
 * {@code /etc/hostname} and {@code /dev/console} files (mode 0755, as moby's {@code O_CREATE, 0755}), the
 * {@code /etc/mtab -> /proc/mounts} link, and the {@code /dev/pts}, {@code /dev/shm}, {@code /proc} and {@code /sys}
 * directories where the image has none. moby unlinks the image's own file first, so the init's empty one shows
 * (an export lists it, 0 bytes); only a directory of the image is kept. Being below the upper directory, none of it
 * is a change, part of a commit or counted in SizeRw, and the runtime's mount targets exist already: mounting them
 * adds nothing to the upper directory (no {@code etc/} in a commit of an unchanged container, as dockerd's).
 *
 * <p>The image's layers are read through descriptors without following links (they are the image's files); the
 * init directory is new and the daemon's, with no process in the container yet.
 */
final class InitFiles {
    /** moby's {@code MkdirAllAndChownNew(..., 0755, root)} and {@code OpenFile(..., O_CREATE, 0755)}. */
    static final int MODE = 0755;
    private static final List<String> DIRS = List.of("dev/pts", "dev/shm", "proc", "sys");
    private static final List<String> FILES = List.of(".dockerenv", "etc/resolv.conf", "etc/hosts", "etc/hostname",
            "dev/console");
    private static final String MTAB = "etc/mtab";
    private static final String MTAB_TARGET = "/proc/mounts";

    private InitFiles() {
    }

    static void write(ImageSource.Rootfs fs) {
        if (fs == null || fs.init() == null) {
            return;
        }
        try (Image image = Image.open(fs.lowerTopFirst())) {
            try {
                Files.createDirectory(fs.init());
            } catch (IOException e) {
                throw new UncheckedIOException("making the container's init layer", e);
            }
            try (Fd init = Fs.open(fs.init(), Fs.DIR)) {
                Fs.chmod(init, MODE);
                for (String d : DIRS) {
                    if (!image.isDirectory(d)) {
                        Fs.mkdirat(parent(init, image, d), name(d), MODE);
                    }
                }
                for (String f : FILES) {
                    if (!image.isDirectory(f)) {
                        Fd dir = parent(init, image, f);
                        try (Fd file = Fs.openat(dir, name(f), Fs.O_WRONLY | Fs.O_CREAT | Fs.O_EXCL | Fs.O_NOFOLLOW,
                                MODE)) {
                            Fs.chmod(file, MODE); // whatever the daemon's umask
                        }
                    }
                }
                if (!image.isDirectory(MTAB)) {
                    Fs.symlinkat(MTAB_TARGET, parent(init, image, MTAB), name(MTAB));
                }
            } finally {
                image.closeParents();
            }
        }
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * The init directory's directory of {@code path} (the init itself, or one below it, made when first needed):
     * with the mode and owner of the image's directory there, which overlay shows for the merged one (moby's is the
     * image's directory copied up), else 0755 and root's.
     */
    private static Fd parent(Fd init, Image image, String path) {
        int slash = path.indexOf('/');
        if (slash < 0) {
            return init;
        }
        String dir = path.substring(0, slash);
        Fd made = image.madeParents.get(dir);
        if (made != null) {
            return made;
        }
        FileStat st = image.lstat(null, dir).filter(FileStat::isDirectory).orElse(null);
        Fs.mkdirat(init, dir, 0700);
        Fd fd = Fs.openat(init, dir, Fs.DIR, 0);
        image.madeParents.put(dir, fd);
        Fs.chown(fd, st == null ? 0 : st.uid(), st == null ? 0 : st.gid());
        Fs.chmod(fd, st == null ? MODE : st.permissions());
        return fd;
    }

    /** The image's layers (top first) as the container's overlay merges them, looked at without following links. */
    static final class Image implements AutoCloseable {
        private final OverlayProbe probe = OverlayProbe.kernel();
        private final List<Fd> roots;
        /** Per first-level directory name: its layers' directories, merged down to an opaque one or a non-directory. */
        private final Map<String, List<Fd>> merged = new HashMap<>();
        private final List<Fd> owned = new ArrayList<>();
        final Map<String, Fd> madeParents = new HashMap<>();

        private Image(List<Fd> roots) {
            this.roots = roots;
            owned.addAll(roots);
        }

        static Image open(List<Path> lowersTopFirst) {
            List<Fd> roots = new ArrayList<>();
            try {
                for (Path layer : lowersTopFirst) {
                    roots.add(Fs.open(layer, Fs.O_PATH | Fs.O_DIRECTORY));
                }
            } catch (RuntimeException e) {
                roots.forEach(Fd::close);
                throw e;
            }
            return new Image(roots);
        }

        /** Whether the image shows a directory (itself, not a link to one) at {@code path} (one or two names). */
        boolean isDirectory(String path) {
            int slash = path.indexOf('/');
            Optional<FileStat> st = slash < 0 ? lstat(null, path) : lstat(path.substring(0, slash),
                    path.substring(slash + 1));
            return st.map(FileStat::isDirectory).orElse(false);
        }

        /** What the merged image shows at {@code name} of its root ({@code dir} null) or of directory {@code dir}. */
        Optional<FileStat> lstat(String dir, String name) {
            List<Fd> dirs = dir == null ? roots : merged.computeIfAbsent(dir, this::mergedDir);
            for (Fd d : dirs) {
                Optional<FileStat> st = Fs.statIfExists(d, name);
                if (st.isPresent()) {
                    return probe.isWhiteout(st.get()) ? Optional.empty() : st;
                }
            }
            return Optional.empty();
        }

        private List<Fd> mergedDir(String name) {
            List<Fd> out = new ArrayList<>();
            for (Fd root : roots) {
                Optional<FileStat> st = Fs.statIfExists(root, name);
                if (st.isEmpty()) {
                    continue;
                }
                if (!st.get().isDirectory()) {
                    break; // a whiteout or a file hides the lower layers' directory
                }
                Fd fd;
                try {
                    fd = Fs.openat(root, name, Fs.DIR, 0);
                } catch (SyscallException e) {
                    break;
                }
                owned.add(fd);
                out.add(fd);
                if (probe.isOpaque(fd)) {
                    break;
                }
            }
            return out;
        }

        void closeParents() {
            madeParents.values().forEach(Fd::close);
            madeParents.clear();
        }

        @Override
        public void close() {
            closeParents();
            owned.forEach(Fd::close);
        }
    }
}
