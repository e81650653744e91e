package dev.jdock.daemon.archive;

import dev.jdock.daemon.layer.TarOutput;
import dev.jdock.daemon.snapshot.OverlayProbe;
import dev.jdock.runtime.fs.DirStack;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.FileStat;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.fs.TreeWalker;
import dev.jdock.runtime.syscall.Errno;
import dev.jdock.runtime.syscall.FileModes;
import dev.jdock.runtime.syscall.SyscallException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Streams a directory tree into a tar, through descriptors ({@link TreeWalker}: any depth, never a symlink
 * followed, linear in the tree): a regular file's content is read from the very inode that was checked to be a
 * regular file (an O_PATH descriptor reopened by {@code /proc/self/fd}, so a device node or a link swapped in by a
 * running container is never opened); hard links within the archive become link entries; with an
 * {@link OverlayProbe} overlay whiteouts and opaque directories are written back as AUFS-style {@code .wh.} entries
 * (a layer diff). Files that vanish during the walk are skipped, as Docker does for a container that keeps writing.
 */
public final class TarWriter {
    static final String WHITEOUT_PREFIX = ".wh.";
    static final String OPAQUE_MARKER = ".wh..wh..opq";
    /** Bytes of entry names kept to turn later hard links into link entries (beyond: archived as files again). */
    static final long LINK_NAMES_BUDGET = 8L << 20;
    static final String CAPABILITY_XATTR = "security.capability";
    /** linux/capability.h: XATTR_CAPS_SZ_2, the magic_etc byte of the revision, VFS_CAP_REVISION_2 and _3. */
    private static final int CAPS_SIZE_2 = 20;
    private static final int CAP_VERSION_OFFSET = 3;
    private static final byte VFS_CAP_REVISION_2 = 2;
    private static final byte VFS_CAP_REVISION_3 = 3;

    /** Entries left out with their contents: {@code containerPath} is the entry's path below the walked root. */
    public interface Skip {
        boolean test(String containerPath, Fd parent, String name, FileStat st);
    }

    private final TarOutput tar;
    private final OverlayProbe whiteouts;
    private final Map<String, String> linksSeen = new HashMap<>();
    private final byte[] buffer = new byte[64 * 1024];
    private long linkNames;
    private Predicate<String> descend = p -> true;
    private Skip skip = (path, parent, name, st) -> false;
    private java.util.function.UnaryOperator<TarOutput.Header> rewrite = java.util.function.UnaryOperator.identity();

    /** @param whiteouts null for a plain archive; else overlay markers are converted (a layer diff) */
    public TarWriter(OutputStream out, OverlayProbe whiteouts) {
        this.tar = new TarOutput(out);
        this.whiteouts = whiteouts;
    }

    /** Directories (by container path) for which this answers false are archived without their contents. */
    public TarWriter descendInto(Predicate<String> filter) {
        this.descend = filter;
        return this;
    }

    /**
     * Headers as written: e.g. a build's COPY gives every entry its owner and mode, and its checksum leaves the
     * times out. The size and type must stay.
     */
    public TarWriter rewrite(java.util.function.UnaryOperator<TarOutput.Header> op) {
        this.rewrite = op;
        return this;
    }

    public TarWriter skip(Skip filter) {
        this.skip = filter;
        return this;
    }

    /**
     * Adds {@code name} of directory {@code parent} as {@code entryName} and, for a directory, everything below it.
     * {@code containerPath} is its path (for {@link #descendInto} and {@link #skip}). False when it does not exist.
     */
    public boolean addEntry(Fd parent, String name, String entryName, String containerPath) throws IOException {
        FileStat st;
        try {
            st = Fs.stat(parent, name);
        } catch (SyscallException e) {
            if (e.is(Errno.ENOENT)) {
                return false;
            }
            throw e;
        }
        if (skip.test(containerPath, parent, name, st) || !writeOne(parent, name, st, entryName)
                || !st.isDirectory() || !descend.test(containerPath)
                || intoPseudoFilesystem(parent, name, st, Fs.stat(parent).mountId())) {
            return true;
        }
        try (Fd dir = Fs.openat(parent, name, Fs.DIR, 0)) {
            addContents(dir, entryName + "/", containerPath);
        } catch (SyscallException e) {
            if (!(e.is(Errno.ENOENT) || e.is(Errno.ENOTDIR) || e.is(Errno.ELOOP))) {
                throw e; // else replaced since its lstat: archived without contents
            }
        }
        return true;
    }

    /**
     * Adds the directory {@code dir} itself as {@code entryName} (no entry when empty: the contents only) and
     * everything below it.
     */
    public void addDirectory(Fd dir, String entryName, String containerPath) throws IOException {
        String prefix = "";
        if (!entryName.isEmpty()) {
            FileStat st = Fs.stat(dir);
            tar.putEntry(header(entryName + "/", TarOutput.Header.DIRECTORY, st));
            tar.closeEntry();
            prefix = entryName + "/";
            if (!descend.test(containerPath)) {
                return;
            }
        }
        if (!Fs.isPseudoFilesystem(dir)) {
            addContents(dir, prefix, containerPath);
        }
    }

