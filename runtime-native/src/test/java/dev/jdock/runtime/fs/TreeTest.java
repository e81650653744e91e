package dev.jdock.runtime.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DirStack, TreeWalker and TreeRemover on real trees deeper than PATH_MAX. */
class TreeTest {
    static final int DEEP = 5000;

    @TempDir
    Path tmp;

    @org.junit.jupiter.api.AfterEach
    void removeDeepTrees() {
        TreeRemover.remove(tmp); // JUnit's own clean-up stops at PATH_MAX
    }

    /** Descriptors of this JVM open on something under {@code dir} (a leak of ours; the JVM's own are elsewhere). */
    static long openDescriptors(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.filter(p -> {
                try {
                    return Files.readSymbolicLink(p).startsWith(dir);
                } catch (IOException e) {
                    return false; // closed meanwhile (the listing's own descriptor)
                }
            }).count();
        }
    }

    /** {@code name/d/d/.../d} ({@code depth} directories below {@code name}), a file at the bottom. */
    static void deepTree(Path parent, String name, int depth) {
        try (Fd base = Fs.open(parent, Fs.DIR); DirStack s = new DirStack(base)) {
            Fs.mkdirat(base, name, 0755);
            s.push(name);
            for (int i = 0; i < depth; i++) {
                Fs.mkdirat(s.top(), "d", 0755);
                s.push("d");
                assertTrue(s.heldDescriptors() <= DirStack.WINDOW + 2 * (i / DirStack.WINDOW + 1),
                        "descriptors held at depth " + i + ": " + s.heldDescriptors());
            }
            Fs.openat(s.top(), "bottom", Fs.O_WRONLY | Fs.O_CREAT | Fs.O_EXCL, 0644).close();
        }
    }

    @Test
    void dirStack_reopensReleasedLevelsByName() throws IOException {
        deepTree(tmp, "t", 300);
        try (Fd base = Fs.open(tmp, Fs.DIR); DirStack s = new DirStack(base)) {
            s.push("t");
            for (int i = 0; i < 300; i++) {
                s.push("d");
            }
            assertTrue(s.heldDescriptors() < 60, "held " + s.heldDescriptors());
            FileStat at5 = Fs.stat(s.at(5));
            s.popTo(5);
            assertTrue(at5.sameInode(Fs.stat(s.top())));
            assertTrue(Fs.statIfExists(s.at(4), "d").orElseThrow().sameInode(at5));
        }
        assertEquals(0, openDescriptors(tmp), "no descriptor leaked");
    }

    @Test
    void remove_deeperThanPathMax_andWide() throws IOException {
        deepTree(tmp, "deep", DEEP);
        Path wide = Files.createDirectories(tmp.resolve("deep/wide"));
        for (int i = 0; i < 2000; i++) {
            Files.createFile(wide.resolve("f" + i));
        }
        Files.createDirectories(tmp.resolve("deep/sub/inner"));
        TreeRemover.remove(tmp.resolve("deep"));
        assertFalse(Files.exists(tmp.resolve("deep"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(0, openDescriptors(tmp), "no descriptor leaked");
    }

    /** Files and directories mixed over many listing batches, and a directory emptied in batches of its own. */
    @Test
    void remove_aDirectoryOfManyBatches_ofFilesAndDirectories() throws IOException {
        Path wide = Files.createDirectories(tmp.resolve("wide"));
        for (int i = 0; i < 6000; i++) {
            if (i % 10 == 0) {
                Files.writeString(Files.createDirectories(wide.resolve("dir-" + i)).resolve("f"), "x");
            } else {
                Files.createFile(wide.resolve("a-file-of-a-long-name-" + i));
            }
        }
        TreeRemover.remove(wide);
        assertFalse(Files.exists(wide, LinkOption.NOFOLLOW_LINKS));
        assertEquals(0, openDescriptors(tmp), "no descriptor leaked");
    }

    @Test
    void remove_neverFollowsSymlinks_andKeepsOtherTrees() throws IOException {
        Path keep = Files.createDirectories(tmp.resolve("keep"));
        Files.writeString(keep.resolve("precious"), "x");
        Path victim = Files.createDirectories(tmp.resolve("victim/a"));
        Files.createSymbolicLink(victim.resolve("to-keep"), keep);
        Files.createSymbolicLink(tmp.resolve("victim/root"), Path.of("/"));
        Files.writeString(victim.resolve("file"), "f");
        Files.createDirectories(tmp.resolve("victim/locked/inner"));
        Files.setPosixFilePermissions(tmp.resolve("victim/locked"), java.util.Set.of());
        TreeRemover.remove(tmp.resolve("victim"));
        assertFalse(Files.exists(tmp.resolve("victim"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("x", Files.readString(keep.resolve("precious")));
        TreeRemover.remove(tmp.resolve("absent"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), keep);
        TreeRemover.remove(link);
        assertTrue(Files.exists(keep.resolve("precious")));
        assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void walk_visitsInOrder_withoutFollowingLinks_atAnyDepth() throws IOException {
        Path t = Files.createDirectories(tmp.resolve("w"));
        Files.createDirectories(t.resolve("b/c"));
        Files.writeString(t.resolve("a"), "1");
        Files.writeString(t.resolve("b/c/x"), "2");
        Files.createSymbolicLink(t.resolve("b/up"), Path.of("/"));
        deepTree(t, "z", DEEP);
        List<String> seen = new ArrayList<>();
        int[] maxDepth = {0};
        try (Fd dir = Fs.open(t, Fs.O_PATH | Fs.O_DIRECTORY)) {
            TreeWalker.walkContents(dir, new TreeWalker.Visitor() {
                @Override
                public boolean entry(DirStack stack, String name, FileStat st) {
                    maxDepth[0] = Math.max(maxDepth[0], stack.depth());
                    if (stack.depth() < 3) {
                        seen.add(stack.depth() + ":" + name + (st.isSymlink() ? "@" : ""));
                    }
                    return true;
                }
            });
        }
        assertEquals(List.of("0:a", "0:b", "1:c", "2:x", "1:up@", "0:z", "1:d", "2:d"), seen);
        assertEquals(DEEP + 1, maxDepth[0], "z/d.../bottom");
        assertEquals(0, openDescriptors(tmp), "no descriptor leaked");
    }

    /**
     * The unordered walk sees what the sorted one sees (a wide directory over many batches, a deep one, links not
     * followed), each entry once with its depth; the sorted one refuses to hold more names than its bound.
     */
    @Test
    void walkUnordered_seesWhatTheSortedWalkSees_andTheSortedOneIsBounded() throws IOException {
        Path t = Files.createDirectories(tmp.resolve("u"));
        Path wide = Files.createDirectories(t.resolve("wide"));
        for (int i = 0; i < 4000; i++) {
            if (i % 100 == 0) {
                Files.writeString(Files.createDirectories(wide.resolve("d" + i)).resolve("in"), "x");
            } else {
                Files.createFile(wide.resolve("a-file-of-a-long-name-" + i));
            }
        }
        Files.createSymbolicLink(t.resolve("up"), Path.of("/"));
        deepTree(t, "z", 100);
        for (int i = 0; i < 3000; i++) { // z read in batches around its 100-deep d, whose levels are opened again
            Files.createFile(t.resolve("z").resolve("another-file-of-a-long-name-" + i));
        }
        List<String> sorted = new ArrayList<>();
        List<String> unordered = new ArrayList<>();
        try (Fd dir = Fs.open(t, Fs.O_PATH | Fs.O_DIRECTORY)) {
            TreeWalker.walkContents(dir, (stack, name, st) -> sorted.add(stack.depth() + ":" + name));
            TreeWalker.walkUnordered(dir, (stack, name, st) -> unordered.add(stack.depth() + ":" + name));
            assertEquals(1 + 4000 + 40 + 1 + 1 + 3000 + 100 + 1, sorted.size()); // wide, up, z, its d... bottom
            unordered.sort(null);
            sorted.sort(null);
            assertEquals(sorted, unordered);
            assertThrows(TreeWalker.TooManyEntries.class,
                    () -> TreeWalker.walkContents(dir, (stack, name, st) -> true, 3500));
        }
        assertEquals(0, openDescriptors(tmp), "no descriptor leaked");
    }

    /**
     * A running container removes a directory after the walk opened it and before it was listed (getdents of a
     * removed directory is ENOENT): it is walked as the empty directory it became, the rest of the tree still is.
     */
    @Test
    void walk_aDirectoryRemovedOnceOpened_isEmpty_andTheWalkGoesOn() throws IOException {
        Path t = Files.createDirectories(tmp.resolve("r"));
        Files.createDirectories(t.resolve("gone"));
        Files.writeString(t.resolve("kept"), "1");
        List<String> seen = new ArrayList<>();
        try (Fd dir = Fs.open(t, Fs.O_PATH | Fs.O_DIRECTORY)) {
            TreeWalker.walkContents(dir, new TreeWalker.Visitor() {
                @Override
                public boolean entry(DirStack stack, String name, FileStat st) {
                    seen.add(stack.depth() + ":" + name);
                    return true;
                }

                @Override
                public void enter(DirStack stack) {
                    Fs.unlinkat(stack.at(stack.depth() - 1), stack.name(stack.depth()), Fs.AT_REMOVEDIR);
                    seen.add("removed " + stack.name(stack.depth()));
                }
            });
        }
        assertEquals(List.of("0:gone", "removed gone", "0:kept"), seen);
        assertFalse(Files.exists(t.resolve("gone")));
    }
}
