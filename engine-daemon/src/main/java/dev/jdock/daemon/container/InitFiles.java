package dev.jdock.daemon.container;

import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.FileStat;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.syscall.SyscallException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * What moby's init layer adds to a container's root where its image has nothing there: {@code /.dockerenv}, an
 * empty file, 0755. Written at create into the new container's upper directory (empty then: nothing in it can
 * redirect the write); like an empty mount target it is neither a change nor part of a commit
 * ({@code archive.MountTargets}), and an export has it, as dockerd's. Its {@code /etc/mtab} link is left out: in the
 * upper directory it would count in SizeRw (12 bytes), which moby's separate init layer does not.
 */
final class InitFiles {
    private InitFiles() {
    }

    static void write(ImageSource.Rootfs fs) {
        if (fs == null || fs.upper() == null || !Files.isDirectory(fs.upper(), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            if (absent(fs.lowerTopFirst(), ".dockerenv")) {
                Path env = Files.createFile(fs.upper().resolve(".dockerenv"));
                Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the container's init files", e);
        }
    }

    /**
     * Whether no image layer shows {@code name} at its root (looked at without following links; a whiteout hides the
     * lower layers).
     */
    static boolean absent(List<Path> lowersTopFirst, String name) {
        for (Path layer : lowersTopFirst) {
            Fd root;
            try {
                root = Fs.open(layer, Fs.O_PATH | Fs.O_DIRECTORY);
            } catch (SyscallException e) {
                return false; // a layer not there to look at: nothing is added
            }
            try (root) {
                Optional<FileStat> st = Fs.statIfExists(root, name);
                if (st.isPresent()) {
                    return st.get().isWhiteout();
                }
            }
        }
        return true;
    }
}