    /**
     * Whether directory {@code name} (lstat {@code st}) is the root of a kernel pseudo filesystem mounted below
     * a directory of mount {@code parentMount}: archived, but never entered. A live root has its /proc and /sys,
     * and an image that makes {@code /sys} a symlink to {@code /app/sys} gets sysfs mounted there: a copy of
     * {@code /app} read every sysfs attribute as the daemon (Docker archives the container's files and volumes
     * only). A directory that changed meanwhile is not entered either.
     */
    private static boolean intoPseudoFilesystem(Fd parent, String name, FileStat st, long parentMount) {
        if (st.mountId() == parentMount) {
            return false;
        }
        try (Fd dir = Fs.openat(parent, name, Fs.O_PATH | Fs.O_NOFOLLOW | Fs.O_DIRECTORY, 0)) {
            return Fs.isPseudoFilesystem(dir);
        } catch (SyscallException e) {
            return true;
        }
    }

    private void addContents(Fd dir, String prefix, String containerPath) throws IOException {
        if (whiteouts != null && !prefix.isEmpty() && whiteouts.isOpaque(dir)) {
            opaqueMarker(prefix + OPAQUE_MARKER, Fs.stat(dir));
        }
        // the names of the current directory, grown and cut as the walk goes: memory linear in the depth
        StringBuilder names = new StringBuilder(prefix);
        StringBuilder paths = new StringBuilder(containerPath.endsWith("/") ? containerPath : containerPath + "/");
        List<int[]> marks = new ArrayList<>();
        List<Long> mounts = new ArrayList<>(List.of(Fs.stat(dir).mountId()));
        TreeWalker.walkContents(dir, new TreeWalker.Visitor() {
            private String name;
            private long mount;

            @Override
            public boolean entry(DirStack stack, String n, FileStat st) throws IOException {
                String entryName = names + n;
                String path = paths + n;
                if (skip.test(path, stack.top(), n, st) || !writeOne(stack.top(), n, st, entryName)
                        || !st.isDirectory() || !descend.test(path)
                        || intoPseudoFilesystem(stack.top(), n, st, mounts.get(mounts.size() - 1))) {
                    return false;
                }
                name = n;
                mount = st.mountId();
                return true;
            }

            @Override
            public void enter(DirStack stack) throws IOException {
                mounts.add(mount);
                marks.add(new int[] {names.length(), paths.length()});
                names.append(name).append('/');
                paths.append(name).append('/');
                if (whiteouts != null && whiteouts.isOpaque(stack.top())) {
                    opaqueMarker(names + OPAQUE_MARKER, Fs.stat(stack.top()));
                }
            }

            @Override
            public void leave(DirStack stack) {
                mounts.remove(mounts.size() - 1);
                int[] m = marks.remove(marks.size() - 1);
                names.setLength(m[0]);
                paths.setLength(m[1]);
            }
        });
    }

    /**
     * Writes one entry (no recursion); false when it vanished or changed meanwhile. As moby's tarAppender, any
     * entry but a directory with more than one link whose inode was archived before becomes a link entry to that
     * first name (a fifo, a symlink or a device too), and an overlay whiteout stays a whiteout: its shared inode
     * (the kernel links all whiteouts to one) leaves the first one's name as the link name of the later ones.
     */
    private boolean writeOne(Fd parent, String name, FileStat st, String entryName) throws IOException {
        if (whiteouts != null && whiteouts.isWhiteout(st)) {
            String first = seen(st, entryName);
            int slash = entryName.lastIndexOf('/');
            whiteout(entryName.substring(0, slash + 1) + WHITEOUT_PREFIX + entryName.substring(slash + 1), st,
                    first == null ? "" : first);
            return true;
        }
        try {
            TarOutput.Header h;
            switch (st.type()) {
                case FileModes.S_IFDIR -> {
                    put(header(entryName + "/", TarOutput.Header.DIRECTORY, st));
                    return true;
                }
                case FileModes.S_IFREG -> {
                    return regular(parent, name, entryName);
                }
                case FileModes.S_IFLNK -> h = header(entryName, TarOutput.Header.SYMLINK, st)
                        .withLink(Fs.readlinkat(parent, name));
                case FileModes.S_IFCHR, FileModes.S_IFBLK -> h = header(entryName,
                        st.type() == FileModes.S_IFCHR ? TarOutput.Header.CHAR_DEVICE
                                : TarOutput.Header.BLOCK_DEVICE, st)
                        .withDevice(FileModes.major(st.rdev()), FileModes.minor(st.rdev()));
                case FileModes.S_IFIFO -> h = header(entryName, TarOutput.Header.FIFO, st);
                default -> {
                    return true; // a socket: Docker skips them too
                }
            }
            String first = seen(st, entryName);
            put(first == null ? h : h.withType(TarOutput.Header.HARDLINK).withLink(first));
            return true;
        } catch (SyscallException e) {
            if (e.is(Errno.ENOENT) || e.is(Errno.EINVAL)) {
                return false; // vanished, or no longer a symlink
            }
            throw e;
        }
    }

