package dev.jdock.daemon.build;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.fs.TreeRemover;
import dev.jdock.runtime.syscall.MountFlags;
import dev.jdock.runtime.syscall.Syscalls;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where build contexts are unpacked. Creating files is most of what receiving a context costs (on this project's
 * ext4 data disk 0.15–0.3 ms a file, on tmpfs about 0.01 ms: docs/performance.md), so a context goes to a private
 * tmpfs of at most {@code limit} bytes while a daemon-wide {@code budget} of such memory allows, and to the data
 * disk otherwise. A context that turns out larger than the tmpfs starts again on the disk: the bytes read so far
 * were kept in a spool file beside it, and the extraction goes on from the spool and then the rest of the stream.
 * The tmpfs is unmounted when the build ends; a daemon killed mid-build leaves mounts that {@link #sweep} detaches.
 */
final class ContextSpace {
    private static final Logger LOG = LoggerFactory.getLogger(ContextSpace.class);
    /** Files (inodes) a context on tmpfs may hold: bounds the kernel memory that {@code size=} does not count. */
    static final int TMPFS_INODES = 131_072;
    private static final String ROOT = "c";
    private static final String SPOOL = "spool";

    private final Path dir;
    private final Syscalls sys;
    private final long limit;
    private final long budget;
    private final AtomicLong reserved = new AtomicLong();

    /**
     * @param sys null: contexts always go to the disk
     * @param limit the size of one context's tmpfs
     * @param budget the tmpfs bytes all builds together may reserve
     */
    ContextSpace(Path dir, Syscalls sys, long limit, long budget) {
        this.dir = dir;
        this.sys = sys;
        this.limit = limit;
        this.budget = budget;
    }

    /** Contexts on the data disk only. */
    static ContextSpace onDisk(Path dir) {
        return new ContextSpace(dir, null, 0, 0);
    }

    /** Contexts of up to 256 MiB on tmpfs, within 512 MiB and an eighth of the host's memory for all builds. */
    static ContextSpace withTmpfs(Path dir, Syscalls sys) {
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        long budget = Math.min(512L << 20, memory / 8);
        return new ContextSpace(dir, sys, Math.min(256L << 20, budget), budget);
    }

    /** Receives {@code tar} (null: an empty context) as a new context. */
    BuildContext receive(InputStream tar) {
        Path d = BuildContext.create(dir);
        Path c = d.resolve(ROOT);
        try {
            Files.createDirectory(c);
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
        Fd root = null;
        Tee tee = null;
        boolean extracted = false;
        try (OutputStream kept = new java.io.BufferedOutputStream(Files.newOutputStream(spool), 64 * 1024)) {
            root = Fs.open(c, Fs.O_PATH | Fs.O_DIRECTORY);
            tee = new Tee(tar, kept);
            BuildContext.extract(root, tee);
            extracted = true;
        } catch (IOException | RuntimeException e) {
            // Full, or bad input (which the disk then refuses the same way), or a client gone (likewise); or, once
            // extracted, the spool's last write, which is no longer needed.
            if (!extracted) {
                LOG.debug("context does not fit its tmpfs ({}): unpacking it on disk", e.getMessage());
            }
        }
        if (extracted) {
            deleteQuietly(spool);
            return new BuildContext(d, root, () -> unmount(c));
        }
        if (root != null) {
            root.close();
        }
        unmount(c);
        if (tee == null) { // nothing was read yet
            deleteQuietly(spool);
            return onDisk(d, c, tar);
        }
        try {
            if (Files.size(spool) != tee.count) { // bytes read but not kept: there is no second try
                throw new IOException("the spool holds " + Files.size(spool) + " of " + tee.count + " bytes read");
            }
        } catch (IOException e) {
            TreeRemover.remove(d);
            throw EngineException.system("receiving the build context: " + e.getMessage(), e);
        }
        try (InputStream again = new SequenceInputStream(Files.newInputStream(spool), tar)) {
            return onDisk(d, c, again);
        } catch (IOException e) {
            TreeRemover.remove(d);
            throw EngineException.system("receiving the build context: " + e.getMessage(), e);
        } finally {
            deleteQuietly(spool);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("removing {}: {}", p, e.getMessage());
        }
    }

    private static BuildContext onDisk(Path d, Path c, InputStream tar) {
        Fd root = null;
        try {
            root = Fs.open(c, Fs.O_PATH | Fs.O_DIRECTORY);
            BuildContext.extract(root, tar);
            return new BuildContext(d, root, () -> { });
        } catch (RuntimeException e) {
            if (root != null) {
                root.close();
            }
            TreeRemover.remove(d);
            if (e instanceof EngineException ee) {
                throw ee;
            }
            throw EngineException.system("receiving the build context: " + e.getMessage(), e);
        }
    }

    /** Mounts a tmpfs of {@code limit} bytes on {@code c} when the budget has room and mounting works. */
    private boolean mountTmpfs(Path c) {
        if (sys == null || !reserve()) {
            return false;
        }
        try {
            sys.mount("tmpfs", c, "tmpfs", MountFlags.MS_NODEV,
                    "size=" + limit + ",nr_inodes=" + TMPFS_INODES + ",mode=755");
            return true;
        } catch (RuntimeException e) {
            reserved.addAndGet(-limit);
            LOG.debug("no tmpfs for build contexts ({}): they go to the disk", e.getMessage());
            return false;
        }
    }

    private boolean reserve() {
        while (true) {
            long now = reserved.get();
            if (now + limit > budget || limit <= 0) {
                return false;
            }
            if (reserved.compareAndSet(now, now + limit)) {
                return true;
            }
        }
    }

    private void unmount(Path c) {
        try {
            sys.umount(c, MountFlags.MNT_DETACH);
        } catch (RuntimeException e) {
            LOG.warn("unmounting the build context at {}: {}", c, e.getMessage());
        } finally {
            reserved.addAndGet(-limit);
        }
    }

    /** Bytes of tmpfs the builds in progress have reserved. */
    long reserved() {
        return reserved.get();
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

    /** The stream as read, every byte also written to {@code copy}; {@code count} bytes were read. */
    private static final class Tee extends FilterInputStream {
        private final OutputStream copy;
        long count;

        Tee(InputStream in, OutputStream copy) {
            super(in);
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
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
            // the request's stream is the router's to close
        }
    }
}
