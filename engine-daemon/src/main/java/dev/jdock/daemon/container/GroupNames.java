package dev.jdock.daemon.container;

import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code --group-add}: numbers as they are, names looked up in the container's {@code /etc/group} (the topmost layer
 * that has the file: the container's upper directory, then the image layers), as moby does before it starts the
 * container (the file is read in the daemon, never through a symlink out of the layer).
 */
final class GroupNames {
    private GroupNames() {
    }

    static List<Integer> resolve(List<String> groups, ImageSource.Rootfs fs) {
        List<Integer> out = new ArrayList<>();
        String groupFile = null;
        for (String g : groups) {
            Optional<Integer> n = number(g);
            if (n.isPresent()) {
                out.add(n.get());
                continue;
            }
            if (groupFile == null) {
                groupFile = read(fs);
            }
            out.add(lookup(groupFile, g).orElseThrow(() -> EngineException.invalid(
                    "Unable to find group " + g + ": no matching entries in group file")));
        }
        return out;
    }

    static Optional<Integer> lookup(String groupFile, String name) {
        for (String line : groupFile.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length >= 3 && f[0].equals(name)) {
                return number(f[2]);
            }
        }
        return Optional.empty();
    }

    private static Optional<Integer> number(String s) {
        try {
            int v = Integer.parseInt(s.trim());
            return v >= 0 ? Optional.of(v) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String read(ImageSource.Rootfs fs) {
        List<Path> layers = new ArrayList<>();
        if (fs.upper() != null) {
            layers.add(fs.upper());
        }
        layers.addAll(fs.lowerTopFirst());
        for (Path layer : layers) {
            Path f = layer.resolve("etc/group");
            if (Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try {
                    return new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "";
                }
            }
        }
        return "";
    }
}
