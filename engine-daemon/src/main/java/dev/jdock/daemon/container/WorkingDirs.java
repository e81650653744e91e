package dev.jdock.daemon.container;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.layer.LayeredLookup;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * moby's SetupWorkingDirectory at create: a WorkingDir that the image has as something other than a directory is
 * refused then, 500 {@code Cannot mkdir: X is not a directory}, and no container is made. Looked up in the merged
 * view of the container's layers, symlinks followed inside it ({@link LayeredLookup}); a missing one is made by the
 * init at start.
 */
final class WorkingDirs {
    private WorkingDirs() {
    }

    static void check(ImageSource.Rootfs fs, String workdir) {
        if (fs == null || workdir == null || workdir.isEmpty() || workdir.equals("/")) {
            return;
        }
        List<Path> layers = new ArrayList<>();
        if (fs.upper() != null) {
            layers.add(fs.upper());
        }
        layers.addAll(fs.lowerTopFirst());
        Optional<Fd> found = LayeredLookup.open(layers, workdir);
        if (found.isEmpty()) {
            return;
        }
        try (Fd fd = found.get()) {
            if (!Fs.stat(fd).isDirectory()) {
                throw EngineException.system("Cannot mkdir: " + workdir + " is not a directory", null);
            }
        }
    }
}
