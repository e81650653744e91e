package dev.jdock.daemon.cri.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether an image volume's {@code image_sub_path} is in the image, read from the image's layer directories as
 * overlayfs would merge them (top layer first): for CreateContainer to refuse a sub path that the start could never
 * mount, as containerd does at create. Only a certain absence answers {@link Lookup#MISSING}; what this cannot tell
 * without resolving a link ({@link Lookup#UNKNOWN}) is left to the start, which resolves the path beneath the
 * mounted image. Nothing is followed: each component is looked at with {@code lstat}, and a layer is looked into
 * below a component only while that component is a real directory there, so no link in a layer leads the lookup
 * out of the layer. An opaque directory's marker (a {@code trusted.*} attribute, which Java cannot read) is not
 * seen: a name only a layer below it has counts as present, so the create passes and the start decides, as before.
 */
final class ImageSubPaths {
    enum Lookup { FOUND, MISSING, UNKNOWN }

    private ImageSubPaths() {
    }

    /** @param layers the layer directories, top first; @param subPath relative, without {@code ..} (checked before) */
    static Lookup lookup(List<Path> layers, String subPath) {
        List<Path> visible = new ArrayList<>(layers);
        String prefix = "";
        String[] parts = subPath.split("/");
        int last = lastComponent(parts);
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isEmpty() || parts[i].equals(".")) {
                continue;
            }
            prefix = prefix.isEmpty() ? parts[i] : prefix + "/" + parts[i];
            List<Path> below = new ArrayList<>();
            Kind decided = null;
            for (Path layer : visible) {
                Kind k = kind(layer.resolve(prefix));
                if (k == Kind.ABSENT) {
                    continue;
                }
                if (decided == null) {
                    if (k == Kind.WHITEOUT) {
                        return Lookup.MISSING; // deleted by this layer: hidden in every layer below
                    }
                    if (k == Kind.LINK || k == Kind.UNREADABLE) {
                        return Lookup.UNKNOWN;
                    }
                    decided = k;
                    if (k != Kind.DIRECTORY) {
                        break;
                    }
                }
                if (k == Kind.DIRECTORY) {
                    below.add(layer); // a directory merges with the lower layers' directories of that name
                } else {
                    break; // anything else below a directory is hidden by it, and so is what is under it
                }
            }
            if (decided == null) {
                return Lookup.MISSING;
            }
            if (i == last) {
                return Lookup.FOUND;
            }
            if (decided != Kind.DIRECTORY) {
                return Lookup.MISSING; // a path through a file
            }
            visible = below;
        }
        return Lookup.FOUND; // the image's root
    }

    private static int lastComponent(String[] parts) {
        for (int i = parts.length - 1; i >= 0; i--) {
            if (!parts[i].isEmpty() && !parts[i].equals(".")) {
                return i;
            }
        }
        return -1;
    }

    private enum Kind { ABSENT, WHITEOUT, LINK, DIRECTORY, OTHER, UNREADABLE }

    /** What {@code p} is, not following a link; an overlay whiteout is a character device 0/0. */
    private static Kind kind(Path p) {
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
            int type = (Integer) a.get("mode") & 0170000;
            return switch (type) {
                case 0040000 -> Kind.DIRECTORY;
                case 0120000 -> Kind.LINK;
                case 0020000 -> ((Long) a.get("rdev")) == 0 ? Kind.WHITEOUT : Kind.OTHER;
                default -> Kind.OTHER;
            };
        } catch (NoSuchFileException e) {
            return Kind.ABSENT;
        } catch (IOException e) {
            return Kind.UNREADABLE; // not a certain absence: the start decides
        }
    }
}
