package dev.jdock.runtime.syscall;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link Syscalls} through JNA on glibc (x86_64). Constructing it is free; libc is loaded on the first call. */
public final class LinuxSyscalls implements Syscalls {
    static final long SYS_PIDFD_OPEN = 434;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int XATTR_BUFFER = 4096;

    private static LibC libc() {
        return LibC.Holder.INSTANCE;
    }

    @FunctionalInterface
    private interface Call<T> {
        T run();
    }

    private static <T> T call(String operation, Call<T> call) {
        try {
            return call.run();
        } catch (LastErrorException e) {
            throw new SyscallException(operation, e.getErrorCode());
        }
    }

    @Override
    public void mount(String source, Path target, String fsType, long flags, String data) {
        call("mount " + source + " on " + target + (fsType == null ? "" : " (" + fsType + ")"),
                () -> libc().mount(source, target.toString(), fsType, new NativeLong(flags), data));
    }

    @Override
    public void umount(Path target, int flags) {
        call("umount " + target, () -> libc().umount2(target.toString(), flags));
    }

    @Override
    public void mknod(Path path, int mode, long dev) {
        call("mknod " + path, () -> libc().mknod(path.toString(), mode, dev));
    }

    @Override
    public void lchown(Path path, int uid, int gid) {
        call("lchown " + path, () -> libc().lchown(path.toString(), uid, gid));
    }

    @Override
    public void lsetxattr(Path path, String name, byte[] value) {
        call("lsetxattr " + path + " " + name, () -> libc().lsetxattr(path.toString(), name, value, value.length, 0));
    }

    @Override
    public Optional<byte[]> lgetxattr(Path path, String name) {
        byte[] buf = new byte[XATTR_BUFFER];
        while (true) {
            try {
                long n = libc().lgetxattr(path.toString(), name, buf, buf.length);
                return Optional.of(java.util.Arrays.copyOf(buf, (int) n));
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.ENODATA) {
                    return Optional.empty();
                }
                if (e.getErrorCode() != Errno.ERANGE || buf.length >= 1 << 20) {
                    throw new SyscallException("lgetxattr " + path + " " + name, e.getErrorCode());
                }
                buf = new byte[buf.length * 4];
            }
        }
    }

    @Override
    public List<String> llistxattr(Path path) {
        byte[] buf = new byte[XATTR_BUFFER];
        while (true) {
            try {
                long n = libc().llistxattr(path.toString(), buf, buf.length);
                return splitNames(buf, (int) n);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.ERANGE || buf.length >= 1 << 20) {
                    throw new SyscallException("llistxattr " + path, e.getErrorCode());
                }
                buf = new byte[buf.length * 4];
            }
        }
    }

    static List<String> splitNames(byte[] buf, int length) {
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (buf[i] == 0) {
                if (i > start) {
                    names.add(new String(buf, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return names;
    }

    @Override
    public void kill(int pid, int signal) {
        call("kill " + pid + " " + signal, () -> libc().kill(pid, signal));
    }

    @Override
    public long statfsType(Path path) {
        try (Memory buf = new Memory(256)) {
            call("statfs " + path, () -> libc().statfs(path.toString(), buf));
            return buf.getLong(0);
        }
    }

    @Override
    public boolean processExists(int pid) {
        try {
            libc().kill(pid, 0);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.EPERM) {
                return true;
            }
            if (e.getErrorCode() == Errno.ESRCH) {
                return false;
            }
            throw new SyscallException("kill " + pid + " 0", e.getErrorCode());
        }
    }

    @Override
    public void lutimes(Path path, long atimeNanos, long mtimeNanos) {
        long[] times = {
            Math.floorDiv(atimeNanos, 1_000_000_000L), Math.floorMod(atimeNanos, 1_000_000_000L),
            Math.floorDiv(mtimeNanos, 1_000_000_000L), Math.floorMod(mtimeNanos, 1_000_000_000L)
        };
        call("utimensat " + path, () -> libc().utimensat(AT_FDCWD, path.toString(), times, AT_SYMLINK_NOFOLLOW));
    }

    @Override
    public void chmod(Path path, int mode) {
        call("chmod " + path, () -> libc().chmod(path.toString(), mode));
    }

    @Override
    public int pidfdOpen(int pid, int flags) {
        return call("pidfd_open " + pid, () -> (int) libc().syscall(SYS_PIDFD_OPEN, pid, flags));
    }

    @Override
    public void close(int fd) {
        call("close " + fd, () -> libc().close(fd));
    }

    @Override
    public int getuid() {
        return libc().getuid();
    }

    @Override
    public int getpid() {
        return libc().getpid();
    }
}
