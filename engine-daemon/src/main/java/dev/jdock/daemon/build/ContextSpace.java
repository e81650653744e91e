package dev.jdock.daemon.build;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.stats.HostInfo;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.fs.TreeRemover;
import dev.jdock.runtime.syscall.Errno;
import dev.jdock.runtime.syscall.MountFlags;
import dev.jdock.runtime.syscall.SyscallException;
import dev.jdock.runtime.syscall.Syscalls;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where build contexts are unpacked. Creating files is most of what receiving a context costs (on this project's
 * ext4 data disk 0.15–0.3 ms a file, on tmpfs about 0.01 ms: docs/performance.md), so a context goes to a private
 * tmpfs of at most {@code limit} bytes and {@code inodes} files while a daemon-wide {@code budget} allows (each
 * tmpfs reserves its size plus 1 KiB of kernel memory per inode), and to the data disk otherwise. A context that
 * turns out larger than its tmpfs starts again on the disk: the raw bytes read so far (at most twice the limit)
 * were kept in a spool file beside it, and the extraction goes on from the spool and then the rest of the stream.
 * A stream that fails is not tried again. The tmpfs is private (no propagation) and unmounted when the build ends;
 * a daemon killed mid-build leaves mounts that {@link #sweep} detaches.
 */
final class ContextSpace {
    private static final Logger LOG = LoggerFactory.getLogger(ContextSpace.class);
    private static final long INODE_COST = 1024;
    private static final String ROOT = "c";
    private static final String SPOOL = "spool";

    private final Path dir;
    private final Syscalls sys;
    private final long limit;
    private final int inodes;
    private final long budget;
    private final AtomicLong reserved = new AtomicLong();

    /**
     * @param sys null: contexts always go to the disk
     * @param limit the size of one context's tmpfs
     * @param inodes the files one context's tmpfs may hold
     * @param budget what all builds' tmpfs together may reserve ({@link #cost} each)
     */
    ContextSpace(Path dir, Syscalls sys, long limit, int inodes, long budget) {
        this.dir = dir;
        this.sys = sys;
        this.limit = limit;
        this.inodes = inodes;
        this.budget = budget;
    }

    /** Contexts on the data disk only. */
    static ContextSpace onDisk(Path dir) {
        return new ContextSpace(dir, null, 0, 0, 0);
    }

    /**
     * Contexts of up to 192 MiB and 65,536 files on tmpfs, all builds within 512 MiB and an eighth of the host's
     * memory (two such contexts at once).
     */
    static ContextSpace withTmpfs(Path dir, Syscalls sys) {
        long memory = new HostInfo(Path.of("/proc")).memTotal(); // not the OS MXBean: java.lang.management at start
        return new ContextSpace(dir, sys, 192L << 20, 65_536, Math.min(512L << 20, memory / 8));
    }

    /** What one context's tmpfs reserves of the budget. */
    long cost() {
        return limit + inodes * INODE_COST;
    }

    /** Bytes of the budget the builds in progress have reserved. */
    long reserved() {
        return reserved.get();
    }

    /** Receives {@code tar} (null: an empty context) as a new context. */
    BuildContext receive(InputStream tar) {
        Path d = BuildContext.create(dir);
        Path c = d.resolve(ROOT);
        try {
            Files.createDirectory(c);
            Files.setPosixFilePermissions(c, PosixFilePermissions.fromString("rwxr-xr-x")); // whatever the umask
        } catch (IOException e) {
            TreeRemover.remove(d);
            throw EngineException.system("creating the build context directory: " + e.getMessage(), e);
        }
        if (tar != null && mountTmpfs(c)) {
            return receiveInTmpfs(d, c, tar);
        }
        return onDisk(d, c, tar);
    }

    private BuildContext receiveInTmpfs(Path d, Path c, InputStream tar) {
        Path spool = d.resolve(SPOOL);
        Tee tee = null;
        Fd root = null;
        boolean mounted = true;
        boolean done = false;
        try {
            try (OutputStream kept = new BufferedOutputStream(Files.newOutputStream(spool), 64 * 1024)) {
                root = Fs.open(c, Fs.O_PATH | Fs.O_DIRECTORY);
                tee = new Tee(tar, kept, 2 * limit);
                BuildContext.extract(root, tee);
                done = true;
            } catch (IOException | RuntimeException e) {
                if (!done) { // full, or bad input (the disk then refuses it the same way), or the stream failed
                    LOG.debug("context not received in its tmpfs ({}): trying the disk", e.getMessage());
                    if (tee != null && tee.sourceFailed != null) {
                        throw e;
                    }
                } // else only the spool's last write failed: it is not needed
            }
            if (done) {
                deleteQuietly(spool);
                AtomicBoolean released = new AtomicBoolean();
                return new BuildContext(d, root, () -> {
                    if (released.compareAndSet(false, true)) {
                        unmountQuietly(c);
                    }
                });
            }
            if (root != null) {
                root.close();
                root = null;
            }
            unmount(c); // throws if it stays mounted: nothing must land in it unaccounted
            mounted = false;
            BuildContext onDisk = retryOnDisk(d, c, spool, tee, tar);
            done = true;
            return onDisk;
        } catch (IOException e) {
            throw EngineException.system("receiving the build context: " + e.getMessage(), e);
        } finally {
            if (!done) {
                if (root != null) {
                    root.close();
                }
                if (mounted) {
                    unmountQuietly(c);
                }
                TreeRemover.remove(d);
            }
        }
    }

    /** After the tmpfs failed and was unmounted: the spool and the rest of the stream unpacked on the disk. */
    private static BuildContext retryOnDisk(Path d, Path c, Path spool, Tee tee, InputStream tar)
            throws IOException {
        if (tee == null) { // nothing was read
            deleteQuietly(spool);
            return onDisk(d, c, tar);
        }
        if (Files.size(spool) != tee.count) { // bytes read but not kept: there is no second try
            throw new IOException("the spool holds " + Files.size(spool) + " of " + tee.count + " bytes read");
        }
        InputStream rest = new FilterInputStream(tar) {
            @Override
            public void close() {
                // the request's stream is the caller's to close
            }
        };
        BuildContext ctx;
        try (InputStream again = new SequenceInputStream(Files.newInputStream(spool), rest)) {
            ctx = onDisk(d, c, again);
        }
        deleteQuietly(spool);
        return ctx;
    }

    private static BuildContext onDisk(Path d, Path c, InputStream tar) {
        Fd root = null;
        boolean done = false;
        try {
            root = Fs.open(c, Fs.O_PATH | Fs.O_DIRECTORY);
            BuildContext.extract(root, tar);
            done = true;
            return new BuildContext(d, root, () -> { });
        } catch (EngineException e) {
            throw e;
        } catch (RuntimeException e) {
            throw EngineException.system("receiving the build context: " + e.getMessage(), e);
        } finally {
            if (!done) {
                if (root != null) {
                    root.close();
                }
                TreeRemover.remove(d);
            }
        }
    }

    /** Mounts a private tmpfs of {@code limit} bytes on {@code c} when the budget has room and mounting works. */
    private boolean mountTmpfs(Path c) {
        if (sys == null || !reserve()) {
            return false;
        }
        boolean mounted = false;
        try {
            sys.mount("tmpfs", c, "tmpfs", MountFlags.MS_NODEV,
                    "size=" + limit + ",nr_inodes=" + inodes + ",mode=755");
            mounted = true;
            sys.mount("none", c, null, MountFlags.MS_PRIVATE, null);
            return true;
        } catch (RuntimeException e) {
            LOG.debug("no tmpfs for a build context ({}): it goes to the disk", e.getMessage());
            if (mounted) {
                unmountQuietly(c);
            } else {
                reserved.addAndGet(-cost());
            }
            return false;
        }
    }

    private boolean reserve() {
        long cost = cost();
        while (true) {
            long now = reserved.get();
            if (limit <= 0 || now + cost > budget) {
                return false;
            }
            if (reserved.compareAndSet(now, now + cost)) {
                return true;
            }
        }
    }

    /** Detaches the tmpfs and gives its reservation back; throws (keeping the reservation) when it stays. */
    private void unmount(Path c) {
        sys.umount(c, MountFlags.MNT_DETACH);
        reserved.addAndGet(-cost());
    }

    /** As {@link #unmount}, logging a failure; a tmpfs already gone (not mounted there) gives its reservation back. */
    private void unmountQuietly(Path c) {
        try {
            unmount(c);
        } catch (RuntimeException e) {
            LOG.warn("unmounting the build context at {}: {}", c, e.getMessage());
            if (e instanceof SyscallException se && (se.is(Errno.EINVAL) || se.is(Errno.ENOENT))) {
                reserved.addAndGet(-cost());
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("removing {}: {}", p, e.getMessage());
        }
    }

    /** Removes what a killed daemon left of earlier builds' contexts (detaching their tmpfs mounts first). */
    void sweep() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var entries = Files.newDirectoryStream(dir, "ctx-*")) {
            for (Path p : entries) {
                if (sys != null) {
                    try {
                        sys.umount(p.resolve(ROOT), MountFlags.MNT_DETACH);
                    } catch (RuntimeException e) {
                        // not a mount point: a context on the disk
                    }
                }
                TreeRemover.remove(p);
            }
        } catch (IOException e) {
            throw EngineException.system("cleaning " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The stream as read, every byte also written to {@code copy}; {@code count} bytes were read. Past {@code cap}
     * bytes it fails (the context is too large for its tmpfs; the spool stays bounded); a failure of the stream
     * itself is kept in {@code sourceFailed}.
     */
    private static final class Tee extends FilterInputStream {
        private final OutputStream copy;
        private final long cap;
        long count;
        IOException sourceFailed;

        Tee(InputStream in, OutputStream copy, long cap) {
            super(in);
            this.copy = copy;
            this.cap = cap;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (count > cap) {
                throw new IOException("the context is larger than its tmpfs");
            }
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException e) {
                sourceFailed = e;
                throw e;
            }
            if (n > 0) {
                count += n;
                copy.write(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(n, 8192)];
            int r = read(buf, 0, buf.length);
            return Math.max(r, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public void close() {
            // the request's stream is the caller's to close
        }
    }
}
