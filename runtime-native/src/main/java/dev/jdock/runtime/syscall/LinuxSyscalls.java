package dev.jdock.runtime.syscall;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link Syscalls} through JNA on glibc (x86_64). Constructing it is free; libc is loaded on the first call. */
public final class LinuxSyscalls implements Syscalls {
    static final long SYS_PIDFD_OPEN = 434;
    static final long SYS_PIDFD_SEND_SIGNAL = 424;
    static final long SYS_BPF = 321;
    static final long SYS_MOUNT_SETATTR = 442;
    private static final int AT_RECURSIVE = 0x8000;
    private static final long MOUNT_ATTR_RDONLY = 0x1;
    /** sizeof(struct mount_attr): attr_set, attr_clr, propagation, userns_fd (four u64). */
    private static final int MOUNT_ATTR_SIZE = 32;
    private static final int BPF_PROG_LOAD = 5;
    private static final int BPF_PROG_ATTACH = 8;
    private static final int BPF_PROG_TYPE_CGROUP_DEVICE = 15;
    private static final int BPF_CGROUP_DEVICE = 6;
    /** sizeof(union bpf_attr) of the kernels we meet is below this; the tail stays zero, as the kernel requires. */
    private static final int BPF_ATTR_SIZE = 128;
    private static final int BPF_LOG_SIZE = 1 << 16;
    private static final int O_RDONLY_DIRECTORY_CLOEXEC = 0x10000 | 0x80000;
    private static final int O_RDONLY_CLOEXEC = 0x80000;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int XATTR_BUFFER = 4096;
    private static final long SIOCOUTQ = 0x5411;

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
    public void mountTreeReadOnly(Path target) {
        Memory attr = new Memory(MOUNT_ATTR_SIZE);
        attr.clear();
        attr.setLong(0, MOUNT_ATTR_RDONLY);
        call("mount_setattr " + target, () -> libc().syscall(SYS_MOUNT_SETATTR, AT_FDCWD, target.toString(),
                AT_RECURSIVE, attr, MOUNT_ATTR_SIZE));
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
    public FsSize statfs(Path path) {
        // struct statfs on the 64-bit ABIs: f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree (8 bytes
        // each), f_fsid (8), f_namelen, f_frsize
        try (Memory buf = new Memory(256)) {
            call("statfs " + path, () -> libc().statfs(path.toString(), buf));
            long frsize = buf.getLong(72);
            return new FsSize(frsize > 0 ? frsize : buf.getLong(8), buf.getLong(16), buf.getLong(24), buf.getLong(32),
                    buf.getLong(40), buf.getLong(48));
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
    public void pidfdSendSignal(int pidfd, int signal) {
        call("pidfd_send_signal " + signal, () -> (int) libc().syscall(SYS_PIDFD_SEND_SIGNAL, pidfd, signal,
                (Pointer) null, 0));
    }

    @Override
    public int openReadOnly(Path path) {
        return call("open " + path, () -> libc().open(path.toString(), O_RDONLY_CLOEXEC));
    }

    @Override
    public void setns(int fd, int nstype) {
        call("setns", () -> libc().setns(fd, nstype));
    }

    @Override
    public void close(int fd) {
        call("close " + fd, () -> libc().close(fd));
    }

    /**
     * Device filters loaded so far, by program: one loaded program attaches to any number of cgroups, and loading it
     * (the verifier) cost about a millisecond of kernel time per container start. Every container without devices of
     * its own has the same program, so a handful of them stay loaded (their descriptors held for the JVM's life).
     */
    private static final Map<ByteBuffer, Integer> DEVICE_FILTERS = new ConcurrentHashMap<>();
    private static final int DEVICE_FILTERS_KEPT = 16;

    @Override
    public void attachDeviceFilter(Path cgroupDir, byte[] program) {
        ByteBuffer key = ByteBuffer.wrap(program.clone());
        Integer loaded = DEVICE_FILTERS.get(key);
        int prog = loaded != null ? loaded : loadDeviceFilter(program);
        boolean kept = loaded != null
                || DEVICE_FILTERS.size() < DEVICE_FILTERS_KEPT && DEVICE_FILTERS.putIfAbsent(key, prog) == null;
        try {
            int dir = call("open " + cgroupDir, () -> libc().open(cgroupDir.toString(), O_RDONLY_DIRECTORY_CLOEXEC));
            try {
                Memory attr = new Memory(BPF_ATTR_SIZE);
                attr.clear();
                attr.setInt(0, dir);
                attr.setInt(4, prog);
                attr.setInt(8, BPF_CGROUP_DEVICE);
                call("bpf prog attach to " + cgroupDir,
                        () -> libc().syscall(SYS_BPF, BPF_PROG_ATTACH, attr, BPF_ATTR_SIZE));
            } finally {
                close(dir);
            }
        } finally {
            if (!kept) {
                close(prog);
            }
        }
    }

    /**
     * BPF_PROG_LOAD of a cgroup device program; returns its descriptor. Loaded without the verifier's log (which
     * formats every instruction it checks); only a refused program is loaded again with it, for the reason.
     */
    private static int loadDeviceFilter(byte[] program) {
        Memory insns = new Memory(program.length);
        insns.write(0, program, 0, program.length);
        Memory license = new Memory(4);
        license.setString(0, "GPL", "US-ASCII");
        Memory attr = new Memory(BPF_ATTR_SIZE);
        attr.clear();
        attr.setInt(0, BPF_PROG_TYPE_CGROUP_DEVICE);
        attr.setInt(4, program.length / 8);
        attr.setLong(8, com.sun.jna.Pointer.nativeValue(insns));
        attr.setLong(16, com.sun.jna.Pointer.nativeValue(license));
        try {
            return (int) libc().syscall(SYS_BPF, BPF_PROG_LOAD, attr, BPF_ATTR_SIZE);
        } catch (LastErrorException first) {
            Memory log = new Memory(BPF_LOG_SIZE);
            log.setByte(0, (byte) 0);
            attr.setInt(24, 1); // log_level: the verifier explains a refusal
            attr.setInt(28, BPF_LOG_SIZE);
            attr.setLong(32, com.sun.jna.Pointer.nativeValue(log));
            try {
                return (int) libc().syscall(SYS_BPF, BPF_PROG_LOAD, attr, BPF_ATTR_SIZE);
            } catch (LastErrorException e) {
                String why = log.getString(0, "US-ASCII").strip();
                throw new SyscallException("bpf prog load (cgroup device filter)"
                        + (why.isEmpty() ? "" : " [verifier: " + why.replace('\n', ' ') + "]"), e.getErrorCode());
            }
        }
    }

    @Override
    public int getuid() {
        return libc().getuid();
    }

    @Override
    public int getpid() {
        return libc().getpid();
    }

    @Override
    public void defaultSignal(int signal) {
        call("signal " + signal + " SIG_DFL", () -> libc().signal(signal, null));
    }

    @Override
    public int socketUnreadBytes(int fd) {
        IntByReference n = new IntByReference();
        call("ioctl SIOCOUTQ", () -> libc().ioctl(fd, new NativeLong(SIOCOUTQ), n));
        return n.getValue();
    }
}
