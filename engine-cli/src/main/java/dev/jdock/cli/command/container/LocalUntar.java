package dev.jdock.cli.command.container;

import dev.jdock.cli.core.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code jdock cp CONTAINER:SRC DEST}'s extraction, with Docker's Untar rules (pkg/archive) and without the holes
 * docker's own CLI has: the tar comes from the daemon, i.e. from a container, and is hostile. No entry lands
 * outside the destination ({@code "<name>" is outside of "<dest>"}), no symlink may climb out by a relative target
 * ({@code invalid symlink}), no hard link may name a file outside ({@code invalid hardlink}); symlinks with absolute
 * targets are kept, as Docker keeps them, but nothing is ever written or linked through a symlink that leads out of
 * the destination: every parent directory is walked from the destination without following such a link, an
 * existing entry is unlinked (never opened) before it is replaced, files are created with O_EXCL|O_NOFOLLOW, and
 * modes, times and owners are set without following links.
 */
final class LocalUntar {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path dest;
    private final String oldBase;
    private final String newBase;
    private final List<Path> dirs = new ArrayList<>();
    private final List<Long> dirTimes = new ArrayList<>();
    /** Entries not recreated here (fifos, devices), by cleaned name: hard links to them are left out too. */
    private final Set<List<String>> skipped = new java.util.HashSet<>();

    /**
     * @param oldBase, newBase Docker's RebaseArchiveEntries (null: names as they are). Owners are never set: the
     *     docker CLI's CopyTo untars with NoLchown, {@code cp -a} included (its -a only applies into a container).
     */
    LocalUntar(Path dest, String oldBase, String newBase) throws IOException {
        this.dest = dest.toRealPath();
        this.oldBase = oldBase;
        this.newBase = newBase;
    }

    void extract(InputStream tar) throws IOException {
        TarCodec.Reader reader = new TarCodec.Reader(tar);
        TarCodec.Entry e;
        while ((e = reader.next()) != null) {
            entry(reader, e);
        }
        for (int i = dirs.size() - 1; i >= 0; i--) {
            Files.getFileAttributeView(dirs.get(i), BasicFileAttributeView.class, NOFOLLOW)
                    .setTimes(FileTime.fromMillis(dirTimes.get(i) * 1000), null, null);
        }
    }

    private String rebased(String name) {
        return oldBase == null ? name : CopyCommand.rebase(name, oldBase, newBase);
    }

