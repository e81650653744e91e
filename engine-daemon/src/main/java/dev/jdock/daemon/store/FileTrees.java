package dev.jdock.daemon.store;

import dev.jdock.runtime.fs.TreeRemover;
import dev.jdock.runtime.syscall.SyscallException;
import java.io.IOException;
import java.nio.file.Path;

/** Directory-tree helpers that never follow symlinks (layer and container trees contain links to anywhere). */
public final class FileTrees {
    private FileTrees() {
    }

    /**
     * Deletes {@code root} and everything below it through descriptors ({@link TreeRemover}): symlinks are removed,
     * never followed; any depth (no PATH_MAX, no recursion). Absent is fine. {@code root}'s own parent directories
     * must be daemon-owned (they are resolved by the kernel).
     */
    public static void deleteRecursively(Path root) throws IOException {
        try {
            TreeRemover.remove(root);
        } catch (SyscallException e) {
            throw new IOException("removing " + root + ": " + e.getMessage(), e);
        }
    }
}
