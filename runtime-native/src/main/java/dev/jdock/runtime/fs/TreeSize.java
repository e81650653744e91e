package dev.jdock.runtime.fs;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * The disk usage of a tree as moby counts it for a layer, a container's writable layer and a volume (its
 * {@code pkg/directory.Size}): the sizes of everything but directories, symlinks by the length of their target,
 * a file with several names once. Walked through descriptors ({@link TreeWalker#walkUnordered}: no symlink followed,
 * a changing tree tolerated, a batch of names held per level), so a container can neither point the walk outside its
 * tree nor make it hold a huge directory's names.
 *
 * @param bytes   the sum of the sizes
 * @param entries the entries below the root, plus one for the root (its inodes)
 */
public record TreeSize(long bytes, long entries) {
    /** The usage of everything below {@code dir} (opened with {@link Fs#DIR} or O_PATH of a directory). */
    public static TreeSize of(Fd dir) throws IOException {
        long[] sum = {0, 1};
        Set<Long> linked = new HashSet<>(); // inodes of several names already counted (one file system)
        TreeWalker.walkUnordered(dir, (stack, name, st) -> {
            sum[1]++;
            if (!st.isDirectory() && st.size() > 0 && (st.nlink() < 2 || linked.add(st.ino()))) {
                sum[0] += st.size();
            }
            return true;
        });
        return new TreeSize(sum[0], sum[1]);
    }
}