    /**
     * For an entry other than a directory with more than one link: the name its inode was first archived as
     * (null the first time, then it is remembered, within {@link #LINK_NAMES_BUDGET}).
     */
    private String seen(FileStat st, String entryName) {
        if (st.nlink() <= 1 || st.isDirectory()) {
            return null;
        }
        String key = st.dev() + ":" + st.ino();
        String first = linksSeen.get(key);
        if (first == null && linkNames < LINK_NAMES_BUDGET) {
            linksSeen.put(key, entryName);
            linkNames += entryName.length();
        }
        return first;
    }

    private void put(TarOutput.Header h) throws IOException {
        tar.putEntry(h);
        tar.closeEntry();
    }

    private TarOutput.Header header(String name, char type, FileStat st) {
        return rewrite.apply(TarOutput.Header.of(name, type, st.permissions(),
                Math.floorDiv(st.mtimeNanos(), 1_000_000_000L))
                .withOwner(Integer.toUnsignedLong(st.uid()), Integer.toUnsignedLong(st.gid())));
    }

    /** A regular file, read from the inode that was checked; false when it vanished or is no file any more. */
    private boolean regular(Fd parent, String name, String entryName) throws IOException {
        Fd fd;
        try {
            fd = Fs.openat(parent, name, Fs.O_PATH | Fs.O_NOFOLLOW, 0);
        } catch (SyscallException e) {
            if (e.is(Errno.ENOENT) || e.is(Errno.ELOOP)) {
                return false;
            }
            throw e;
        }
        try (fd) {
            FileStat st = Fs.stat(fd);
            if (!st.isRegular()) {
                return false; // replaced since its lstat
            }
            TarOutput.Header h = header(entryName, TarOutput.Header.REGULAR, st).withXattrs(capability(fd));
            String first = seen(st, entryName);
            if (first != null) {
                put(h.withType(TarOutput.Header.HARDLINK).withLink(first));
                return true;
            }
            tar.putEntry(h.withSize(st.size()));
            copyContent(fd);
            tar.closeEntry(); // pads a file that shrank meanwhile; one that grew is cut at its size
            return true;
        }
    }

    /**
     * The file's {@code security.capability} as moby's ReadSecurityXattrToTarHeader keeps it (a
     * {@code SCHILY.xattr.} PAX record): a VFS_CAP_REVISION_3 value (with a namespace root uid, meaningless outside
     * the user namespace the archive is made in) is written as revision 2, its first 20 bytes. Read errors are
     * ignored, as moby does.
     */
    private static Map<String, byte[]> capability(Fd fd) {
        byte[] cap;
        try {
            cap = Fs.getxattr(fd, CAPABILITY_XATTR).orElse(null);
        } catch (SyscallException e) {
            return Map.of();
        }
        return cap == null ? Map.of() : Map.of(CAPABILITY_XATTR, asRevision2(cap));
    }

    /** A VFS_CAP_REVISION_3 capability as revision 2 (its first 20 bytes); any other value as it is. */
    static byte[] asRevision2(byte[] cap) {
        if (cap.length < CAPS_SIZE_2 || cap[CAP_VERSION_OFFSET] != VFS_CAP_REVISION_3) {
            return cap;
        }
        byte[] v2 = java.util.Arrays.copyOf(cap, CAPS_SIZE_2);
        v2[CAP_VERSION_OFFSET] = VFS_CAP_REVISION_2;
        return v2;
    }

    private void copyContent(Fd fd) throws IOException {
        try (FileChannel ch = Fs.channel(fd, StandardOpenOption.READ)) {
            while (tar.remaining() > 0) {
                ByteBuffer b = ByteBuffer.wrap(buffer, 0, (int) Math.min(buffer.length, tar.remaining()));
                int n = ch.read(b);
                if (n < 0) {
                    return;
                }
                tar.write(buffer, 0, n);
            }
        }
    }

    /**
     * A whiteout as moby's overlay converter writes it (overlayWhiteoutConverter.ConvertWrite): the device's header
     * turned into an empty regular file of mode 0600, its owner and mtime kept, and the link name of a hard link
     * ({@code link}: the first whiteout of the same inode, unprefixed) left in it.
     */
    private void whiteout(String name, FileStat device, String link) throws IOException {
        long mtime = Math.floorDiv(device.mtimeNanos(), 1_000_000_000L);
        put(TarOutput.Header.of(name, TarOutput.Header.REGULAR, 0600, mtime)
                .withOwner(Integer.toUnsignedLong(device.uid()), Integer.toUnsignedLong(device.gid()))
                .withLink(link));
    }

    /**
     * An opaque directory's marker as moby's converter writes it: an empty regular file with the directory's
     * permission bits ({@code & 0777}) and owner, and no mtime (the epoch).
     */
    private void opaqueMarker(String name, FileStat dir) throws IOException {
        put(TarOutput.Header.of(name, TarOutput.Header.REGULAR, dir.permissions() & 0777, 0)
                .withOwner(Integer.toUnsignedLong(dir.uid()), Integer.toUnsignedLong(dir.gid())));
    }

    /** Writes the end-of-archive blocks (does not close the underlying stream). */
    public void finish() throws IOException {
        tar.finish();
    }
}
