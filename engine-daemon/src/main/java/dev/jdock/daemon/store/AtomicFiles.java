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
import java.util.Set;

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
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + Thread.currentThread().getId());
        try {
            boolean syncEntry = sync == Sync.FILE_AND_NEW_ENTRY && !Files.exists(target);
            try (FileChannel ch = openTemp(dir, tmp)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (sync != Sync.NONE) {
                    ch.force(true);
                }
            }
            Files.setPosixFilePermissions(tmp, mode);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (syncEntry) {
                fsyncDirectory(dir);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the temp file is garbage either way; a later write replaces it
            }
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

    /** fsync a directory so that a rename or a new entry in it survives a crash. */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
