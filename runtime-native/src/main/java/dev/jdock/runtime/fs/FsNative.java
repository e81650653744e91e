package dev.jdock.runtime.fs;

import com.sun.jna.FunctionMapper;
import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.util.Map;

/**
 * The libc calls of the fd layer, JNA direct-mapped (a plain JNI call each: extraction makes several per tar entry).
 * Paths are NUL-terminated UTF-8 byte arrays ({@link Fs#cstr}); x86_64 syscall numbers for the calls glibc lacks.
 * Loaded on first use.
 */
final class FsNative {
    static final long SYS_OPENAT2 = 437;
    static final long SYS_FCHMODAT2 = 452;

    static {
        FunctionMapper syscalls = (library, method) -> method.getName().startsWith("sys_") ? "syscall"
                : method.getName().endsWith("_noexc") ? method.getName().substring(0, method.getName().length() - 6)
                : method.getName();
        Native.register(FsNative.class, NativeLibrary.getInstance("c",
                Map.of(Library.OPTION_FUNCTION_MAPPER, syscalls)));
    }

    private FsNative() {
    }

    static native int openat(int dirfd, byte[] path, int flags, int mode) throws LastErrorException;

    /** openat2(2): {@code how} is struct open_how (flags, mode, resolve: three u64, little endian). */
    static native long sys_openat2(long number, int dirfd, byte[] path, byte[] how, long size)
            throws LastErrorException;

    /** fchmodat2(2) (Linux 6.6+): the only chmod that takes AT_EMPTY_PATH and AT_SYMLINK_NOFOLLOW. */
    static native long sys_fchmodat2(long number, int dirfd, byte[] path, int mode, int flags)
            throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    /** write(2) from a direct buffer. */
    static native long write(int fd, java.nio.ByteBuffer buf, long count) throws LastErrorException;

    static native int mkdirat(int dirfd, byte[] path, int mode) throws LastErrorException;

    static native int symlinkat(byte[] target, int dirfd, byte[] path) throws LastErrorException;

    static native int linkat(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags)
            throws LastErrorException;

    static native int mknodat(int dirfd, byte[] path, int mode, long dev) throws LastErrorException;

    static native int fchownat(int dirfd, byte[] path, int uid, int gid, int flags) throws LastErrorException;

    static native int fchmod(int fd, int mode) throws LastErrorException;

    static native int chmod(byte[] path, int mode) throws LastErrorException;

    /** {@code times}: atime sec, nsec, mtime sec, nsec (two struct timespec); {@code path} null for the fd itself. */
    static native int utimensat(int dirfd, byte[] path, long[] times, int flags) throws LastErrorException;

    static native int statx(int dirfd, byte[] path, int flags, int mask, byte[] buf) throws LastErrorException;

    /**
     * statx(2) answering -1 with errno in {@link com.sun.jna.Native#getLastError} instead of throwing: a name that
     * does not exist is the common answer of an existence check, and an exception's stack trace costs more than
     * the call.
     */
    static native int statx_noexc(int dirfd, byte[] path, int flags, int mask, byte[] buf);

    /** fstatfs(2): {@code buf} receives struct statfs (120 bytes on x86_64; f_type is the first long). */
    static native int fstatfs(int fd, byte[] buf) throws LastErrorException;

    static native long readlinkat(int dirfd, byte[] path, byte[] buf, long size) throws LastErrorException;

    static native long getdents64(int fd, byte[] buf, long size) throws LastErrorException;

    static native long lseek(int fd, long offset, int whence) throws LastErrorException;

    static native int unlinkat(int dirfd, byte[] path, int flags) throws LastErrorException;

    static native int renameat(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath)
            throws LastErrorException;

    static native int fsetxattr(int fd, byte[] name, byte[] value, long size, int flags) throws LastErrorException;

    static native long fgetxattr(int fd, byte[] name, byte[] value, long size) throws LastErrorException;

    static native long flistxattr(int fd, byte[] list, long size) throws LastErrorException;

    static native int setxattr(byte[] path, byte[] name, byte[] value, long size, int flags)
            throws LastErrorException;

    static native long getxattr(byte[] path, byte[] name, byte[] value, long size) throws LastErrorException;
}
