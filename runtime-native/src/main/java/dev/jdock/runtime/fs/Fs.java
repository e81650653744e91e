package dev.jdock.runtime.fs;

import com.sun.jna.LastErrorException;
import dev.jdock.runtime.syscall.Errno;
import dev.jdock.runtime.syscall.SyscallException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * File operations anchored on directory descriptors, for trees the daemon does not trust (container roots, image
 * layers): every name is looked up relative to an {@link Fd}, a final symlink is never followed
 * ({@code O_NOFOLLOW}, {@code AT_SYMLINK_NOFOLLOW}), and multi-component paths are resolved by the kernel inside a
 * root ({@link #openInRoot}: {@code openat2} with {@code RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS}). Metadata is
 * changed on the inode an Fd holds, never through a name that could have become a link. Every descriptor is
 * opened {@code O_CLOEXEC}. Failures throw {@link SyscallException} with errno.
 */
public final class Fs {
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 01;
    public static final int O_RDWR = 02;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_NOCTTY = 0400;
    public static final int O_TRUNC = 01000;
    public static final int O_NONBLOCK = 04000;
    public static final int O_DIRECTORY = 0200000;
    public static final int O_NOFOLLOW = 0400000;
    public static final int O_CLOEXEC = 02000000;
    public static final int O_PATH = 010000000;

    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    public static final int AT_REMOVEDIR = 0x200;
    public static final int AT_EMPTY_PATH = 0x1000;

    public static final long RESOLVE_NO_XDEV = 0x01;
    public static final long RESOLVE_NO_MAGICLINKS = 0x02;
    public static final long RESOLVE_NO_SYMLINKS = 0x04;
    public static final long RESOLVE_BENEATH = 0x08;
    public static final long RESOLVE_IN_ROOT = 0x10;

    /** A directory to list and to create in: readable, never a symlink. */
    public static final int DIR = O_RDONLY | O_DIRECTORY | O_NOFOLLOW;

    private static final int AT_FDCWD = -100;
    private static final byte[] EMPTY = {0};
    private static final int LIST_BUFFER = 32 * 1024;
    private static final int XATTR_BUFFER = 4096;
    /** Characters of a path given to one openat2 by {@link #openBeneath} (PATH_MAX is 4096 bytes). */
    private static final int PIECE = 1024;
    private static volatile boolean noFchmodat2;

    private Fs() {
    }

    @FunctionalInterface
    private interface IntCall {
        long run() throws LastErrorException;
    }

    private static long call(String op, String name, IntCall c) {
        try {
            return c.run();
        } catch (LastErrorException e) {
            throw new SyscallException(op + (name == null ? "" : " " + shorten(name)), e.getErrorCode());
        }
    }

    private static String shorten(String name) {
        return name.length() <= 200 ? name : name.substring(0, 100) + "..." + name.substring(name.length() - 90);
    }

    /** Opens a daemon-owned absolute path (the kernel follows it): only for paths no container can change. */
    public static Fd open(Path trusted, int flags) {
        return new Fd((int) call("open", trusted.toString(),
                () -> FsNative.openat(AT_FDCWD, Names.cstr(trusted.toString()), flags | O_CLOEXEC, 0)));
    }

    /** openat(2) of one name in {@code dir}; add {@link #O_NOFOLLOW} to refuse a symlink (ELOOP). */
    public static Fd openat(Fd dir, String name, int flags, int mode) {
        return new Fd((int) call("openat", name,
                () -> FsNative.openat(dir.get(), Names.cstr(name), flags | O_CLOEXEC, mode)));
    }

    /** openat(2), empty when the name does not exist (ENOENT). */
    public static Optional<Fd> openIfExists(Fd dir, String name, int flags) {
        try {
            return Optional.of(openat(dir, name, flags, 0));
        } catch (SyscallException e) {
            if (e.is(Errno.ENOENT)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** openat2(2) (Linux 5.6+) with {@code resolve} flags ({@link #RESOLVE_IN_ROOT}, ...). */
    public static Fd openat2(Fd dir, String path, int flags, int mode, long resolve) {
        byte[] how = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(Integer.toUnsignedLong(flags | O_CLOEXEC)).putLong(mode).putLong(resolve).array();
        return new Fd((int) call("openat2", path,
                () -> FsNative.sys_openat2(FsNative.SYS_OPENAT2, dir.get(), Names.cstr(path), how, how.length)));
    }

    /**
     * Opens {@code path} as a process chrooted at {@code root} would: absolute symlinks and {@code ..} never leave
     * the root, and /proc magic links are refused. Symlinks (also the last component) are followed inside the
     * root unless {@code flags} has {@link #O_NOFOLLOW}.
     */
    public static Fd openInRoot(Fd root, String path, int flags) {
        return openat2(root, path.isEmpty() ? "." : path, flags, 0, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
    }

    /**
     * Opens {@code path} (relative, cleaned) below {@code dir} without following any symlink and without leaving
     * {@code dir} ({@code RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS}: a link on the way fails with ELOOP), at any length:
     * a path longer than PATH_MAX is walked in pieces, each piece one openat2 from the directory the last reached.
     */
    public static Fd openBeneath(Fd dir, String path, int flags) {
        long resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
        if (path.length() < PIECE) {
            return openat2(dir, path.isEmpty() ? "." : path, flags, 0, resolve);
        }
        int cut = path.lastIndexOf('/', PIECE);
        if (cut <= 0) {
            throw new SyscallException("openat2 " + shorten(path), Errno.ENAMETOOLONG);
        }
        try (Fd next = openat2(dir, path.substring(0, cut), O_PATH | O_DIRECTORY, 0, resolve)) {
            return openBeneath(next, path.substring(cut + 1), flags);
        }
    }

    public static void mkdirat(Fd dir, String name, int mode) {
        call("mkdirat", name, () -> FsNative.mkdirat(dir.get(), Names.cstr(name), mode));
    }

    public static void symlinkat(String target, Fd dir, String name) {
        call("symlinkat", name, () -> FsNative.symlinkat(Names.cstr(target), dir.get(), Names.cstr(name)));
    }

    /** linkat(2) without AT_SYMLINK_FOLLOW: a symlink is linked as itself, never its target. */
    public static void linkat(Fd oldDir, String oldName, Fd newDir, String newName) {
        call("linkat", newName, () -> FsNative.linkat(oldDir.get(), Names.cstr(oldName), newDir.get(),
                Names.cstr(newName), 0));
    }

    /** linkat(2) of the inode {@code fd} holds (AT_EMPTY_PATH: needs CAP_DAC_READ_SEARCH, which root has). */
    public static void linkInode(Fd fd, Fd newDir, String newName) {
        call("linkat", newName, () -> FsNative.linkat(fd.get(), EMPTY, newDir.get(), Names.cstr(newName),
                AT_EMPTY_PATH));
    }

    public static void mknodat(Fd dir, String name, int mode, long dev) {
        call("mknodat", name, () -> FsNative.mknodat(dir.get(), Names.cstr(name), mode, dev));
    }

    /** Changes the owner of the inode {@code fd} holds (any kind of descriptor, also O_PATH of a symlink). */
    public static void chown(Fd fd, int uid, int gid) {
        call("fchownat", null, () -> FsNative.fchownat(fd.get(), EMPTY, uid, gid,
                AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW));
    }

    /** fchownat(2) of a name in {@code dir}, never following it. */
    public static void chownat(Fd dir, String name, int uid, int gid) {
        call("fchownat", name, () -> FsNative.fchownat(dir.get(), Names.cstr(name), uid, gid, AT_SYMLINK_NOFOLLOW));
    }

    /**
     * Changes the permission bits (setuid, setgid and sticky included) of the inode {@code fd} holds, also for an
     * O_PATH descriptor of a device or fifo (fchmodat2 AT_EMPTY_PATH, else chmod of {@code /proc/self/fd/N}, which
     * names that very inode). Refuses a symlink: Linux has no symlink modes, and a chmod would follow it.
     */
    public static void chmod(Fd fd, int mode) {
        if (!noFchmodat2) {
            try {
                // the kernel refuses a mode change of a symlink inode itself (EOPNOTSUPP, Linux 6.6+)
                FsNative.sys_fchmodat2(FsNative.SYS_FCHMODAT2, fd.get(), EMPTY, mode,
                        AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW);
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.ENOSYS) {
                    throw new SyscallException("fchmodat2", e.getErrorCode());
                }
                noFchmodat2 = true;
            }
        }
        try {
            FsNative.fchmod(fd.get(), mode);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Errno.EBADF) {
                throw new SyscallException("fchmod", e.getErrorCode());
            }
            if (stat(fd).isSymlink()) { // an O_PATH descriptor: chmod of its /proc name would follow a symlink
                throw new SyscallException("chmod of a symlink", Errno.EOPNOTSUPP);
            }
            call("chmod", null, () -> FsNative.chmod(Names.cstr(fd.procPath()), mode));
        }
    }

    /** write(2) of {@code length} bytes of the direct buffer {@code buf} from its position; returns the bytes written. */
    public static int write(Fd fd, java.nio.ByteBuffer buf, int length) {
        return (int) call("write", null, () -> FsNative.write(fd.get(), buf, length));
    }

    /** utimensat(2) of a name in {@code dir}, never following it; times in nanoseconds since the epoch. */
    public static void utimesat(Fd dir, String name, long atimeNanos, long mtimeNanos) {
        long[] t = timespecs(atimeNanos, mtimeNanos);
        call("utimensat", name, () -> FsNative.utimensat(dir.get(), Names.cstr(name), t, AT_SYMLINK_NOFOLLOW));
    }

    /** utimensat(2) of the inode {@code fd} holds (AT_EMPTY_PATH: any kind of descriptor). */
    public static void utimes(Fd fd, long atimeNanos, long mtimeNanos) {
        long[] t = timespecs(atimeNanos, mtimeNanos);
        call("utimensat", null, () -> FsNative.utimensat(fd.get(), EMPTY, t, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW));
    }

    private static long[] timespecs(long atimeNanos, long mtimeNanos) {
        return new long[] {Math.floorDiv(atimeNanos, 1_000_000_000L), Math.floorMod(atimeNanos, 1_000_000_000L),
            Math.floorDiv(mtimeNanos, 1_000_000_000L), Math.floorMod(mtimeNanos, 1_000_000_000L)};
    }

    /** lstat of a name in {@code dir}. */
    public static FileStat stat(Fd dir, String name) {
        byte[] buf = new byte[FileStat.SIZE];
        call("statx", name, () -> FsNative.statx(dir.get(), Names.cstr(name), AT_SYMLINK_NOFOLLOW,
                FileStat.STATX_BASIC_STATS | FileStat.STATX_MNT_ID, buf));
        return FileStat.parse(buf);
    }

    /** lstat of a name, empty when it does not exist. */
    public static Optional<FileStat> statIfExists(Fd dir, String name) {
        byte[] buf = new byte[FileStat.SIZE];
        if (FsNative.statx_noexc(dir.get(), Names.cstr(name), AT_SYMLINK_NOFOLLOW,
                FileStat.STATX_BASIC_STATS | FileStat.STATX_MNT_ID, buf) == 0) {
            return Optional.of(FileStat.parse(buf));
        }
        int errno = com.sun.jna.Native.getLastError();
        if (errno == Errno.ENOENT) {
            return Optional.empty();
        }
        throw new SyscallException("statx " + shorten(name), errno);
    }

    /** fstat of the inode {@code fd} holds. */
    public static FileStat stat(Fd fd) {
        byte[] buf = new byte[FileStat.SIZE];
        call("statx", null, () -> FsNative.statx(fd.get(), EMPTY, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW,
                FileStat.STATX_BASIC_STATS | FileStat.STATX_MNT_ID, buf));
        return FileStat.parse(buf);
    }

    /**
     * Kernel pseudo filesystems (f_type of statfs): proc, sysfs, cgroup v1 and v2, debugfs, tracefs, securityfs,
     * bpf, pstore, configfs, efivarfs, binfmt_misc, fusectl, nsfs. Their "files" are kernel interfaces, not data:
     * reading one can block ({@code /proc/kmsg}), act, or show what only the reader's privileges allow.
     */
    private static final java.util.Set<Long> PSEUDO_FS = java.util.Set.of(0x9fa0L, 0x62656572L, 0x27e0ebL,
            0x63677270L, 0x64626720L, 0x74726163L, 0x73636673L, 0xcafe4a11L, 0x6165676cL, 0x62656570L, 0xde5e81e4L,
            0x42494e4dL, 0x65735543L, 0x6e736673L);

    /** Whether the inode {@code fd} holds (any kind of descriptor) is on a kernel pseudo filesystem. */
    public static boolean isPseudoFilesystem(Fd fd) {
        byte[] buf = new byte[128];
        call("fstatfs", null, () -> FsNative.fstatfs(fd.get(), buf));
        long type = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        return PSEUDO_FS.contains(type);
    }

    /** readlinkat(2) of a name in {@code dir}. */
    public static String readlinkat(Fd dir, String name) {
        return readlink(dir, Names.cstr(name), name);
    }

    /** The target of the symlink an O_PATH|O_NOFOLLOW descriptor holds. */
    public static String readlink(Fd link) {
        return readlink(link, EMPTY, null);
    }

    private static String readlink(Fd dir, byte[] path, String name) {
        byte[] buf = new byte[256];
        while (true) {
            byte[] b = buf;
            int n = (int) call("readlinkat", name, () -> FsNative.readlinkat(dir.get(), path, b, b.length));
            if (n < buf.length) {
                return Names.decode(buf, 0, n);
            }
            if (buf.length >= 1 << 16) {
                throw new SyscallException("readlinkat " + (name == null ? "" : shorten(name)), Errno.ENAMETOOLONG);
            }
            buf = new byte[buf.length * 4];
        }
    }

    /**
     * The names in a directory opened for reading ({@link #DIR}), without "." and "..", in directory order: all of
     * them at once, for directories jdock makes or whose size is bounded otherwise; a tree a container writes is read
     * by {@link #listFrom} a buffer at a time.
     */
    public static List<DirEntry> list(Fd dir) {
        List<DirEntry> out = new ArrayList<>();
        long next = 0;
        do {
            next = listFrom(dir, next, out);
        } while (next >= 0);
        return out;
    }

    /**
     * One getdents64(2) of a directory opened for reading, from {@code offset} (0 for its start, else what a call
     * before returned, so that a descriptor opened again reads on where the last left off): the entries of one
     * buffer (32 KiB: about a thousand names), without "." and "..", added to {@code out}. Returns the offset to
     * read on from, or -1 at the end of the directory.
     */
    public static long listFrom(Fd dir, long offset, List<DirEntry> out) {
        call("lseek", null, () -> FsNative.lseek(dir.get(), offset, 0));
        byte[] buf = new byte[LIST_BUFFER];
        int n = (int) call("getdents64", null, () -> FsNative.getdents64(dir.get(), buf, buf.length));
        return n == 0 ? -1 : parseDirents(buf, n, out);
    }

    /** Whether a directory opened for reading has no entry but "." and "..", reading no more than it needs. */
    public static boolean isEmptyDir(Fd dir) {
        List<DirEntry> some = new ArrayList<>();
        long next = 0;
        while (some.isEmpty() && next >= 0) {
            next = listFrom(dir, next, some);
        }
        return some.isEmpty();
    }

    /** The entries of a getdents64 buffer added to {@code out}; the d_off of the last one (where to read on). */
    static long parseDirents(byte[] buf, int n, List<DirEntry> out) {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, n).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 0;
        long next = 0;
        while (pos < n) {
            long ino = b.getLong(pos);
            next = b.getLong(pos + 8);
            int reclen = b.getShort(pos + 16) & 0xffff;
            int type = buf[pos + 18] & 0xff;
            int nameStart = pos + 19;
            int end = nameStart;
            while (end < pos + reclen && buf[end] != 0) {
                end++;
            }
            int len = end - nameStart;
            boolean dot = (len == 1 && buf[nameStart] == '.')
                    || (len == 2 && buf[nameStart] == '.' && buf[nameStart + 1] == '.');
            if (!dot) {
                out.add(new DirEntry(Names.decode(buf, nameStart, len), type, ino));
            }
            pos += reclen;
        }
        return next;
    }

    /** unlinkat(2); {@code flags} {@link #AT_REMOVEDIR} for a directory. */
    public static void unlinkat(Fd dir, String name, int flags) {
        call(flags == AT_REMOVEDIR ? "rmdir" : "unlink", name, () -> FsNative.unlinkat(dir.get(), Names.cstr(name),
                flags));
    }

    public static void renameat(Fd oldDir, String oldName, Fd newDir, String newName) {
        call("renameat", oldName, () -> FsNative.renameat(oldDir.get(), Names.cstr(oldName), newDir.get(),
                Names.cstr(newName)));
    }

    /**
     * Sets an extended attribute (trusted.* and security.* included) on the inode {@code fd} holds: fsetxattr for
     * a file or directory opened for reading or writing, the {@code /proc/self/fd/N} name of an O_PATH descriptor
     * (a device or fifo) otherwise. Never on a symlink.
     */
    public static void setxattr(Fd fd, String name, byte[] value) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] cn = Arrays.copyOf(n, n.length + 1);
        try {
            FsNative.fsetxattr(fd.get(), cn, value, value.length, 0);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Errno.EBADF) {
                throw new SyscallException("fsetxattr " + name, e.getErrorCode());
            }
            if (stat(fd).isSymlink()) {
                throw new SyscallException("setxattr on a symlink " + name, Errno.EOPNOTSUPP);
            }
            call("setxattr", name, () -> FsNative.setxattr(Names.cstr(fd.procPath()), cn, value, value.length, 0));
        }
    }

    /**
     * An extended attribute of the inode {@code fd} holds, empty when absent: fgetxattr for a file or directory
     * opened for reading, getxattr of the {@code /proc/self/fd/N} name of an O_PATH descriptor (never a symlink's
     * target: an O_PATH descriptor of a symlink is refused, EBADF).
     */
    public static Optional<byte[]> getxattr(Fd fd, String name) {
        byte[] cn = Names.cstr(name);
        byte[] buf = new byte[XATTR_BUFFER];
        boolean byPath = false;
        while (true) {
            try {
                byte[] b = buf;
                int n = byPath ? (int) FsNative.getxattr(Names.cstr(fd.procPath()), cn, b, b.length)
                        : (int) FsNative.fgetxattr(fd.get(), cn, b, b.length);
                return Optional.of(Arrays.copyOf(buf, n));
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.EBADF && !byPath) {
                    if (stat(fd).isSymlink()) {
                        throw new SyscallException("getxattr of a symlink " + name, Errno.EBADF);
                    }
                    byPath = true;
                    continue;
                }
                if (e.getErrorCode() == Errno.ENODATA || e.getErrorCode() == Errno.EOPNOTSUPP) {
                    return Optional.empty();
                }
                if (e.getErrorCode() != Errno.ERANGE || buf.length >= 1 << 20) {
                    throw new SyscallException("fgetxattr " + name, e.getErrorCode());
                }
                buf = new byte[buf.length * 4];
            }
        }
    }

    /** The extended attribute names of the file or directory {@code fd} holds (opened for reading). */
    public static List<String> listxattr(Fd fd) {
        byte[] buf = new byte[XATTR_BUFFER];
        while (true) {
            try {
                byte[] b = buf;
                int n = (int) FsNative.flistxattr(fd.get(), b, b.length);
                List<String> out = new ArrayList<>();
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == 0) {
                        if (i > start) {
                            out.add(new String(buf, start, i - start, StandardCharsets.UTF_8));
                        }
                        start = i + 1;
                    }
                }
                return out;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.EOPNOTSUPP) {
                    return List.of();
                }
                if (e.getErrorCode() != Errno.ERANGE || buf.length >= 1 << 20) {
                    throw new SyscallException("flistxattr", e.getErrorCode());
                }
                buf = new byte[buf.length * 4];
            }
        }
    }

    /**
     * A FileChannel on the inode {@code fd} holds, reopened through {@code /proc/self/fd/N} (the same inode, with
     * the page-cache fast paths of FileChannel such as transferTo). The caller must have checked that the inode
     * is a regular file: reopening a device or a fifo would act on it.
     */
    public static FileChannel channel(Fd fd, OpenOption... options) throws IOException {
        return FileChannel.open(Path.of(fd.procPath()), options);
    }
}
