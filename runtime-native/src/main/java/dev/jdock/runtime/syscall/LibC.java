package dev.jdock.runtime.syscall;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/** The libc functions {@link LinuxSyscalls} needs; loaded lazily on first use through {@link Holder}. */
interface LibC extends Library {
    int mount(String source, String target, String fsType, NativeLong flags, String data) throws LastErrorException;

    int umount2(String target, int flags) throws LastErrorException;

    int mknod(String path, int mode, long dev) throws LastErrorException;

    int lchown(String path, int uid, int gid) throws LastErrorException;

    int lsetxattr(String path, String name, byte[] value, long size, int flags) throws LastErrorException;

    long lgetxattr(String path, String name, byte[] value, long size) throws LastErrorException;

    long llistxattr(String path, byte[] list, long size) throws LastErrorException;

    int kill(int pid, int signal) throws LastErrorException;

    int statfs(String path, Pointer buf) throws LastErrorException;

    int utimensat(int dirfd, String path, long[] times, int flags) throws LastErrorException;

    int chmod(String path, int mode) throws LastErrorException;

    long syscall(long number, int arg0, int arg1) throws LastErrorException;

    /** syscall(2) for calls taking (int, pointer, size): bpf(2). */
    long syscall(long number, int arg0, Pointer arg1, long arg2) throws LastErrorException;

    /** syscall(2) for calls taking (fd, int, pointer, flags): pidfd_send_signal(2). */
    long syscall(long number, int arg0, int arg1, Pointer arg2, int arg3) throws LastErrorException;

    /** syscall(2) for calls taking (dirfd, path, flags, pointer, size): mount_setattr(2). */
    long syscall(long number, int arg0, String arg1, int arg2, Pointer arg3, long arg4) throws LastErrorException;

    int open(String path, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int setns(int fd, int nstype) throws LastErrorException;

    int ioctl(int fd, NativeLong request, IntByReference arg) throws LastErrorException;

    int getuid();

    int getpid();

    /** signal(2); a null handler is SIG_DFL. */
    Pointer signal(int signum, Pointer handler) throws LastErrorException;

    /** Initialization-on-demand: JNA is only loaded when a real syscall is made. */
    final class Holder {
        static final LibC INSTANCE = Native.load("c", LibC.class);

        private Holder() {}
    }
}
