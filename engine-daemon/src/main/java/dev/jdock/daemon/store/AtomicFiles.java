package dev.jdock.daemon.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Every state file of jdockd is written here: a temp file in the same directory, fsync, atomic rename over the
 * target. A reader sees the old content or the new, never a torn file, even after kill -9 or a power cut. The
 * directory is fsynced only when the file is new: replacing an existing file leaves, after a power cut, either
 * version in place, both valid, so the extra directory sync (measured at ~0.4 ms each, a dozen per container start)
 * buys nothing there.
 *
 * <p>A lighter form for a container's create, which wrote a dozen new files with two fsyncs each:
 * {@link #writeDerived} syncs nothing, for files rebuilt from the records whenever they are used (a power cut may
 * leave one empty; kill -9 still never tears it, the rename being atomic).
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Root's alone: state files hold a container's environment (its secrets), as dockerd's 0600 config files. */
    public static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    /** For the few files a container reads through a bind mount as any user (hosts, hostname, resolv.conf). */
    public static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

    /** Writes {@code content} to {@code target} 0600 ({@link #PRIVATE}). */
    public static void write(Path target, byte[] content) {
        write(target, content, PRIVATE);
    }

    /** Writes {@code content} to {@code target} with exactly {@code mode} (set on the temp file, whatever the umask). */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> mode) {
        write(target, content, mode, Sync.FILE_AND_NEW_ENTRY);
    }

    /** A file rebuilt from the records wherever it is used: atomic, never synced. */
    public static void writeDerived(Path target, byte[] content, Set<PosixFilePermission> mode) {
        write(target, content, mode, Sync.NONE);
    }

    private enum Sync { FILE_AND_NEW_ENTRY, NONE }

    private static void write(Path target, byte[] content, Set<PosixFilePermission> mode, Sync sync) {
        boolean syncEntry = sync == Sync.FILE_AND_NEW_ENTRY && !Files.exists(target);
        Path tmp = writeTemp(target, content, mode, sync != Sync.NONE);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (syncEntry) {
                fsyncDirectory(tmp.getParent());
            }
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("writing " + target + ": " + DiskErrors.describe(e), e);
        }
    }

    /**
     * Writes {@code content} to a temp file beside {@code target} (this process's and thread's: no two writers share
     * one) with exactly {@code mode}, synced when {@code force}; returns it. On failure it is deleted.
     */
    private static Path writeTemp(Path target, byte[] content, Set<PosixFilePermission> mode, boolean force) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + Thread.currentThread().getId());
        try {
            try (FileChannel ch = openTemp(dir, tmp)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (force) {
                    ch.force(true);
                }
            }
            Files.setPosixFilePermissions(tmp, mode);
            return tmp;
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("writing " + target + ": " + DiskErrors.describe(e), e);
        }
    }

    /** The temp file, its directory made first when missing (not checked before: it is there nearly always). */
    private static FileChannel openTemp(Path dir, Path tmp) throws IOException {
        try {
            return FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (NoSuchFileException e) {
            Files.createDirectories(dir);
            return FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        }
    }

    /**
     * The first half of {@link #write(Path, byte[])}: the temp file is written now and synced on another thread while
     * the caller goes on; {@link Staged#commit} waits for that sync, renames it into place and syncs the directory
     * when the file is new. The caller's own fsyncs meanwhile share the file system's journal commit with this one.
     */
    public static Staged stage(Path target, byte[] content) {
        Path tmp = writeTemp(target, content, PRIVATE, false);
        return new Staged(target, tmp, CompletableFuture.runAsync(() -> fsync(tmp), SYNCS));
    }

    /** A file {@link #stage} wrote: committed (synced, renamed into place) or discarded. */
    public static final class Staged {
        private final Path target;
        private final Path tmp;
        private final CompletableFuture<Void> synced;

        private Staged(Path target, Path tmp, CompletableFuture<Void> synced) {
            this.target = target;
            this.tmp = tmp;
            this.synced = synced;
        }

        /** Waits for the temp file's sync, renames it over the target, syncs the directory when the file is new. */
        public void commit() {
            try {
                join(synced);
                boolean syncEntry = !Files.exists(target);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                if (syncEntry) {
                    fsyncDirectory(target.toAbsolutePath().getParent());
                }
            } catch (IOException | UncheckedIOException e) {
                deleteQuietly(tmp);
                IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
                throw new UncheckedIOException("writing " + target + ": " + DiskErrors.describe(io), io);
            }
        }

        /** Drops the temp file (after its sync ended, so that nothing writes it after this). */
        public void discard() {
            try {
                join(synced);
            } catch (UncheckedIOException e) {
                // dropped anyway
            }
            deleteQuietly(tmp);
        }
    }

    /**
     * fsyncs several files and directories at once (the caller's thread takes the last one): on a journaling file
     * system one commit covers them all, where one after the other each waits for its own.
     */
    public static void fsyncTogether(List<Path> paths) throws IOException {
        List<CompletableFuture<Void>> others = new ArrayList<>();
        for (int i = 0; i < paths.size() - 1; i++) {
            Path p = paths.get(i);
            others.add(CompletableFuture.runAsync(() -> fsync(p), SYNCS));
        }
        IOException failure = null;
        try {
            if (!paths.isEmpty()) {
                fsyncPath(paths.get(paths.size() - 1));
            }
        } catch (IOException e) {
            failure = e;
        }
        for (CompletableFuture<Void> f : others) {
            try {
                join(f);
            } catch (UncheckedIOException e) {
                if (failure == null) {
                    failure = e.getCause();
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Threads for {@link #stage} and {@link #fsyncTogether}: made when needed, gone after a minute unused. */
    private static final ExecutorService SYNCS = new ThreadPoolExecutor(0, 4, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "fsync");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.CallerRunsPolicy());

    private static void fsync(Path p) {
        try {
            fsyncPath(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** fsync of a regular file or a directory (opened for reading: a directory cannot be opened for writing). */
    private static void fsyncPath(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static void join(CompletableFuture<Void> f) {
        try {
            f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u;
            }
            throw e;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // garbage either way; a later write replaces it
        }
    }

    /** fsync a directory so that a rename or a new entry in it survives a crash. */
    public static void fsyncDirectory(Path dir) throws IOException {
        fsyncPath(dir);
    }
}