    private void entry(TarCodec.Reader reader, TarCodec.Entry e) throws IOException {
        List<String> rel = clean(rebased(e.name()));
        if (rel == null) {
            throw outside(display(rebased(e.name())));
        }
        if (rel.isEmpty()) {
            return; // the destination itself ("." or "/")
        }
        Path target = parentDir(rel, true, () -> outside(String.join("/", rel))).resolve(rel.get(rel.size() - 1));
        BasicFileAttributes existing = lstat(target);
        if (existing != null && !(existing.isDirectory() && e.isDir())) {
            if (existing.isDirectory()) {
                throw new CliException(1, "cannot overwrite directory \"" + target + "\" with non-directory \""
                        + dest + "\"");
            }
            if (e.isDir()) {
                throw new CliException(1, "cannot overwrite non-directory \"" + target + "\" with directory \""
                        + dest + "\"");
            }
            Files.delete(target); // unlinks a symlink itself, never what it points to
        }
        switch (e.type()) {
            case '5' -> {
                if (existing == null) {
                    Files.createDirectory(target);
                }
                dirs.add(target);
                dirTimes.add(e.mtime());
            }
            case '2' -> symlink(rel, target, e.linkName());
            case '1' -> {
                if (skipped.contains(clean(rebased(e.linkName())))) {
                    skipped.add(rel); // a link to a fifo or device (the daemon archives them as moby does)
                    return;
                }
                Files.createLink(target, hardlinkSource(e.linkName()));
                return;
            }
            case '0' -> {
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    reader.data().transferTo(out);
                }
            }
            default -> {
                skipped.add(rel);
                return; // devices and fifos are not recreated on the client
            }
        }
        metadata(e, target);
    }

    /** Docker: a relative target may not climb out of the destination; an absolute one is kept as it is. */
    private void symlink(List<String> rel, Path target, String linkName) throws IOException {
        List<String> lexical = new ArrayList<>(rel.subList(0, rel.size() - 1));
        lexical.add(linkName);
        if (clean(String.join("/", lexical)) == null) {
            throw new CliException(1, "invalid symlink \"" + dest.resolve(String.join("/", rel)) + "\" -> \""
                    + linkName + "\"");
        }
        Files.createSymbolicLink(target, Path.of(linkName));
    }

    /** The file a hard link names: inside the destination, reached without a symlink that leads out. */
    private Path hardlinkSource(String linkName) throws IOException {
        String name = rebased(linkName);
        List<String> rel = clean(name);
        java.util.function.Supplier<CliException> invalid = () -> new CliException(1, "invalid hardlink \""
                + dest.resolve(name.replaceFirst("^/+", "")).normalize() + "\" -> \"" + linkName + "\"");
        if (rel == null || rel.isEmpty()) {
            throw invalid.get();
        }
        Path src = parentDir(rel, false, invalid).resolve(rel.get(rel.size() - 1));
        if (lstat(src) == null) {
            throw new NoSuchFileException(src.toString());
        }
        return src;
    }

    /**
     * The directory an entry goes in, walked from the destination: a missing directory is created (when
     * {@code create}), a symlink is followed only when its real path stays in the destination. The result has no
     * symlink in it, so the entry itself can be handled without following anything.
     */
    private Path parentDir(List<String> rel, boolean create, java.util.function.Supplier<CliException> outside)
            throws IOException {
        Path cur = dest;
        for (String c : rel.subList(0, rel.size() - 1)) {
            Path p = cur.resolve(c);
            BasicFileAttributes a = lstat(p);
            if (a == null && create) {
                Files.createDirectory(p);
                cur = p;
            } else if (a == null) {
                throw new NoSuchFileException(p.toString());
            } else if (a.isSymbolicLink()) {
                Path real = p.toRealPath();
                if (!real.startsWith(dest)) {
                    throw outside.get();
                }
                if (!Files.isDirectory(real, NOFOLLOW)) {
                    throw new CliException(1, "mkdir " + p + ": not a directory");
                }
                cur = real;
            } else if (a.isDirectory()) {
                cur = p;
            } else {
                throw new CliException(1, "mkdir " + p + ": not a directory");
            }
        }
        return cur;
    }

    private void metadata(TarCodec.Entry e, Path target) throws IOException {
        if (e.type() != '2') {
            Files.getFileAttributeView(target, PosixFileAttributeView.class, NOFOLLOW).setPermissions(perms(e.mode()));
            Files.getFileAttributeView(target, BasicFileAttributeView.class, NOFOLLOW)
                    .setTimes(FileTime.fromMillis(e.mtime() * 1000), null, null);
        }
    }

    private CliException outside(String name) {
        return new CliException(1, "\"" + name + "\" is outside of \"" + dest + "\"");
    }

    /** The components of a name as Go's filepath.Join(dest, name) leaves them below dest; null when it climbs out. */
    static List<String> clean(String name) {
        Deque<String> out = new ArrayDeque<>();
        for (String c : name.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (out.isEmpty()) {
                    return null;
                }
                out.removeLast();
            } else {
                out.addLast(c);
            }
        }
        return new ArrayList<>(out);
    }

    /** Go's filepath.Clean of a relative name that climbs out, for the error ("d/../../x" is "../x"). */
    static String display(String name) {
        Deque<String> out = new ArrayDeque<>();
        int up = 0;
        for (String c : name.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (!c.equals("..")) {
                out.addLast(c);
            } else if (out.isEmpty()) {
                up++;
            } else {
                out.removeLast();
            }
        }
        StringBuilder s = new StringBuilder("../".repeat(up));
        s.append(String.join("/", out));
        return s.length() > 0 && s.charAt(s.length() - 1) == '/' ? s.substring(0, s.length() - 1) : s.toString();
    }

    private static BasicFileAttributes lstat(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static Set<PosixFilePermission> perms(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                s.add(all[i]);
            }
        }
        return s;
    }
}
