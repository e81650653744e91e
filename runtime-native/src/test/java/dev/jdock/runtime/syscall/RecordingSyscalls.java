package dev.jdock.runtime.syscall;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A recording fake of {@link Syscalls} for unit tests (no root, no kernel features).
 * <ul>
 *   <li>Every call is recorded as a {@link Call} record, in order ({@link #calls()}, {@link #calls(Class)}).</li>
 *   <li>{@link #failNth(String, int, int)} makes the Nth call (1-based) of a method throw {@link SyscallException};
 *       {@link #failAlways(String, int)} makes every call fail.</li>
 *   <li>mknod, lchown and xattrs are kept in in-memory maps ({@link #node}, {@link #owner}, {@link #xattrs}).
 *       mknod also creates an empty placeholder file (EEXIST if the path exists), so directory walks see it.</li>
 *   <li>chmod and lutimes are recorded and applied to the real file when possible (permission bits, mtime).</li>
 *   <li>mount/umount/mountTreeReadOnly and attachDeviceFilter are only recorded. statfsType answers from
 *       {@link #setFsType}; processExists/kill use {@link #addLiveProcess}; a pidfd stands for the process its pid
 *       had when it was opened (a pid added again is another process: the pidfd's signal then fails with ESRCH), its
 *       signal recorded as a {@link KillCall}. Anything else throws {@link UnsupportedOperationException} naming the
 *       method.</li>
 * </ul>
 * Thread-safe (synchronized), so code under test may call it from executors.
 */
public class RecordingSyscalls implements Syscalls {
    /** A recorded call. */
    public sealed interface Call permits MountCall, UmountCall, MountTreeReadOnlyCall, MknodCall, ChownCall, SetXattrCall, KillCall,
            ChmodCall, UtimesCall, DeviceFilterCall {}

    public record MountCall(String source, Path target, String fsType, long flags, String data) implements Call {}

    public record UmountCall(Path target, int flags) implements Call {}

    /** mount_setattr(AT_RECURSIVE, MOUNT_ATTR_RDONLY) on {@code target}. */
    public record MountTreeReadOnlyCall(Path target) implements Call {}

    public record MknodCall(Path path, int mode, long dev) implements Call {
        public boolean isWhiteout() {
            return (mode & FileModes.S_IFMT) == FileModes.S_IFCHR && dev == 0;
        }
    }

    public record ChownCall(Path path, int uid, int gid) implements Call {}

    public record SetXattrCall(Path path, String name, byte[] value) implements Call {
        public String valueString() {
            return new String(value, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    public record KillCall(int pid, int signal) implements Call {}

    public record ChmodCall(Path path, int mode) implements Call {}

    public record UtimesCall(Path path, long atimeNanos, long mtimeNanos) implements Call {}

    /** A cgroup device program attached to {@code cgroupDir}. */
    public record DeviceFilterCall(Path cgroupDir, byte[] program) implements Call {}

    /** uid/gid pair kept by lchown. */
    public record Owner(int uid, int gid) {}

    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private final Map<String, Map<Integer, Integer>> failures = new HashMap<>();
    private final Map<String, Integer> alwaysFail = new HashMap<>();
    private final Map<Path, Map<String, byte[]>> xattrs = new HashMap<>();
    private final Map<Path, MknodCall> nodes = new HashMap<>();
    private final Map<Path, Owner> owners = new HashMap<>();
    private final Map<Path, Long> fsTypes = new HashMap<>();
    private final Set<Integer> live = new HashSet<>();
    /** Each live pid's process: a pid added again after it died is a new one. */
    private final Map<Integer, Integer> generation = new HashMap<>();
    /** Open pidfds: the pid and its process. */
    private final Map<Integer, int[]> pidfds = new HashMap<>();
    private int nextFd = 1000;
    private boolean createNodeFiles = true;
    private int uid = 0;

    // ---- configuration ----

    /** Make the {@code n}th call (1-based, counted from creation) of {@code method} fail with {@code errno}. */
    public synchronized RecordingSyscalls failNth(String method, int n, int errno) {
        failures.computeIfAbsent(method, k -> new HashMap<>()).put(n, errno);
        return this;
    }

    /** Make every call of {@code method} fail with {@code errno}. */
    public synchronized RecordingSyscalls failAlways(String method, int errno) {
        alwaysFail.put(method, errno);
        return this;
    }

    /** Whether mknod creates an empty placeholder file on disk (default true). */
    public synchronized RecordingSyscalls createNodeFiles(boolean create) {
        this.createNodeFiles = create;
        return this;
    }

    public synchronized RecordingSyscalls setFsType(Path path, long type) {
        fsTypes.put(path, type);
        return this;
    }

    /** A process runs under {@code pid} (a new one if the pid's former process died). */
    public synchronized RecordingSyscalls addLiveProcess(int pid) {
        if (live.add(pid)) {
            generation.merge(pid, 1, Integer::sum);
        }
        return this;
    }

    public synchronized RecordingSyscalls setUid(int uid) {
        this.uid = uid;
        return this;
    }

    // ---- inspection ----

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized <T extends Call> List<T> calls(Class<T> type) {
        return calls.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Number of attempted calls of {@code method} (including failed ones). */
    public synchronized int count(String method) {
        return counts.getOrDefault(method, 0);
    }

    public synchronized Map<String, byte[]> xattrs(Path path) {
        return Map.copyOf(xattrs.getOrDefault(path, Map.of()));
    }

    public synchronized Optional<String> xattr(Path path, String name) {
        byte[] v = xattrs.getOrDefault(path, Map.of()).get(name);
        return v == null ? Optional.empty() : Optional.of(new String(v, java.nio.charset.StandardCharsets.UTF_8));
    }

    public synchronized Optional<MknodCall> node(Path path) {
        return Optional.ofNullable(nodes.get(path));
    }

    public synchronized Optional<Owner> owner(Path path) {
        return Optional.ofNullable(owners.get(path));
    }

    public synchronized boolean isLive(int pid) {
        return live.contains(pid);
    }

    // ---- plumbing ----

    private void enter(String method, String operation) {
        int n = counts.merge(method, 1, Integer::sum);
        Integer errno = alwaysFail.get(method);
        if (errno == null) {
            errno = failures.getOrDefault(method, Map.of()).get(n);
        }
        if (errno != null) {
            throw new SyscallException(operation, errno);
        }
    }

    private static UnsupportedOperationException unsupported(String method) {
        return new UnsupportedOperationException(method + " not faked by RecordingSyscalls");
    }

    // ---- Syscalls ----

    @Override
    public synchronized void mount(String source, Path target, String fsType, long flags, String data) {
        enter("mount", "mount " + source + " on " + target);
        calls.add(new MountCall(source, target, fsType, flags, data));
    }

    @Override
    public synchronized void umount(Path target, int flags) {
        enter("umount", "umount " + target);
        calls.add(new UmountCall(target, flags));
    }

    @Override
    public synchronized void mountTreeReadOnly(Path target) {
        enter("mountTreeReadOnly", "mount_setattr " + target);
        calls.add(new MountTreeReadOnlyCall(target));
    }

    @Override
    public synchronized void mknod(Path path, int mode, long dev) {
        enter("mknod", "mknod " + path);
        if (nodes.containsKey(path) || Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new SyscallException("mknod " + path, Errno.EEXIST);
        }
        if (createNodeFiles && Files.isDirectory(path.getParent())) {
            try {
                Files.createFile(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        MknodCall call = new MknodCall(path, mode, dev);
        nodes.put(path, call);
        calls.add(call);
    }

    @Override
    public synchronized void lchown(Path path, int uid, int gid) {
        enter("lchown", "lchown " + path);
        owners.put(path, new Owner(uid, gid));
        calls.add(new ChownCall(path, uid, gid));
    }

    @Override
    public synchronized void lsetxattr(Path path, String name, byte[] value) {
        enter("lsetxattr", "lsetxattr " + path + " " + name);
        byte[] copy = Arrays.copyOf(value, value.length);
        xattrs.computeIfAbsent(path, k -> new LinkedHashMap<>()).put(name, copy);
        calls.add(new SetXattrCall(path, name, copy));
    }

    @Override
    public synchronized Optional<byte[]> lgetxattr(Path path, String name) {
        enter("lgetxattr", "lgetxattr " + path + " " + name);
        byte[] v = xattrs.getOrDefault(path, Map.of()).get(name);
        return v == null ? Optional.empty() : Optional.of(Arrays.copyOf(v, v.length));
    }

    @Override
    public synchronized List<String> llistxattr(Path path) {
        enter("llistxattr", "llistxattr " + path);
        return List.copyOf(xattrs.getOrDefault(path, Map.of()).keySet());
    }

    @Override
    public synchronized void kill(int pid, int signal) {
        enter("kill", "kill " + pid + " " + signal);
        calls.add(new KillCall(pid, signal));
        if (signal != 0 && !live.contains(pid)) {
            throw new SyscallException("kill " + pid + " " + signal, Errno.ESRCH);
        }
        if (signal == 9) {
            live.remove(pid);
        }
    }

    @Override
    public synchronized long statfsType(Path path) {
        enter("statfsType", "statfs " + path);
        Long type = fsTypes.get(path);
        if (type == null) {
            throw unsupported("statfsType(" + path + ")");
        }
        return type;
    }

    @Override
    public synchronized FsSize statfs(Path path) {
        enter("statfs", "statfs " + path);
        throw unsupported("statfs(" + path + ")");
    }

    @Override
    public synchronized boolean processExists(int pid) {
        enter("processExists", "kill " + pid + " 0");
        return live.contains(pid);
    }

    @Override
    public synchronized void lutimes(Path path, long atimeNanos, long mtimeNanos) {
        enter("lutimes", "utimensat " + path);
        calls.add(new UtimesCall(path, atimeNanos, mtimeNanos));
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setTimes(FileTime.from(mtimeNanos, TimeUnit.NANOSECONDS),
                                FileTime.from(atimeNanos, TimeUnit.NANOSECONDS), null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public synchronized void chmod(Path path, int mode) {
        enter("chmod", "chmod " + path);
        calls.add(new ChmodCall(path, mode));
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(path)) {
            try {
                Files.setPosixFilePermissions(path, permissions(mode));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int bit = 0; bit < 9; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }

    @Override
    public synchronized void attachDeviceFilter(Path cgroupDir, byte[] program) {
        enter("attachDeviceFilter", "bpf prog attach to " + cgroupDir);
        calls.add(new DeviceFilterCall(cgroupDir, program.clone()));
    }

    @Override
    public synchronized int pidfdOpen(int pid, int flags) {
        enter("pidfdOpen", "pidfd_open " + pid);
        if (!live.contains(pid)) {
            throw new SyscallException("pidfd_open " + pid, Errno.ESRCH);
        }
        pidfds.put(nextFd, new int[] {pid, generation.getOrDefault(pid, 0)});
        return nextFd++;
    }

    @Override
    public synchronized void pidfdSendSignal(int pidfd, int signal) {
        enter("pidfdSendSignal", "pidfd_send_signal " + signal);
        int[] p = pidfds.get(pidfd);
        if (p == null) {
            throw new SyscallException("pidfd_send_signal " + signal, Errno.EBADF);
        }
        if (!live.contains(p[0]) || generation.getOrDefault(p[0], 0) != p[1]) {
            throw new SyscallException("pidfd_send_signal " + signal, Errno.ESRCH);
        }
        calls.add(new KillCall(p[0], signal));
        if (signal == 9) {
            live.remove(p[0]);
        }
    }

    /** Open pidfds, for tests that check none is leaked. */
    public synchronized int openPidfds() {
        return pidfds.size();
    }

    @Override
    public synchronized void close(int fd) {
        if (pidfds.remove(fd) == null) {
            throw unsupported("close");
        }
    }

    @Override
    public int openReadOnly(Path path) {
        throw unsupported("openReadOnly");
    }

    @Override
    public void setns(int fd, int nstype) {
        throw unsupported("setns");
    }

    @Override
    public synchronized int getuid() {
        return uid;
    }

    @Override
    public int getpid() {
        return (int) ProcessHandle.current().pid();
    }

    @Override
    public int socketUnreadBytes(int fd) {
        throw unsupported("socketUnreadBytes");
    }

    @Override
    public void defaultSignal(int signal) {
        throw unsupported("defaultSignal");
    }
}
