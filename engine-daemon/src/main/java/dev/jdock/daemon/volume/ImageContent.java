package dev.jdock.daemon.volume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Docker's copy of image content into a new, empty volume: the files at the mount's destination in the container's
 * merged root fs, computed on the host from the overlay's layer directories (top first: the container's upper, then
 * the image's lower ones) with overlay whiteouts and opaque directories honoured. Ownership, modes and modification
 * times are kept; device nodes, fifos and sockets are skipped.
 */
final class ImageContent {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    /** How overlay marks deletions: a 0:0 char device (whiteout) and trusted.overlay.opaque=y on directories. */
    interface Overlay {
        boolean isWhiteout(Path p);

        boolean isOpaque(Path dir);
    }

    /** lchown(2), so that symlinks keep their owner too. */
    interface Chown {
        void lchown(Path p, int uid, int gid);
    }

    private final Overlay overlay;
    private final Chown chown;

    ImageContent(Overlay overlay, Chown chown) {
        this.overlay = overlay;
        this.chown = chown;
    }

    /**
     * Copies the merged directory at {@code containerPath} into {@code dest} (which exists). Returns false when the
     * path is not a directory in the merged view (then nothing is copied).
     */
    boolean copy(List<Path> layersTopFirst, String containerPath, Path dest) {
        List<Path> dirs = new ArrayList<>(layersTopFirst);
        for (Path part : Path.of("/").relativize(Path.of(containerPath).normalize())) {
            if (part.toString().isEmpty()) {
                continue;
            }
            dirs = childLayers(dirs, part.toString());
            if (dirs.isEmpty()) {
                return false;
            }
        }
        try {
            copyOwnerAndMode(dirs.get(0), dest);
            copyDir(dirs, dest);
            copyOwnerAndMode(dirs.get(0), dest);
        } catch (IOException e) {
            throw new UncheckedIOException("copying image content at " + containerPath, e);
        }
        return true;
    }

    /** The layers in which {@code name} is a visible directory below the given directory layers, top first. */
    private List<Path> childLayers(List<Path> parentDirs, String name) {
        List<Path> out = new ArrayList<>();
        for (Path parent : parentDirs) {
            Path p = parent.resolve(name);
            if (!Files.exists(p, NOFOLLOW)) {
                continue;
            }
            if (!Files.isDirectory(p, NOFOLLOW)) {
                break; // a whiteout or a file hides the lower layers
            }
            out.add(p);
            if (overlay.isOpaque(p)) {
                break;
            }
        }
        return out;
    }

    private void copyDir(List<Path> dirs, Path dest) throws IOException {
        Map<String, Path> entries = new TreeMap<>();
        for (Path d : dirs) {
            try (Stream<Path> s = Files.list(d)) {
                s.forEach(p -> entries.putIfAbsent(p.getFileName().toString(), p));
            }
        }
        for (Map.Entry<String, Path> e : entries.entrySet()) {
            Path src = e.getValue();
            if (overlay.isWhiteout(src)) {
                continue;
            }
            Path target = dest.resolve(e.getKey());
            if (Files.isDirectory(src, NOFOLLOW)) {
                Files.createDirectories(target);
                List<Path> below = childLayers(dirs.subList(dirs.indexOf(src.getParent()), dirs.size()), e.getKey());
                copyDir(below, target);
                copyOwnerAndMode(src, target);
            } else if (Files.isSymbolicLink(src)) {
                Files.createSymbolicLink(target, Files.readSymbolicLink(src));
                copyOwner(src, target);
            } else if (Files.isRegularFile(src, NOFOLLOW)) {
                Files.copy(src, target, StandardCopyOption.COPY_ATTRIBUTES, NOFOLLOW);
                copyOwnerAndMode(src, target);
            }
        }
    }

    private void copyOwner(Path src, Path target) throws IOException {
        int uid = (Integer) Files.getAttribute(src, "unix:uid", NOFOLLOW);
        int gid = (Integer) Files.getAttribute(src, "unix:gid", NOFOLLOW);
        int tuid = (Integer) Files.getAttribute(target, "unix:uid", NOFOLLOW);
        int tgid = (Integer) Files.getAttribute(target, "unix:gid", NOFOLLOW);
        if (uid != tuid || gid != tgid) {
            chown.lchown(target, uid, gid);
        }
    }

    private void copyOwnerAndMode(Path src, Path target) throws IOException {
        copyOwner(src, target);
        int mode = (Integer) Files.getAttribute(src, "unix:mode", NOFOLLOW);
        Files.setAttribute(target, "unix:mode", mode & 07777);
        FileTime mtime = Files.getLastModifiedTime(src, NOFOLLOW);
        Files.setLastModifiedTime(target, mtime);
    }

    /** The real overlay markers, read with stat and lgetxattr. */
    static Overlay host(dev.jdock.runtime.syscall.Syscalls sys) {
        return new Overlay() {
            @Override
            public boolean isWhiteout(Path p) {
                try {
                    int mode = (Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW);
                    long rdev = (Long) Files.getAttribute(p, "unix:rdev", NOFOLLOW);
                    return (mode & 0170000) == 0020000 && rdev == 0;
                } catch (IOException e) {
                    return false;
                }
            }

            @Override
            public boolean isOpaque(Path dir) {
                try {
                    return sys.lgetxattr(dir, "trusted.overlay.opaque")
                            .map(v -> v.length > 0 && v[0] == 'y').orElse(false);
                } catch (RuntimeException e) {
                    return false;
                }
            }
        };
    }
}
