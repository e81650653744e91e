package dev.jdock.runtime.syscall;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The seam between jdock's Java code and the Linux kernel. {@code LinuxSyscalls} calls the kernel through JNA;
 * tests use a recording fake. Every method throws {@link SyscallException} (carrying errno) on failure.
 * Only host-side operations live here: what must run inside the container's namespaces is done by the C helper.
 */
public interface Syscalls {
    /** mount(2). {@code data} may be null. */
    void mount(String source, Path target, String fsType, long flags, String data);

    /** umount2(2), e.g. with {@link MountFlags#MNT_DETACH}. */
    void umount(Path target, int flags);

    /**
     * mount_setattr(2) with {@code AT_RECURSIVE} and {@code MOUNT_ATTR_RDONLY} (Linux 5.12+): the mount at
     * {@code target} and every mount below it made read-only. {@code target} is followed: a {@code /proc/self/fd/N}
     * of an {@code O_PATH} descriptor names that descriptor's mount. ENOSYS on an older kernel.
     */
    void mountTreeReadOnly(Path target);

    /** mknod(2); {@code mode} includes the file type bits (S_IFCHR...). */
    void mknod(Path path, int mode, long dev);

    /** lchown(2): never follows a symlink. */
    void lchown(Path path, int uid, int gid);

    /** lsetxattr(2): never follows a symlink; reaches trusted.* and security.* (Java's views only reach user.*). */
    void lsetxattr(Path path, String name, byte[] value);

    /** lgetxattr(2); empty when the attribute is absent (ENODATA). */
    Optional<byte[]> lgetxattr(Path path, String name);

    /** llistxattr(2). */
    java.util.List<String> llistxattr(Path path);

    /** kill(2). */
    void kill(int pid, int signal);

    /** statfs(2).f_type. */
    long statfsType(Path path);

    /** statfs(2)'s sizes of the file system holding {@code path}. */
    FsSize statfs(Path path);

    /**
     * A file system's sizes, as statfs(2) gives them.
     *
     * @param blockSize the fragment size ({@code f_frsize}; {@code f_bsize} where that is 0), the unit of the blocks
     * @param blocks    {@code f_blocks}
     * @param files     {@code f_files}: inodes
     * @param filesFree {@code f_ffree}
     */
    record FsSize(long blockSize, long blocks, long blocksFree, long blocksAvailable, long files, long filesFree) {
    }

    /** Whether the process exists (kill(pid, 0) succeeds or fails with EPERM). */
    boolean processExists(int pid);

    /** utimensat(2) with AT_SYMLINK_NOFOLLOW, times in nanoseconds since the epoch. */
    void lutimes(Path path, long atimeNanos, long mtimeNanos);

    /**
     * chmod(2) by path, keeping setuid/setgid/sticky bits. It follows symlinks: only for daemon-owned paths, never in
     * a container's or a layer's tree (there use {@code dev.jdock.runtime.fs.Fs.chmod} on a descriptor).
     */
    void chmod(Path path, int mode);

    /** pidfd_open(2) (syscall 434 on x86_64); {@code flags} 0 or PIDFD_NONBLOCK (O_NONBLOCK). Returns a new fd. */
    int pidfdOpen(int pid, int flags);

    /**
     * pidfd_send_signal(2) (syscall 424): the signal goes to the process {@code pidfd} was opened on, never to a
     * process that reused its pid since (ESRCH once it has exited).
     */
    void pidfdSendSignal(int pidfd, int signal);

    /** open(2) with O_RDONLY|O_CLOEXEC (e.g. a namespace file for {@link #setns}). Returns a new fd. */
    int openReadOnly(Path path);

    /**
     * setns(2): moves the calling thread into the namespace {@code fd} refers to ({@code nstype} e.g.
     * CLONE_NEWNET 0x40000000). For a network namespace it moves only that thread of the JVM.
     */
    void setns(int fd, int nstype);

    /** close(2) of a descriptor obtained from this seam (e.g. {@link #pidfdOpen}). */
    void close(int fd);

    /** getuid(2). */
    int getuid();

    /** getpid(2) of this JVM. */
    int getpid();

    /**
     * signal(2) with SIG_DFL: undoes a SIG_IGN inherited at exec (nohup ignores SIGHUP), which HotSpot takes as a
     * refusal to handle SIGHUP, SIGINT or SIGTERM itself.
     */
    void defaultSignal(int signal);

    /**
     * ioctl(SIOCOUTQ) on a socket: of the bytes written to it, how many its peer has not consumed yet (on a UNIX
     * socket the kernel frees a message once the peer has read it whole).
     */
    int socketUnreadBytes(int fd);

    /**
     * bpf(2): loads {@code program} (eBPF instructions, see {@code DeviceFilter}) as a
     * {@code BPF_PROG_TYPE_CGROUP_DEVICE} program and attaches it to the cgroup v2 directory {@code cgroupDir}
     * ({@code BPF_PROG_ATTACH}, no flags: it replaces a program attached there before). The attachment lives as long
     * as the cgroup; the real implementation keeps a few loaded programs for the next cgroups with the same rules. A
     * verifier refusal carries the kernel's log in the exception text.
     */
    void attachDeviceFilter(Path cgroupDir, byte[] program);
}
