package dev.jdock.daemon.container;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.layer.BoundedLines;
import dev.jdock.daemon.layer.LayeredLookup;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code --group-add}: numbers as they are, names looked up in the container's {@code /etc/group}, as moby does
 * before it starts the container: the file is found in the merged view of the container's layers
 * ({@link LayeredLookup}: symlinks such as {@code etc -> /etc} are followed inside the container, never to the
 * host's files) and read line by line up to the name, bounded ({@link BoundedLines}).
 */
final class GroupNames {
    private GroupNames() {
    }

    static List<Integer> resolve(List<String> groups, ImageSource.Rootfs fs) {
        List<Integer> out = new ArrayList<>();
        for (String g : groups) {
            Optional<Integer> n = number(g);
            // moby looks it up making the spec at start: any error there is a System one (500)
            out.add(n.orElseGet(() -> lookup(fs, g).orElseThrow(() -> EngineException.system(
                    "Unable to find group " + g + ": no matching entries in group file", null))));
        }
        return out;
    }

    static Optional<Integer> lookup(ImageSource.Rootfs fs, String name) {
        List<Path> layers = new ArrayList<>();
        if (fs.upper() != null) {
            layers.add(fs.upper());
        }
        layers.addAll(fs.lowerTopFirst());
        Optional<Fd> file = LayeredLookup.open(layers, "/etc/group");
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try (Fd fd = file.get()) {
            if (!Fs.stat(fd).isRegular()) {
                return Optional.empty();
            }
            return BoundedLines.find(fd, "/etc/group", f -> f.length >= 3 && f[0].equals(name))
                    .flatMap(f -> number(f[2]));
        }
    }

    private static Optional<Integer> number(String s) {
        try {
            int v = Integer.parseInt(s.trim());
            return v >= 0 ? Optional.of(v) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
