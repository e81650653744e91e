package dev.jdock.daemon.logging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A json-file log and its rotated generations, as the container monitor rotates them: {@code log} is the live
 * file (index 0), {@code log.1} the newest rotated one, {@code log.N} the oldest. Files are identified by their
 * file key (device and inode), which survives the renames.
 */
final class LogFileSet {
    private static final int MAX_GENERATIONS = 1000;

    private final Path live;

    LogFileSet(Path live) {
        this.live = live;
    }

    Path path(int index) {
        return index == 0 ? live : live.resolveSibling(live.getFileName() + "." + index);
    }

    /** The file key of {@code path}, or null when it does not exist. */
    static Object key(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Keys by index (0 = live); a null entry is a missing file, i.e. a rotation in progress (its renames leave one
     * gap at a time). Rotated generations end at two missing names in a row.
     */
    List<Object> scan() {
        List<Object> keys = new ArrayList<>();
        keys.add(key(live));
        for (int i = 1; i < MAX_GENERATIONS; i++) {
            Object k = key(path(i));
            if (k == null && key(path(i + 1)) == null) {
                break;
            }
            keys.add(k);
        }
        return keys;
    }

    /** Index of the file with {@code key} in {@code keys}, or -1. */
    static int indexOf(List<Object> keys, Object key) {
        for (int i = 0; i < keys.size(); i++) {
            if (Objects.equals(keys.get(i), key) && key != null) {
                return i;
            }
        }
        return -1;
    }

    /** True when the live file is still the one with {@code key} (the cheap check while following). */
    boolean isLive(Object key) {
        return key != null && key.equals(key(live));
    }
}
